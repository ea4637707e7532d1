"""Texts of the core: welcome, help, languages, visits, invites, members and errors."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    # Errors and refusals
    "error.generic": {
        "id": "Maaf, terjadi kesalahan. Coba lagi sebentar lagi.",
        "en": "Sorry, something went wrong. Please try again in a moment.",
    },
    "error.not_allowed": {
        "id": "Maaf, hanya {roles} yang dapat melakukan ini.",
        "en": "Sorry, only {roles} can do this.",
    },
    "access.refused": {
        "id": "Maaf, tombol ini bukan untuk Anda.",
        "en": "Sorry, this button is not for you.",
    },
    "error.no_visit": {
        "id": "Anda belum terdaftar dalam kunjungan. Buka tautan undangan dari panitia.",
        "en": "You are not in a visit yet. Open the invite link the organisers gave you.",
    },
    "error.private_only": {
        "id": "Perintah ini hanya bisa dipakai di chat pribadi dengan bot.",
        "en": "This command only works in a private chat with the bot.",
    },
    "error.unknown_command": {
        "id": "Perintah tidak dikenal. Ketik /help untuk melihat yang bisa Anda lakukan.",
        "en": "Unknown command. Send /help to see what you can do.",
    },
    "error.unsupported_message": {
        "id": "Saya tidak bisa memakai pesan seperti ini di sini. Ketik /help.",
        "en": "I can't use this kind of message here. Send /help.",
    },
    "error.too_long": {
        "id": "Teks terlalu panjang: paling banyak {limit} karakter.",
        "en": "The text is too long: {limit} characters at most.",
    },
    "error.stale_button": {
        "id": "Tombol ini sudah tidak berlaku.",
        "en": "This button no longer works.",
    },
    "role.organiser": {"id": "panitia", "en": "organisers"},
    "role.participant": {"id": "peserta", "en": "participants"},
    "role.partner": {"id": "mitra", "en": "partners"},
    "role.creator": {"id": "kreator", "en": "creators"},
    "role.one.organiser": {"id": "panitia", "en": "organiser"},
    "role.one.participant": {"id": "peserta", "en": "participant"},
    "role.one.partner": {"id": "mitra", "en": "partner"},
    "role.one.creator": {"id": "kreator", "en": "creator"},
    # Start and enrolment
    "start.welcome.organiser": {
        "id": "Selamat datang, {name}! Anda panitia <b>{visit}</b>. Ketik /help untuk memulai.",
        "en": "Welcome, {name}! You are an organiser of <b>{visit}</b>. Send /help to begin.",
    },
    "start.welcome.participant": {
        "id": "Selamat datang, {name}! Anda peserta <b>{visit}</b>. "
        "Saya akan mengirim agenda, pengingat dan pengumuman. Ketik /help.",
        "en": "Welcome, {name}! You are a participant of <b>{visit}</b>. "
        "I will send you the agenda, reminders and announcements. Send /help.",
    },
    "start.welcome.partner": {
        "id": "Selamat datang, {name}! Anda mitra <b>{visit}</b>. "
        "Pertanyaan peserta untuk Anda akan masuk ke sini. Ketik /help.",
        "en": "Welcome, {name}! You are a partner of <b>{visit}</b>. "
        "Participants' questions for you will arrive here. Send /help.",
    },
    "start.welcome.creator": {
        "id": "Selamat datang, {name}! Anda kreator dalam <b>{visit}</b>. "
        "Isi profil Anda agar peserta bisa menemukan Anda. Ketik /help.",
        "en": "Welcome, {name}! You are a creator in <b>{visit}</b>. "
        "Fill in your profile so participants can find you. Send /help.",
    },
    "start.already_member": {
        "id": "Anda sudah terdaftar di <b>{visit}</b> sebagai {role}. Ketik /help.",
        "en": "You are already in <b>{visit}</b> as {role}. Send /help.",
    },
    "start.no_code": {
        "id": "Halo! Saya Rombongan, asisten kunjungan lapangan. Untuk bergabung, buka tautan "
        "undangan atau pindai kode QR dari panitia.",
        "en": "Hello! I am Rombongan, the field visit assistant. To join, open the invite link "
        "or scan the QR code the organisers gave you.",
    },
    "start.bad_code.unknown": {
        "id": "Kode undangan ini tidak dikenal. Periksa tautannya atau minta yang baru ke panitia.",
        "en": "This invite code is not known. Check the link or ask the organisers for a new one.",
    },
    "start.bad_code.expired": {
        "id": "Undangan ini sudah kedaluwarsa. Minta tautan baru ke panitia.",
        "en": "This invite has expired. Ask the organisers for a new link.",
    },
    "start.bad_code.revoked": {
        "id": "Undangan ini sudah dibatalkan. Minta tautan baru ke panitia.",
        "en": "This invite was revoked. Ask the organisers for a new link.",
    },
    "start.bad_code.used_up": {
        "id": "Undangan ini sudah dipakai sebanyak batasnya. Minta tautan baru ke panitia.",
        "en": "This invite has been used as many times as allowed. Ask the organisers for a new one.",
    },
    "start.welcome_back": {
        "id": "Halo lagi, {name}! Anda di <b>{visit}</b> sebagai {role}. Ketik /help.",
        "en": "Hello again, {name}! You are in <b>{visit}</b> as {role}. Send /help.",
    },
    # Help
    "help.title": {
        "id": "<b>Yang bisa Anda lakukan di {visit}</b> ({role}):",
        "en": "<b>What you can do in {visit}</b> ({role}):",
    },
    "help.title.no_visit": {
        "id": "<b>Yang bisa Anda lakukan</b>:",
        "en": "<b>What you can do</b>:",
    },
    "help.line": {"id": "/{command} — {description}", "en": "/{command} — {description}"},
    "help.join_hint": {
        "id": "Untuk bergabung dengan kunjungan, buka tautan undangan dari panitia.",
        "en": "To join a visit, open the invite link from the organisers.",
    },
    # Command descriptions (menus and /help)
    "cmd.start": {"id": "Mulai atau bergabung", "en": "Start or join"},
    "cmd.help": {"id": "Apa yang bisa saya lakukan", "en": "What I can do"},
    "cmd.language": {"id": "Ganti bahasa", "en": "Change language"},
    "cmd.visit": {"id": "Lihat atau ganti kunjungan", "en": "See or switch visit"},
    "cmd.invite": {"id": "Buat tautan undangan", "en": "Create an invite link"},
    "cmd.invites": {"id": "Daftar undangan", "en": "List invites"},
    "cmd.revoke": {"id": "Batalkan undangan", "en": "Revoke an invite"},
    "cmd.members": {
        "id": "Anggota dan yang belum terjangkau",
        "en": "Members and who is unreachable",
    },
    "cmd.newvisit": {"id": "Buat kunjungan baru", "en": "Create a new visit"},
    # Language
    "language.choose": {
        "id": "Pilih bahasa / Choose a language:",
        "en": "Choose a language / Pilih bahasa:",
    },
    "language.set": {
        "id": "Baik, saya akan memakai Bahasa Indonesia.",
        "en": "Fine, I will use English.",
    },
    "language.name.id": {"id": "Bahasa Indonesia", "en": "Bahasa Indonesia"},
    "language.name.en": {"id": "English", "en": "English"},
    # Visits
    "visit.current": {
        "id": "Kunjungan aktif: <b>{visit}</b> ({region}), {first} – {last}. Peran Anda: {role}.",
        "en": "Current visit: <b>{visit}</b> ({region}), {first} – {last}. Your role: {role}.",
    },
    "visit.choose": {
        "id": "Anda terdaftar di beberapa kunjungan. Pilih yang ingin dipakai:",
        "en": "You are in several visits. Choose the one to work in:",
    },
    "visit.switched": {
        "id": "Sekarang memakai kunjungan <b>{visit}</b>.",
        "en": "Now working in <b>{visit}</b>.",
    },
    "visit.now_current": {
        "id": "Kunjungan Anda saat ini sekarang <b>{visit}</b> (sebelumnya <b>{previous}</b>): "
        "perintah Anda berlaku di sana. Ketik /visit untuk kembali.",
        "en": "Your current visit is now <b>{visit}</b> (it was <b>{previous}</b>): your "
        "commands act there. Send /visit to switch back.",
    },
    "visit.now_current_first": {
        "id": "Kunjungan Anda saat ini sekarang <b>{visit}</b>.",
        "en": "Your current visit is now <b>{visit}</b>.",
    },
    "visit.created": {
        "id": "Kunjungan <b>{visit}</b> dibuat (kode <code>{slug}</code>). "
        "Buat undangan dengan /invite participant.",
        "en": "Visit <b>{visit}</b> created (code <code>{slug}</code>). "
        "Create invites with /invite participant.",
    },
    "visit.usage": {
        "id": "Cara pakai: <code>/newvisit kode | judul | wilayah | 2025-10-29 | 2025-10-31</code> "
        "(zona waktu opsional di akhir, mis. <code>| Asia/Jakarta</code>).",
        "en": "Usage: <code>/newvisit code | title | region | 2025-10-29 | 2025-10-31</code> "
        "(time zone optional at the end, e.g. <code>| Asia/Jakarta</code>).",
    },
    "visit.invalid": {
        "id": "Kunjungan tidak dibuat: {problem}",
        "en": "Visit not created: {problem}",
    },
    # Invites
    "invite.created": {
        "id": "Undangan untuk <b>{role}</b> di <b>{visit}</b>{limits}:\n{link}\n\n"
        "Bagikan tautan ini atau kode QR-nya.",
        "en": "Invite for <b>{role}</b> in <b>{visit}</b>{limits}:\n{link}\n\n"
        "Share this link or its QR code.",
    },
    "invite.limit.expires": {"id": ", berlaku sampai {when}", "en": ", valid until {when}"},
    "invite.limit.uses": {
        "id": ", untuk {count} orang",
        "en": {"one": ", for {count} person", "other": ", for {count} people"},
    },
    "invite.limit.no_expiry": {"id": ", tanpa batas waktu", "en": ", with no expiry"},
    "invite.limit.label": {"id": ", label «{label}»", "en": ", label «{label}»"},
    "invite.qr_caption": {
        "id": "Pindai untuk bergabung sebagai {role}: {visit}",
        "en": "Scan to join as {role}: {visit}",
    },
    "invite.usage": {
        "id": "Cara pakai: <code>/invite peran [7d] [uses=20] [nama]</code>, peran salah satu "
        "dari: participant, partner, creator, organiser.",
        "en": "Usage: <code>/invite role [7d] [uses=20] [name]</code>, role one of: "
        "participant, partner, creator, organiser.",
    },
    "invite.bad.unknown": {
        "id": "Pilihan tidak dikenal: {option}",
        "en": "Unknown option: {option}",
    },
    "invite.bad.duration": {
        "id": "Masa berlaku tidak terbaca: <b>{option}</b>. Tulis misalnya 90m, 12h, 7d atau 2w.",
        "en": "Cannot read the validity <b>{option}</b>. Write e.g. 90m, 12h, 7d or 2w.",
    },
    "invite.bad.too_short": {
        "id": "Masa berlaku <b>{option}</b> terlalu pendek: paling sedikit 1 menit.",
        "en": "The validity <b>{option}</b> is too short: one minute at least.",
    },
    "invite.bad.too_long": {
        "id": "Masa berlaku <b>{option}</b> terlalu panjang: paling lama 366 hari.",
        "en": "The validity <b>{option}</b> is too long: 366 days at most.",
    },
    "invite.bad.twice": {
        "id": "Masa berlaku ditulis dua kali: <b>{option}</b>.",
        "en": "The validity is given twice: <b>{option}</b>.",
    },
    "invite.bad.uses": {
        "id": "Jumlah pemakaian tidak terbaca: <b>{option}</b> (1 sampai 10000).",
        "en": "Cannot read the number of uses <b>{option}</b> (1 to 10000).",
    },
    "invite.list.title": {
        "id": "<b>Undangan {visit}</b>:",
        "en": "<b>Invites of {visit}</b>:",
    },
    "invite.list.line": {
        "id": "<code>{code}</code> {role} — dipakai {uses}{max}{state}{limits}",
        "en": "<code>{code}</code> {role} — used {uses}{max}{state}{limits}",
    },
    "invite.list.empty": {"id": "Belum ada undangan.", "en": "No invites yet."},
    "invite.state.revoked": {"id": " (dibatalkan)", "en": " (revoked)"},
    "invite.state.expired": {"id": " (kedaluwarsa)", "en": " (expired)"},
    "invite.revoked": {
        "id": "Undangan <code>{code}</code> dibatalkan.",
        "en": "Invite <code>{code}</code> revoked.",
    },
    "invite.revoke_unknown": {
        "id": "Tidak ada undangan aktif dengan kode itu di kunjungan ini.",
        "en": "No active invite with that code in this visit.",
    },
    "invite.revoke_usage": {
        "id": "Cara pakai: <code>/revoke KODE</code>",
        "en": "Usage: <code>/revoke CODE</code>",
    },
    # Members
    "members.title": {
        "id": "<b>Anggota {visit}</b> ({count}):",
        "en": "<b>Members of {visit}</b> ({count}):",
    },
    "members.role_line": {
        "id": "<b>{role}</b> ({count}): {names}",
        "en": "<b>{role}</b> ({count}): {names}",
    },
    "members.unreachable": {
        "id": "⚠️ Belum terjangkau (belum menekan Start atau memblokir bot): {names}",
        "en": "⚠️ Not reachable (never pressed Start or blocked the bot): {names}",
    },
    "members.all_reachable": {
        "id": "Semua anggota bisa dihubungi.",
        "en": "Every member can be reached.",
    },
}
