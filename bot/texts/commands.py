"""Texts of the commands every feature shares: ending a guided chat, choosing an export."""

TEXTS: dict[str, dict[str, str]] = {
    "dialog.cancelled": {
        "id": "Dibatalkan. Tidak ada yang disimpan.",
        "en": "Cancelled. Nothing was saved.",
    },
    "dialog.nothing_to_cancel": {
        "id": "Tidak ada yang sedang berjalan untuk dibatalkan.",
        "en": "There is nothing in progress to cancel.",
    },
    "export.cmd": {"id": "Ekspor CSV atau Excel", "en": "Export as CSV or Excel"},
    "export.choose": {
        "id": "Apa yang ingin diekspor, dan dalam format apa (CSV atau Excel)?",
        "en": "What would you like to export, and as what (CSV or Excel)?",
    },
    # A button: an export and its format ("Kehadiran · Excel").
    "export.as": {"id": "{export} · {format}", "en": "{export} · {format}"},
    "export.unknown": {
        "id": "Tidak ada ekspor bernama <b>{words}</b>. Pilih salah satu:",
        "en": "There is no export called <b>{words}</b>. Choose one:",
    },
    "export.attendance": {"id": "Kehadiran", "en": "Attendance"},
    "export.questions": {"id": "Pertanyaan", "en": "Questions"},
    "export.creators": {"id": "Profil kreator", "en": "Creator profiles"},
}
