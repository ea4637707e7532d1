"""Texts of roll calls: the question, the answers, the organiser's live message and history."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.rollcall": {
        "id": "Absen cepat (mis. naik bus)",
        "en": "Roll call (e.g. boarding the bus)",
    },
    "rc.usage": {
        "id": "Cara pakai: <code>/rollcall LABEL [MENIT]</code>, mis. "
        "<code>/rollcall Bus ke Kemiren 10</code>. Hanya satu kelompok: "
        "<code>/rollcall Bus 2 | Kembali ke bus 10</code>. Riwayat: <code>/rollcall history</code>.",
        "en": "Usage: <code>/rollcall LABEL [MINUTES]</code>, e.g. "
        "<code>/rollcall Bus to Kemiren 10</code>. One group only: "
        "<code>/rollcall Bus 2 | Back to the bus 10</code>. "
        "History: <code>/rollcall history</code>.",
    },
    "rc.question": {
        "id": "📣 <b>{label}</b>: apakah Anda sudah di sini? Jawab sebelum {until}.",
        "en": "📣 <b>{label}</b>: are you here? Please answer before {until}.",
    },
    "rc.your_answer": {"id": "Jawaban Anda: <b>{answer}</b>", "en": "Your answer: <b>{answer}</b>"},
    "rc.answer.here": {"id": "✅ Hadir", "en": "✅ Here"},
    "rc.answer.late": {"id": "🕒 Terlambat", "en": "🕒 Running late"},
    "rc.answer.not_coming": {"id": "❌ Tidak ikut", "en": "❌ Not coming"},
    "rc.recorded": {
        "id": "Tercatat: {answer}. Bisa diubah sampai absen ditutup.",
        "en": "Noted: {answer}. You can change it until the roll call closes.",
    },
    "rc.closed": {"id": "Absen ini sudah ditutup.", "en": "This roll call has closed."},
    "rc.not_asked": {
        "id": "Absen ini bukan untuk Anda.",
        "en": "This roll call is not for you.",
    },
    "rc.board.open": {
        "id": "📣 <b>Absen: {label}</b> (ditutup {until})",
        "en": "📣 <b>Roll call: {label}</b> (closes {until})",
    },
    "rc.board.closed": {
        "id": "🔒 <b>Absen: {label}</b> (ditutup)",
        "en": "🔒 <b>Roll call: {label}</b> (closed)",
    },
    "rc.board.counts": {
        "id": "Hadir: {here} · Terlambat: {late} · Tidak ikut: {not_coming} · "
        "Belum menjawab: {missing} (dari {total})",
        "en": "Here: {here} · Running late: {late} · Not coming: {not_coming} · "
        "No answer: {missing} (of {total})",
    },
    "rc.board.headcount": {
        "id": "🚌 <b>{group}: {count} dari {total}</b>",
        "en": "🚌 <b>{group}: {count} of {total}</b>",
    },
    "rc.board.headcount_missing": {
        "id": "🚌 <b>{group}: {count} dari {total}</b> — belum ada: {names}",
        "en": "🚌 <b>{group}: {count} of {total}</b> — missing: {names}",
    },
    "rc.board.late": {"id": "🕒 Terlambat: {names}", "en": "🕒 Running late: {names}"},
    "rc.board.not_coming": {"id": "❌ Tidak ikut: {names}", "en": "❌ Not coming: {names}"},
    "rc.board.missing": {"id": "⏳ Belum menjawab: {names}", "en": "⏳ No answer yet: {names}"},
    "rc.button.ping": {"id": "🔔 Tanya lagi yang belum", "en": "🔔 Re-ping the missing"},
    "rc.button.close": {"id": "🔒 Tutup", "en": "🔒 Close"},
    "rc.pinged": {
        "id": "{count} orang ditanya lagi.",
        "en": {"one": "{count} person asked again.", "other": "{count} people asked again."},
    },
    "rc.nobody_to_ping": {
        "id": "Semua sudah menjawab (atau absen sudah ditutup).",
        "en": "Everyone has answered (or the roll call has closed).",
    },
    "rc.closed_now": {"id": "Absen ditutup.", "en": "Roll call closed."},
    "rc.no_participants": {
        "id": "Kunjungan ini belum punya peserta untuk diabsen.",
        "en": "This visit has no participants to call yet.",
    },
    "rc.history.title": {"id": "<b>Riwayat absen</b>:", "en": "<b>Roll call history</b>:"},
    "rc.history.empty": {"id": "Belum ada absen.", "en": "No roll calls yet."},
    "rc.history.line": {
        "id": "• <b>{label}</b>, {when}: hadir {here}, terlambat {late}, tidak ikut {not_coming}, "
        "belum menjawab {missing} {state}",
        "en": "• <b>{label}</b>, {when}: here {here}, late {late}, not coming {not_coming}, "
        "no answer {missing} {state}",
    },
    "rc.state.open": {"id": "(masih dibuka)", "en": "(still open)"},
    "rc.state.closed": {"id": "(ditutup)", "en": "(closed)"},
}
