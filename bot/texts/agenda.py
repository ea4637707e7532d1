"""Texts of the agenda and reminders: cards, days, files and their problems, changes, settings."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.today": {"id": "Agenda hari ini", "en": "Today's agenda"},
    "cmd.next": {"id": "Sesi berikutnya", "en": "The next session"},
    "cmd.agenda": {"id": "Agenda per hari", "en": "The agenda, day by day"},
    "cmd.settings": {"id": "Pengaturan pengingat", "en": "Reminder settings"},
    "cmd.mute": {"id": "Matikan pengingat/ringkasan", "en": "Mute reminders or briefings"},
    "cmd.unmute": {
        "id": "Nyalakan lagi pengingat/ringkasan",
        "en": "Unmute reminders or briefings",
    },
    # Session cards and day lists
    "agenda.card.title": {"id": "<b>{title}</b>", "en": "<b>{title}</b>"},
    "agenda.card.cancelled": {"id": "❌ <b>DIBATALKAN</b>", "en": "❌ <b>CANCELLED</b>"},
    "agenda.card.time": {"id": "🕘 {day}, {start}–{end}", "en": "🕘 {day}, {start}–{end}"},
    "agenda.card.venue": {"id": "📍 {venue}", "en": "📍 {venue}"},
    "agenda.card.dress": {"id": "👔 Busana: {dress}", "en": "👔 Dress code: {dress}"},
    "agenda.card.meeting": {
        "id": "🚩 Titik kumpul: <b>{place}</b>{departs}",
        "en": "🚩 Meeting point: <b>{place}</b>{departs}",
    },
    "agenda.card.meeting_pin": {"id": "lihat pin peta", "en": "see the map pin"},
    "agenda.card.departs": {"id": " — berangkat {time}", "en": " — departure {time}"},
    # A label in a calendar file's description (plain text).
    "agenda.ics.dress": {"id": "Busana: {dress}", "en": "Dress code: {dress}"},
    "agenda.card.partners": {"id": "🤝 Mitra: {partners}", "en": "🤝 Partners: {partners}"},
    "agenda.card.description": {"id": "\n{text}", "en": "\n{text}"},
    "agenda.day.title": {"id": "📅 <b>{day}</b>", "en": "📅 <b>{day}</b>"},
    "agenda.day.empty": {"id": "Tidak ada sesi pada hari ini.", "en": "No sessions on this day."},
    "agenda.day.line": {
        "id": "{start}–{end} <b>{title}</b>{venue}",
        "en": "{start}–{end} <b>{title}</b>{venue}",
    },
    "agenda.day.line.cancelled": {
        "id": "<s>{start}–{end} {title}</s> (dibatalkan){venue}",
        "en": "<s>{start}–{end} {title}</s> (cancelled){venue}",
    },
    "agenda.day.pick": {
        "id": "Ketuk sesi untuk detail, peta dan tombol lainnya.",
        "en": "Tap a session for details, the map and more.",
    },
    "agenda.day.unknown": {
        "id": "Saya tidak mengerti hari <b>{words}</b>. Tulis <code>today</code>, "
        "<code>tomorrow</code>, tanggal seperti <code>2025-10-30</code> atau nomor hari "
        "kunjungan, atau pilih harinya:",
        "en": "I did not understand the day <b>{words}</b>. Write <code>today</code>, "
        "<code>tomorrow</code>, a date like <code>2025-10-30</code> or the visit's day number, "
        "or pick the day:",
    },
    "agenda.day.outside": {
        "id": "{day} bukan hari kunjungan ini. Pilih harinya:",
        "en": "{day} is not a day of this visit. Pick the day:",
    },
    "agenda.day.button": {"id": "Hari {number} · {day}", "en": "Day {number} · {day}"},
    "agenda.day.previous": {"id": "◀ Sebelumnya", "en": "◀ Previous"},
    "agenda.day.next": {"id": "Berikutnya ▶", "en": "Next ▶"},
    "agenda.day.calendar": {"id": "📅 Semua agenda (.ics)", "en": "📅 Whole agenda (.ics)"},
    "agenda.empty": {
        "id": "Agenda belum dimuat untuk kunjungan ini.",
        "en": "The agenda of this visit has not been loaded yet.",
    },
    "agenda.next.none": {
        "id": "Tidak ada sesi lagi untuk Anda di kunjungan ini.",
        "en": "There are no more sessions for you in this visit.",
    },
    "agenda.button.checkin": {"id": "✅ Check in", "en": "✅ Check in"},
    "agenda.button.ask": {"id": "❓ Ajukan pertanyaan", "en": "❓ Ask a question"},
    "agenda.button.calendar": {"id": "📅 Kalender", "en": "📅 Calendar"},
    "agenda.button.map": {"id": "🗺 Peta", "en": "🗺 Map"},
    "agenda.button.meeting_pin": {"id": "🚩 Pin titik kumpul", "en": "🚩 Meeting point pin"},
    "agenda.no_location": {
        "id": "Lokasi sesi ini belum ada di agenda.",
        "en": "This session's location is not in the agenda.",
    },
    "agenda.ics.caption": {
        "id": "Buka berkas ini untuk menambahkannya ke kalender ponsel Anda.",
        "en": "Open this file to add it to your phone's calendar.",
    },
    # Loading a file
    "agenda.import.problems": {
        "id": "❌ Berkas agenda tidak dimuat ({count} masalah). Tidak ada yang diubah.",
        "en": {
            "one": "❌ The agenda file was not loaded ({count} problem). Nothing was changed.",
            "other": "❌ The agenda file was not loaded ({count} problems). Nothing was changed.",
        },
    },
    "agenda.import.more": {"id": "… dan {count} masalah lagi.", "en": "… and {count} more."},
    "agenda.import.warnings": {"id": "⚠️ Perhatian:", "en": "⚠️ Please note:"},
    "agenda.import.unchanged": {
        "id": "Berkas ini sama dengan agenda yang tersimpan. Tidak ada yang diubah.",
        "en": "This file is the same as the stored agenda. Nothing changed.",
    },
    "agenda.import.confirm": {
        "id": "<b>Perubahan agenda {visit}</b> — terapkan?",
        "en": "<b>Changes to the agenda of {visit}</b> — apply them?",
    },
    "agenda.import.apply": {"id": "✅ Terapkan", "en": "✅ Apply"},
    "agenda.import.discard": {"id": "✖️ Batalkan", "en": "✖️ Discard"},
    "agenda.import.applied": {
        "id": "✅ Agenda dimuat: {added} sesi baru, {changed} diubah, {removed} dihapus. "
        "Pengingat direncanakan ulang.",
        "en": "✅ Agenda loaded: {added} added, {changed} changed, {removed} removed. "
        "Reminders re-planned.",
    },
    "agenda.import.discarded": {
        "id": "Berkas tidak diterapkan. Agenda tetap seperti semula.",
        "en": "The file was not applied. The agenda stays as it was.",
    },
    "agenda.import.stale": {
        "id": "Pratinjau ini sudah tidak berlaku. Kirim berkasnya lagi.",
        "en": "This preview is no longer valid. Send the file again.",
    },
    "agenda.diff.added": {"id": "➕ {key}: {title} ({when})", "en": "➕ {key}: {title} ({when})"},
    "agenda.diff.changed": {"id": "✏️ {key}: {what}", "en": "✏️ {key}: {what}"},
    "agenda.diff.removed": {"id": "➖ {key}: {title}", "en": "➖ {key}: {title}"},
    "agenda.aspect.reinstated": {"id": "diaktifkan lagi", "en": "reinstated"},
    "agenda.aspect.time": {"id": "waktu", "en": "time"},
    "agenda.aspect.venue": {"id": "tempat", "en": "venue"},
    "agenda.aspect.title": {"id": "judul", "en": "title"},
    "agenda.aspect.details": {"id": "detail", "en": "details"},
    # Problems in a file
    "agenda.problem.row": {"id": "baris {row}", "en": "row {row}"},
    "agenda.problem.too_large": {
        "id": "Berkas terlalu besar (paling besar {detail} KB).",
        "en": "The file is too large ({detail} KB at most).",
    },
    "agenda.problem.binary": {
        "id": "Ini bukan berkas teks. Kirim agenda sebagai .yaml atau .csv.",
        "en": "This is not a text file. Send the agenda as .yaml or .csv.",
    },
    "agenda.problem.not_utf8": {
        "id": "Berkas harus tersimpan sebagai UTF-8.",
        "en": "The file must be saved as UTF-8.",
    },
    "agenda.problem.wrong_type": {
        "id": "Kirim agenda sebagai berkas .yaml, .yml atau .csv.",
        "en": "Send the agenda as a .yaml, .yml or .csv file.",
    },
    "agenda.problem.empty": {"id": "Berkas tidak berisi sesi.", "en": "The file has no sessions."},
    "agenda.problem.too_many": {
        "id": "Terlalu banyak sesi (paling banyak {detail}).",
        "en": "Too many sessions ({detail} at most).",
    },
    "agenda.problem.yaml_syntax": {
        "id": "YAML tidak bisa dibaca (sekitar baris {detail}).",
        "en": "The YAML cannot be read (near line {detail}).",
    },
    "agenda.problem.yaml_shape": {
        "id": "YAML harus berisi daftar <code>sessions:</code>, satu butir per sesi.",
        "en": "The YAML must hold a <code>sessions:</code> list, one item per session.",
    },
    "agenda.problem.columns": {
        "id": "Kolom CSV salah ({detail}). Kolom: key, title_id, title_en, date, start, end, "
        "venue, address, latitude, longitude, radius_m, partners, description_id, "
        "description_en, dress_code, audience.",
        "en": "Wrong CSV columns ({detail}). Columns: key, title_id, title_en, date, start, end, "
        "venue, address, latitude, longitude, radius_m, partners, description_id, "
        "description_en, dress_code, audience.",
    },
    "agenda.problem.csv_extra": {
        "id": "{where}lebih banyak nilai daripada kolom.",
        "en": "{where}more values than columns.",
    },
    "agenda.problem.csv_syntax": {
        "id": "CSV tidak bisa dibaca: {detail}",
        "en": "The CSV cannot be read: {detail}",
    },
    "agenda.problem.missing": {"id": "{where}{field}wajib diisi.", "en": "{where}{field}required."},
    "agenda.problem.unknown_field": {
        "id": "{where}{field}kolom tidak dikenal.",
        "en": "{where}{field}unknown field.",
    },
    "agenda.problem.invalid": {
        "id": "{where}{field}nilai tidak valid «{detail}».",
        "en": "{where}{field}invalid value «{detail}».",
    },
    "agenda.problem.ends_first": {
        "id": "{where}{field}selesai sebelum mulai.",
        "en": "{where}{field}ends before it starts.",
    },
    "agenda.problem.outside_visit": {
        "id": "{where}{field}{detail} di luar tanggal kunjungan.",
        "en": "{where}{field}{detail} is outside the visit's days.",
    },
    "agenda.problem.departs_late": {
        "id": "{where}{field}keberangkatan setelah sesi mulai.",
        "en": "{where}{field}departure is after the session starts.",
    },
    "agenda.problem.emergency": {
        "id": "Paket darurat, {field}{detail}",
        "en": "Emergency pack, {field}{detail}",
    },
    "agenda.diff.emergency_new": {
        "id": "🆘 Paket darurat: baru",
        "en": "🆘 Emergency pack: new",
    },
    "agenda.diff.emergency": {
        "id": "🆘 Paket darurat: diubah",
        "en": "🆘 Emergency pack: changed",
    },
    "agenda.aspect.meeting": {"id": "titik kumpul", "en": "meeting point"},
    "agenda.problem.half_location": {
        "id": "{where}{field}isi latitude dan longitude bersama-sama.",
        "en": "{where}{field}give latitude and longitude together.",
    },
    "agenda.problem.duplicate_key": {
        "id": "{where}{field}kunci sudah dipakai di baris {detail}.",
        "en": "{where}{field}key already used in row {detail}.",
    },
    "agenda.problem.unknown_group": {
        "id": "{where}{field}tidak ada grup «{detail}» di kunjungan ini (buat dulu dengan /group).",
        "en": "{where}{field}there is no group «{detail}» in this visit (define it with /group).",
    },
    "agenda.problem.overlap": {
        "id": "{where}bertabrakan dengan {detail} (peserta sama).{field}",
        "en": "{where}overlaps {detail} (same audience).{field}",
    },
    # Changes by chat
    "agenda.usage": {
        "id": "Panitia: kirim berkas agenda (.yaml/.csv) sebagai dokumen, atau\n"
        "/agenda shift KUNCI +30m (atau 10:30, atau 2025-10-30 10:30)\n"
        "/agenda cancel KUNCI\n"
        "/agenda edit KUNCI KOLOM NILAI (kolom: {fields})\n"
        "/agenda log — pengingat terkirim, terlambat, terlewat\n"
        "/agenda ics — seluruh agenda sebagai berkas kalender",
        "en": "Organisers: send the agenda file (.yaml/.csv) as a document, or\n"
        "/agenda shift KEY +30m (or 10:30, or 2025-10-30 10:30)\n"
        "/agenda cancel KEY\n"
        "/agenda edit KEY FIELD VALUE (fields: {fields})\n"
        "/agenda log — reminders sent, late, missed\n"
        "/agenda ics — the whole agenda as a calendar file",
    },
    "agenda.unknown_session": {
        "id": "Tidak ada sesi dengan kunci «{key}». Lihat /agenda.",
        "en": "No session has the key «{key}». See /agenda.",
    },
    "agenda.shift.bad": {
        "id": "Tulis pergeseran seperti +30m, -1h, 10:30 atau 2025-10-30 10:30.",
        "en": "Write the shift like +30m, -1h, 10:30 or 2025-10-30 10:30.",
    },
    "agenda.edit.unknown_field": {
        "id": "Kolom ini tidak bisa diubah. Kolom: {fields}.",
        "en": "This field cannot be edited. Fields: {fields}.",
    },
    "agenda.edit.bad_value": {
        "id": "Nilai untuk {field} tidak valid.",
        "en": "The value for {field} is not valid.",
    },
    "agenda.cancel.already": {
        "id": "Sesi {key} sudah dibatalkan.",
        "en": "Session {key} is already cancelled.",
    },
    "agenda.changed": {
        "id": "✅ Diubah: <b>{title}</b>. Yang bersangkutan diberi tahu; pengingat direncanakan "
        "ulang.",
        "en": "✅ Changed: <b>{title}</b>. The people concerned are told; reminders re-planned.",
    },
    "agenda.unchanged": {"id": "Tidak ada yang berubah.", "en": "Nothing changed."},
    "agenda.cancelled": {
        "id": "❌ Dibatalkan: <b>{title}</b>. Yang bersangkutan diberi tahu.",
        "en": "❌ Cancelled: <b>{title}</b>. The people concerned are told.",
    },
    "agenda.log": {
        "id": "<b>Log pengingat &amp; ringkasan</b>\nTerkirim: {sent} (terlambat: {late})\n"
        "Terlewat (di luar tenggang, tidak dikirim): {expired}\nDibisukan: {muted}\n"
        "Gagal: {failed}\nMenunggu: {pending}",
        "en": "<b>Reminders &amp; briefings log</b>\nSent: {sent} (late: {late})\n"
        "Missed (past the grace period, not sent): {expired}\nMuted: {muted}\n"
        "Failed: {failed}\nWaiting: {pending}",
    },
    # Notices of changes
    "agenda.notice.title": {
        "id": "📣 <b>Perubahan agenda</b> ({visit}):",
        "en": "📣 <b>Agenda changes</b> ({visit}):",
    },
    "agenda.notice.line": {"id": "• <b>{title}</b>: {what}", "en": "• <b>{title}</b>: {what}"},
    "agenda.notice.time": {
        "id": "sekarang {when} (sebelumnya {was})",
        "en": "now {when} (was {was})",
    },
    "agenda.notice.venue": {"id": "tempat baru: {venue}", "en": "new venue: {venue}"},
    "agenda.notice.reinstated": {"id": "diadakan lagi, {when}", "en": "back on, {when}"},
    "agenda.notice.details": {"id": "detail diperbarui ({when})", "en": "details updated ({when})"},
    "agenda.notice.cancelled": {
        "id": "• <b>{title}</b>: ❌ dibatalkan",
        "en": "• <b>{title}</b>: ❌ cancelled",
    },
    "agenda.notice.added": {
        "id": "• <b>{title}</b>: ➕ baru, {when}",
        "en": "• <b>{title}</b>: ➕ new, {when}",
    },
    # Reminders and briefings
    "reminder.text": {
        "id": "🔔 <b>{title}</b> dimulai pukul {time}, {left}.",
        "en": "🔔 <b>{title}</b> starts at {time}, {left}.",
    },
    # How long is left, counted when the reminder is sent (a late one says less).
    "reminder.left": {"id": "{count} menit lagi", "en": "in {count} min"},
    "reminder.left.now": {"id": "sebentar lagi", "en": "any moment now"},
    "reminder.left.started": {"id": "sudah dimulai", "en": "it has started"},
    "reminder.late": {
        "id": "⏰ <i>(terlambat: bot sempat tidak aktif)</i>\n",
        "en": "⏰ <i>(late: the bot was down for a while)</i>\n",
    },
    "evening.text": {
        "id": "🌙 Besok pagi, sebelum ringkasan harian: <b>{title}</b> mulai pukul {time} ({day}).",
        "en": "🌙 Early tomorrow, before the morning briefing: <b>{title}</b> starts at {time} "
        "({day}).",
    },
    "briefing.title": {
        "id": "☀️ Selamat pagi! Agenda <b>{day}</b>:",
        "en": "☀️ Good morning! The agenda for <b>{day}</b>:",
    },
    "briefing.button": {"id": "📅 Detail hari ini", "en": "📅 Today in detail"},
    # Settings
    "settings.show": {
        "id": "<b>Pengaturan pengingat</b>\nPengingat: {offsets} menit sebelum sesi\n"
        "Ringkasan harian: {briefing}\nTenggang keterlambatan: {grace} menit\n"
        "Pemberitahuan malam sebelumnya (sesi sebelum ringkasan): {evening}\n\n"
        "Ubah dengan /settings reminders 30,10 · /settings briefing 06:30 (atau off) · "
        "/settings grace 15 · /settings evening 19:00 (atau off)",
        "en": "<b>Reminder settings</b>\nReminders: {offsets} minutes before sessions\n"
        "Daily briefing: {briefing}\nGrace period: {grace} minutes\n"
        "Evening-before notice (sessions before the briefing): {evening}\n\n"
        "Change with /settings reminders 30,10 · /settings briefing 06:30 (or off) · "
        "/settings grace 15 · /settings evening 19:00 (or off)",
    },
    "settings.off": {"id": "mati", "en": "off"},
    "settings.saved": {
        "id": "✅ Disimpan. Pengingat direncanakan ulang.",
        "en": "✅ Saved. Reminders re-planned.",
    },
    "settings.usage": {
        "id": "Gunakan: /settings reminders 30,10 · /settings briefing 06:30 · "
        "/settings grace 15 · /settings evening 19:00",
        "en": "Use: /settings reminders 30,10 · /settings briefing 06:30 · /settings grace 15 · "
        "/settings evening 19:00",
    },
    "settings.bad.reminders": {
        "id": "Tulis 1–5 jumlah menit (1–1440) dipisah koma, mis. 30,10; atau off.",
        "en": "Write 1–5 numbers of minutes (1–1440) separated by commas, e.g. 30,10; or off.",
    },
    "settings.bad.briefing": {
        "id": "Tulis jam seperti 06:30, atau off.",
        "en": "Write a time like 06:30, or off.",
    },
    "settings.bad.grace": {
        "id": "Tulis tenggang dalam menit, 0–180.",
        "en": "Write the grace period in minutes, 0–180.",
    },
    # Mutes
    "mute.usage": {
        "id": "Gunakan /mute reminders, /mute briefing, /mute feedback atau /mute reflection (dan "
        "/unmute untuk menyalakan lagi). "
        "Pesan penting tetap dikirim.",
        "en": "Use /mute reminders, /mute briefing, /mute feedback or /mute reflection (and "
        "/unmute to turn it back on). "
        "Urgent messages still arrive.",
    },
    "mute.category.reminders": {"id": "pengingat sesi", "en": "session reminders"},
    "mute.category.briefing": {"id": "ringkasan pagi", "en": "morning briefings"},
    "mute.done": {
        "id": "🔕 {what} dimatikan. Pesan penting tetap dikirim. /unmute untuk menyalakan lagi.",
        "en": "🔕 {what} muted. Urgent messages still arrive. /unmute to turn them back on.",
    },
    "unmute.done": {"id": "🔊 {what} dinyalakan lagi.", "en": "🔊 {what} back on."},
}
