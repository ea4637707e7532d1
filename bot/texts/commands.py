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
}
