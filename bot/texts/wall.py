"""Texts of the room's screen: /wall in chat, the On screen button, and the projector page."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.wall": {
        "id": "Layar ruangan: tautan dan QR untuk proyektor",
        "en": "The room's screen: a link and QR code for the projector",
    },
    "wall.usage": {
        "id": "Cara pakai: <code>/wall</code> (seluruh kunjungan), <code>/wall SESI</code> "
        "(kunci atau judul sesi), <code>/wall revoke</code> (cabut semua tautan layar).",
        "en": "Usage: <code>/wall</code> (the whole visit), <code>/wall SESSION</code> "
        "(a session's key or title), <code>/wall revoke</code> (revoke every screen link).",
    },
    "wall.unknown_session": {
        "id": "Tidak ada sesi “{words}” di kunjungan ini. Lihat /agenda untuk kuncinya.",
        "en": "There is no session “{words}” in this visit. See /agenda for the keys.",
    },
    "wall.no_url": {
        "id": "Layar ruangan belum disiapkan: pengelola bot perlu mengisi <code>WALL_URL</code> "
        "(alamat publik halaman layar).",
        "en": "The room's screen is not set up: whoever runs the bot must set "
        "<code>WALL_URL</code> (the public address of the screen pages).",
    },
    "wall.link": {
        "id": "📺 <b>Layar ruangan</b> — {scope}\n\nBuka tautan ini di laptop proyektor "
        "(tanpa login):\n{url}\n\nBerlaku sampai {until}, untuk paling banyak {viewers} layar "
        "sekaligus. Siapa pun yang memegang tautan bisa melihat layar: cabut bila tersebar.",
        "en": "📺 <b>The room's screen</b> — {scope}\n\nOpen this link on the projector's laptop "
        "(no login):\n{url}\n\nValid until {until}, for at most {viewers} screens at once. "
        "Anyone holding the link can watch the screen: revoke it if it spreads.",
    },
    "wall.qr_caption": {
        "id": "QR tautan layar ruangan ({scope}): pindai dengan ponsel untuk membukanya.",
        "en": "QR code of the screen link ({scope}): scan it with a phone to open it.",
    },
    "wall.scope.visit": {"id": "seluruh kunjungan {visit}", "en": "the whole visit {visit}"},
    "wall.btn.revoke": {"id": "🚫 Cabut tautan ini", "en": "🚫 Revoke this link"},
    "wall.revoked": {
        "id": "🚫 Tautan layar dicabut: layar yang membukanya kini menampilkan bahwa tautan "
        "tidak berlaku lagi.",
        "en": "🚫 Screen link revoked: screens showing it now say the link is no longer valid.",
    },
    "wall.revoked_already": {
        "id": "Tautan ini sudah dicabut.",
        "en": "This link was revoked already.",
    },
    "wall.revoked_all": {
        "id": {"other": "🚫 {count} tautan layar dicabut."},
        "en": {
            "one": "🚫 {count} screen link revoked.",
            "other": "🚫 {count} screen links revoked.",
        },
    },
    "wall.btn.on_screen": {"id": "📺 Tampilkan", "en": "📺 On screen"},
    "wall.on_screen.done": {
        "id": "📺 Pertanyaan #{id} kini ditampilkan di layar ruangan.",
        "en": "📺 Question #{id} is now on the room's screen.",
    },
    "wall.on_screen.not_published": {
        "id": "Hanya pertanyaan yang sudah diterbitkan yang bisa ditampilkan.",
        "en": "Only a published question can go on screen.",
    },
    "wall.ask_start": {
        "id": "Kode ini untuk peserta kunjungan Anda saat ini saja.",
        "en": "This code is for members of your current visit only.",
    },
    "mydata.table.wall_links": {
        "id": "Tautan layar ruangan yang Anda buat atau cabut",
        "en": "Screen links you made or revoked",
    },
    "mydata.table.wall_on_screen": {
        "id": "Pertanyaan yang Anda tampilkan di layar",
        "en": "Questions you put on screen",
    },
    # The projector page
    "wall.page.title": {"id": "Layar ruangan — {title}", "en": "Room screen — {title}"},
    "wall.page.questions": {"id": "Pertanyaan", "en": "Questions"},
    "wall.page.none": {
        "id": "Belum ada pertanyaan. Pindai kode QR untuk bertanya.",
        "en": "No questions yet. Scan the QR code to ask one.",
    },
    "wall.page.more": {
        "id": {"other": "dan {count} pertanyaan lagi"},
        "en": {"one": "and {count} more question", "other": "and {count} more questions"},
    },
    "wall.page.answered": {"id": "Sudah dijawab", "en": "Answered"},
    "wall.page.now": {"id": "Sedang dijawab", "en": "Now answering"},
    "wall.page.votes": {
        "id": {"other": "{count} suara"},
        "en": {"one": "{count} vote", "other": "{count} votes"},
    },
    "wall.page.anonymous": {"id": "Anonim", "en": "Anonymous"},
    "wall.page.here": {
        "id": {"other": "{count} dari {expected} hadir"},
        "en": {"one": "{count} of {expected} here", "other": "{count} of {expected} here"},
    },
    "wall.page.ask": {
        "id": "Pindai untuk bertanya lewat Telegram",
        "en": "Scan to ask a question in Telegram",
    },
    "wall.page.live": {"id": "Langsung", "en": "Live"},
    "wall.page.offline": {
        "id": "Tidak tersambung — menyambung lagi…",
        "en": "Not live — reconnecting…",
    },
    "wall.page.switch": {"id": "English", "en": "Bahasa Indonesia"},
    "wall.page.invalid": {
        "id": "Tautan layar ini tidak berlaku lagi.",
        "en": "This screen link is no longer valid.",
    },
    "wall.page.invalid_hint": {
        "id": "Minta panitia mengirim tautan baru dengan /wall.",
        "en": "Ask the organisers for a new link with /wall.",
    },
    "wall.page.busy": {
        "id": "Terlalu banyak layar membuka tautan ini.",
        "en": "Too many screens have this link open.",
    },
}
