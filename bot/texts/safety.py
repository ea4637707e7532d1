"""Texts of duty of care: /mygroup and buddies, "are you safe?" checks, SOS alerts."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.mygroup": {"id": "Kelompok, ketua dan buddy saya", "en": "My groups, leader and buddy"},
    "cmd.buddy": {"id": "Pasangkan dua orang sebagai buddy", "en": "Pair two people as buddies"},
    "cmd.safetycheck": {
        "id": "Tanya semua: apakah Anda aman?",
        "en": "Ask everyone: are you safe?",
    },
    "cmd.sos": {"id": "🆘 Minta bantuan darurat", "en": "🆘 Call for help (emergency)"},
    # /mygroup
    "care.mygroup.title": {"id": "👥 <b>Kelompok Anda</b>", "en": "👥 <b>Your groups</b>"},
    "care.mygroup.line": {
        "id": "• <b>{name}</b> ({count} orang)",
        "en": {
            "one": "• <b>{name}</b> ({count} person)",
            "other": "• <b>{name}</b> ({count} people)",
        },
    },
    "care.mygroup.led": {
        "id": "• <b>{name}</b> ({count} orang) — ketua: {leader}",
        "en": {
            "one": "• <b>{name}</b> ({count} person) — leader: {leader}",
            "other": "• <b>{name}</b> ({count} people) — leader: {leader}",
        },
    },
    "care.mygroup.you_lead": {
        "id": "• <b>{name}</b> ({count} orang) — Anda ketuanya",
        "en": {
            "one": "• <b>{name}</b> ({count} person) — you lead it",
            "other": "• <b>{name}</b> ({count} people) — you lead it",
        },
    },
    "care.mygroup.buddy": {
        "id": "🤝 Buddy Anda: <b>{name}</b>",
        "en": "🤝 Your buddy: <b>{name}</b>",
    },
    "care.mygroup.none": {
        "id": "Anda belum masuk kelompok mana pun dan belum punya buddy.",
        "en": "You are not in any group yet and have no buddy.",
    },
    # /buddy
    "care.buddy.usage": {
        "id": "Pakai: <code>/buddy @user1 @user2</code> untuk memasangkan, "
        "<code>/buddy @user -</code> untuk melepas pasangan.",
        "en": "Use: <code>/buddy @user1 @user2</code> to pair them, "
        "<code>/buddy @user -</code> to undo a pair.",
    },
    "care.buddy.paired": {
        "id": "🤝 <b>{first}</b> dan <b>{second}</b> kini buddy.",
        "en": "🤝 <b>{first}</b> and <b>{second}</b> are now buddies.",
    },
    "care.buddy.removed": {
        "id": "{name} kini tanpa buddy.",
        "en": "{name} has no buddy now.",
    },
    "care.buddy.none": {"id": "{name} tidak punya buddy.", "en": "{name} has no buddy."},
    # "Are you safe?"
    "safety.usage": {
        "id": "Pakai: <code>/safetycheck [PESAN]</code>, hanya satu kelompok: "
        "<code>/safetycheck Bus 2 | PESAN</code>; menit sebelum pesan kedua (default 10): "
        "<code>/safetycheck 15m PESAN</code>.",
        "en": "Use: <code>/safetycheck [MESSAGE]</code>, one group only: "
        "<code>/safetycheck Bus 2 | MESSAGE</code>; minutes before the second message "
        "(default 10): <code>/safetycheck 15m MESSAGE</code>.",
    },
    "safety.nobody": {
        "id": "Tidak ada orang yang bisa ditanya.",
        "en": "There is nobody to ask.",
    },
    "safety.question": {
        "id": "🚨 <b>Apakah Anda aman?</b> Mohon jawab sekarang.",
        "en": "🚨 <b>Are you safe?</b> Please answer now.",
    },
    "safety.again": {
        "id": "⏰ <b>Pengingat kedua</b> — Anda belum menjawab.",
        "en": "⏰ <b>Second message</b> — you have not answered yet.",
    },
    "safety.message": {"id": "<i>{message}</i>", "en": "<i>{message}</i>"},
    "safety.answer.safe": {"id": "✅ Saya aman", "en": "✅ I'm safe"},
    "safety.answer.help": {"id": "🆘 Saya butuh bantuan", "en": "🆘 I need help"},
    "safety.your_answer": {
        "id": "Jawaban Anda: <b>{answer}</b>",
        "en": "Your answer: <b>{answer}</b>",
    },
    "safety.recorded": {"id": "Tercatat: {answer}", "en": "Recorded: {answer}"},
    "safety.closed": {
        "id": "Pemeriksaan ini sudah ditutup.",
        "en": "This safety check is closed.",
    },
    "safety.not_asked": {
        "id": "Pertanyaan ini bukan untuk Anda.",
        "en": "This question was not for you.",
    },
    "safety.everyone": {"id": "semua", "en": "everyone"},
    "safety.board.open": {
        "id": "🚨 <b>Apakah Anda aman? — {group}</b> (dimulai {at})",
        "en": "🚨 <b>Are you safe? — {group}</b> (started {at})",
    },
    "safety.board.closed": {
        "id": "🔒 <b>Apakah Anda aman? — {group}</b> (dimulai {at}, ditutup)",
        "en": "🔒 <b>Are you safe? — {group}</b> (started {at}, closed)",
    },
    "safety.board.counts": {
        "id": "Aman: {safe} · Butuh bantuan: {help} · Belum menjawab: {silent} (dari {total})",
        "en": "Safe: {safe} · Need help: {help} · No answer: {silent} (of {total})",
    },
    "safety.board.help": {"id": "🆘 Butuh bantuan: {names}", "en": "🆘 Need help: {names}"},
    "safety.board.silent": {
        "id": "⏳ Belum menjawab (pesan kedua {second}): {names}",
        "en": "⏳ No answer (second message at {second}): {names}",
    },
    "safety.board.asked_again": {
        "id": "⏰ Ditanya lagi (ketua &amp; buddy dikabari {search}): {names}",
        "en": "⏰ Asked again (leader &amp; buddy told at {search}): {names}",
    },
    "safety.board.searched": {
        "id": "🔎 Ketua &amp; buddy diminta mencari: {names}",
        "en": "🔎 Leader &amp; buddy asked to find: {names}",
    },
    "safety.board.no_carers": {
        "id": "{name} (tanpa ketua/buddy!)",
        "en": "{name} (no leader or buddy!)",
    },
    "safety.button.close": {"id": "🔒 Tutup", "en": "🔒 Close"},
    "safety.closed_now": {"id": "Pemeriksaan ditutup.", "en": "Safety check closed."},
    "safety.find": {
        "id": '🔎 <b>{name}</b> belum menjawab "Apakah Anda aman?" selama {minutes} menit. '
        "Mohon cari dia dan kabari panitia.",
        "en": '🔎 <b>{name}</b> has not answered "Are you safe?" for {minutes} minutes. '
        "Please find them and tell the organisers.",
    },
    # SOS
    "sos.alert": {
        "id": "🆘 <b>SOS dari {name}</b> ({at})",
        "en": "🆘 <b>SOS from {name}</b> ({at})",
    },
    "sos.alert_help": {
        "id": "🆘 <b>{name} butuh bantuan</b> (jawaban pemeriksaan keselamatan, {at})",
        "en": "🆘 <b>{name} needs help</b> (answer to the safety check, {at})",
    },
    "sos.username": {"id": "Telegram: @{username}", "en": "Telegram: @{username}"},
    "sos.no_phone_location": {
        "id": "Lokasi dan catatan menyusul bila dia membagikannya.",
        "en": "A location and a note follow if they share them.",
    },
    "sos.drill_banner": {
        "id": "🧪 <b>LATIHAN — ini hanya latihan.</b>",
        "en": "🧪 <b>DRILL — this is only a drill.</b>",
    },
    "sos.unacknowledged": {
        "id": "⚠️ <b>BELUM DITANGANI — dikirim ulang</b>",
        "en": "⚠️ <b>UNACKNOWLEDGED — sent again</b>",
    },
    "sos.on_it": {"id": "🏃 Saya tangani", "en": "🏃 I'm on it"},
    "sos.map": {"id": "📍 Peta", "en": "📍 Map"},
    "sos.location": {
        "id": "📍 <b>{name}</b> membagikan lokasinya.",
        "en": "📍 <b>{name}</b> shared their location.",
    },
    "sos.roster_phone": {
        "id": "📞 Telepon (dari daftar peserta): {phone}",
        "en": "📞 Phone (from the roster): {phone}",
    },
    "sos.phone": {
        "id": "📞 <b>{name}</b> membagikan nomor telepon: {phone}",
        "en": "📞 <b>{name}</b> shared a phone number: {phone}",
    },
    "sos.location_button": {"id": "📍 Bagikan lokasi", "en": "📍 Share my location"},
    "sos.phone_button": {"id": "📞 Bagikan nomor saya", "en": "📞 Share my number"},
    "sos.note": {
        "id": "📝 Catatan dari <b>{name}</b>: {note}",
        "en": "📝 Note from <b>{name}</b>: {note}",
    },
    "sos.sent": {
        "id": "🆘 Peringatan terkirim ke {count} orang (ketua kelompok dan panitia).",
        "en": {
            "one": "🆘 Alert sent to {count} person (group leaders and organisers).",
            "other": "🆘 Alert sent to {count} people (group leaders and organisers).",
        },
    },
    "sos.sent_drill": {
        "id": "🧪 LATIHAN: peringatan latihan terkirim ke {count} orang.",
        "en": {
            "one": "🧪 DRILL: a drill alert went to {count} person.",
            "other": "🧪 DRILL: a drill alert went to {count} people.",
        },
    },
    "sos.ask_details": {
        "id": "Bila bisa, bagikan lokasi Anda (tombol di bawah, atau 📎 → Lokasi: lokasi langsung "
        "lebih baik), nomor telepon Anda, dan/atau tulis catatan singkat. Semuanya boleh "
        "dilewati; /cancel bila selesai.",
        "en": "If you can, share your location (the button below, or 📎 → Location: a live "
        "location is best), your phone number, and/or write a short note. All are optional; "
        "/cancel when done.",
    },
    "sos.passed_on": {
        "id": "Diteruskan ke {count} orang.",
        "en": {"one": "Passed on to {count} person.", "other": "Passed on to {count} people."},
    },
    "sos.details_done": {
        "id": "Terima kasih. Bantuan sedang diatur.",
        "en": "Thank you. Help is being arranged.",
    },
    "sos.confirm": {
        "id": "Anda baru saja mengirim SOS. Kirim lagi?",
        "en": "You sent an SOS a moment ago. Send another?",
    },
    "sos.confirm_button": {"id": "🆘 Ya, kirim lagi", "en": "🆘 Yes, send again"},
    "sos.taken_by": {
        "id": "✅ <b>{responder}</b> menangani SOS dari {name}.",
        "en": "✅ <b>{responder}</b> is on the SOS from {name}.",
    },
    "sos.coming": {
        "id": "✅ <b>{responder}</b> menangani SOS Anda.",
        "en": "✅ <b>{responder}</b> is on your SOS.",
    },
    "sos.you_are_on_it": {"id": "Anda menanganinya.", "en": "You are on it."},
    "sos.already_taken": {
        "id": "Sudah ditangani oleh orang lain.",
        "en": "Someone else is on it already.",
    },
    "sos.not_yours": {
        "id": "Peringatan ini bukan untuk Anda.",
        "en": "This alert was not sent to you.",
    },
    # Groups from a file
    "gf.problems": {
        "id": "File kelompok tidak dipakai, tidak ada yang diubah:",
        "en": "The groups file was not applied, nothing changed:",
    },
    "gf.too_large": {
        "id": "File lebih besar dari {limit} kB.",
        "en": "The file is larger than {limit} kB.",
    },
    "gf.not_utf8": {"id": "File bukan teks UTF-8.", "en": "The file is not UTF-8 text."},
    "gf.yaml_syntax": {
        "id": "Kesalahan sintaks YAML di baris {line}.",
        "en": "YAML syntax error at line {line}.",
    },
    "gf.yaml_shape": {
        "id": "Harus ada <code>groups:</code> (daftar) dan boleh <code>buddies:</code> (daftar pasangan).",
        "en": "Expected <code>groups:</code> (a list) and optionally <code>buddies:</code> (a list of pairs).",
    },
    "gf.group_shape": {
        "id": "Kelompok ke-{number}: perlu name, leader, members (daftar).",
        "en": "Group {number}: expected name, leader, members (a list).",
    },
    "gf.buddies_shape": {
        "id": 'buddies: harus daftar pasangan, mis. ["@rani_d", "@dimas"].',
        "en": 'buddies: expected a list of pairs, e.g. ["@rani_d", "@dimas"].',
    },
    "gf.csv_columns": {
        "id": "Kolom CSV: group, person, dan boleh role (member atau leader).",
        "en": "CSV columns: group, person, and optionally role (member or leader).",
    },
    "gf.csv_role": {
        "id": "Baris {line}: role {role} (member atau leader).",
        "en": "Line {line}: role {role} (member or leader).",
    },
    "gf.csv_syntax": {"id": "Kesalahan CSV: {detail}", "en": "CSV error: {detail}"},
    "gf.empty": {
        "id": "File tidak menyebut kelompok atau pasangan buddy.",
        "en": "The file names no group and no buddy pair.",
    },
    "gf.too_many": {"id": "Lebih dari {limit} kelompok.", "en": "More than {limit} groups."},
    "gf.bad_name": {
        "id": "Kelompok {name}: nama 1–{limit} karakter, tidak diawali @ atau -, tanpa |.",
        "en": "Group {name}: a name of 1–{limit} characters, not starting with @ or -, without |.",
    },
    "gf.twice": {"id": "Kelompok {name} disebut dua kali.", "en": "Group {name} is named twice."},
    "gf.not_member": {
        "id": "Kelompok {name}: {person} bukan anggota kunjungan ini.",
        "en": "Group {name}: {person} is not a member of this visit.",
    },
    "gf.buddy_pair": {
        "id": "Buddy {first} + {second}: perlu dua anggota yang berbeda.",
        "en": "Buddies {first} + {second}: two different members are needed.",
    },
    "gf.two_buddies": {
        "id": "Buddy {first} + {second}: seseorang punya dua buddy.",
        "en": "Buddies {first} + {second}: someone would have two buddies.",
    },
    "gf.unchanged": {
        "id": "File kelompok sama dengan yang sudah ada; tidak ada yang diubah.",
        "en": "The groups file matches what is set already; nothing changed.",
    },
    "gf.confirm": {
        "id": "Perubahan kelompok dari file ini (kelompok lain tetap):",
        "en": "Changes to groups from this file (other groups stay):",
    },
    "gf.diff.added": {
        "id": "➕ <b>{name}</b>: {count} orang, ketua {leader}",
        "en": {
            "one": "➕ <b>{name}</b>: {count} person, leader {leader}",
            "other": "➕ <b>{name}</b>: {count} people, leader {leader}",
        },
    },
    "gf.diff.changed": {"id": "✏️ <b>{name}</b>: {changes}", "en": "✏️ <b>{name}</b>: {changes}"},
    "gf.diff.joined": {"id": "masuk {names}", "en": "joining {names}"},
    "gf.diff.left": {"id": "keluar {names}", "en": "leaving {names}"},
    "gf.diff.leader": {"id": "ketua {leader}", "en": "leader {leader}"},
    "gf.diff.buddies": {"id": "🤝 {first} + {second}", "en": "🤝 {first} + {second}"},
    "gf.apply": {"id": "✅ Terapkan", "en": "✅ Apply"},
    "gf.discard": {"id": "✖️ Batalkan", "en": "✖️ Discard"},
    "gf.applied": {"id": "Kelompok diperbarui.", "en": "Groups updated."},
    "gf.discarded": {
        "id": "File kelompok dibatalkan; tidak ada yang diubah.",
        "en": "Groups file discarded; nothing changed.",
    },
}
