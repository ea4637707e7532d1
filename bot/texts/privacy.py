"""Texts of the rights: retention warnings, /mydata, consents and /privacy."""

TEXTS = {
    "retention.warning": {
        "id": "⏳ Data pribadi kunjungan <b>{visit}</b> akan dihapus pada {day} ({days} hari "
        "setelah kunjungan berakhir): peserta, profil kreator, pertanyaan, check-in, "
        "pengumuman, dan kunjungan itu sendiri. Unduh dulu yang Anda perlukan: "
        "/export attendance, /export questions, /export creators. Berkas yang sudah Anda unduh "
        "tetap milik Anda.",
        "en": "⏳ The personal data of the visit <b>{visit}</b> will be deleted on {day} "
        "({days} days after the visit ended): participants, creator profiles, questions, "
        "check-ins, announcements, and the visit itself. Download what you need first: "
        "/export attendance, /export questions, /export creators. Files you downloaded stay "
        "yours.",
    },
    # /mydata
    "cmd.mydata": {"id": "Salinan data pribadi saya", "en": "A copy of my personal data"},
    "mydata.caption.html": {
        "id": "📄 Semua data yang disimpan bot ini tentang Anda, untuk dibaca. Untuk memperbaiki: "
        "/language, /profile (kreator); nama mengikuti akun Telegram Anda. Untuk menghapus: "
        "/forgetme.",
        "en": "📄 Everything this bot stores about you, to read. To correct it: /language, "
        "/profile (creators); your name follows your Telegram account. To erase it: /forgetme.",
    },
    "mydata.caption.json": {
        "id": "🗂 Data yang sama dalam JSON, untuk dibaca mesin atau dibawa ke layanan lain.",
        "en": "🗂 The same data as JSON, for machines or to take to another service.",
    },
    "mydata.html.title": {"id": "Data Anda di Rombongan", "en": "Your data in Rombongan"},
    "mydata.html.intro": {
        "id": "Semua yang disimpan bot tentang Anda pada {when} (UTC): satu bagian per tabel. "
        "Nomor orang lain tidak ditampilkan. Foto disimpan di server Telegram; bot hanya "
        "menyimpan id berkasnya.",
        "en": "Everything the bot stored about you at {when} (UTC): one section per table. "
        "Other people's ids are left out. Photos stay on Telegram's servers; the bot keeps only "
        "their file ids.",
    },
    "mydata.html.nothing": {
        "id": "Bot tidak menyimpan apa pun tentang Anda.",
        "en": "The bot stores nothing about you.",
    },
    "mydata.table.people": {"id": "Anda", "en": "You"},
    "mydata.table.session_feedback": {"id": "Umpan balik sesi", "en": "Session feedback"},
    "mydata.table.reflections": {"id": "Refleksi harian", "en": "Daily reflections"},
    "mydata.table.leads": {
        "id": "Peluang kerja sama yang Anda tandai",
        "en": "Collaboration leads you marked",
    },
    "mydata.table.visits": {"id": "Kunjungan Anda", "en": "Your visits"},
    "mydata.table.memberships": {"id": "Keanggotaan dan peran", "en": "Memberships and roles"},
    "mydata.table.invites": {"id": "Undangan yang Anda buat", "en": "Invites you created"},
    "mydata.table.dialogs": {
        "id": "Percakapan terpandu yang berjalan",
        "en": "Guided chat in progress",
    },
    "mydata.table.person_group_members": {"id": "Grup Anda", "en": "Your groups"},
    "mydata.table.outbox": {"id": "Pesan dari bot untuk Anda", "en": "Messages the bot sent you"},
    "mydata.table.mutes": {"id": "Notifikasi yang Anda matikan", "en": "Notifications you muted"},
    "mydata.table.announcement_acks": {
        "id": "Pengumuman yang Anda konfirmasi",
        "en": "Announcements you acknowledged",
    },
    "mydata.table.checkins": {"id": "Check-in", "en": "Check-ins"},
    "mydata.table.rollcall_members": {"id": "Absen (roll call)", "en": "Roll calls"},
    "mydata.table.questions": {"id": "Pertanyaan", "en": "Questions"},
    "mydata.table.question_votes": {"id": "Dukungan pertanyaan", "en": "Question votes"},
    "mydata.table.creator_profiles": {"id": "Profil kreator", "en": "Creator profile"},
    "mydata.table.creator_introductions": {
        "id": "Permintaan perkenalan",
        "en": "Introduction requests",
    },
    "mydata.table.partner_representatives": {
        "id": "Perwakilan mitra",
        "en": "Partner representative",
    },
    # /privacy: consents
    "cmd.privacy": {"id": "Persetujuan saya", "en": "My consents"},
    "privacy.none": {
        "id": "Anda belum memberikan persetujuan apa pun. Salinan data Anda: /mydata. "
        "Menghapus semuanya: /forgetme.",
        "en": "You have not given any consent. A copy of your data: /mydata. Erasing it all: "
        "/forgetme.",
    },
    "privacy.title": {"id": "<b>Persetujuan Anda</b>", "en": "<b>Your consents</b>"},
    "privacy.consent": {
        "id": "<b>{purpose}</b> — {visit}\n{state}\nTeks yang Anda setujui (versi {version}): "
        "<i>{agreed}</i>\nJika ditarik: {effect}",
        "en": "<b>{purpose}</b> — {visit}\n{state}\nThe text you agreed to (version "
        "{version}): <i>{agreed}</i>\nIf withdrawn: {effect}",
    },
    "privacy.state.given": {"id": "✅ Diberikan {when}", "en": "✅ Given {when}"},
    "privacy.state.withdrawn": {"id": "⛔ Ditarik {when}", "en": "⛔ Withdrawn {when}"},
    "privacy.purpose.creator_profile": {
        "id": "Profil kreator dibagikan",
        "en": "Creator profile shared",
    },
    "privacy.purpose.checkin_location": {
        "id": "Lokasi untuk check-in",
        "en": "Location for check-in",
    },
    "privacy.effect.creator_profile": {
        "id": "profil Anda tidak lagi tampil di direktori kreator dan indeks pencariannya; untuk "
        "membagikannya lagi, kirim ulang lewat /profile.",
        "en": "your profile no longer appears in the creator directory or its search index; to "
        "share it again, submit it again with /profile.",
    },
    "privacy.effect.checkin_location": {
        "id": "lokasi yang Anda kirim tidak dipakai lagi untuk check-in (pakai tombol atau kode "
        "QR), dan jarak yang tersimpan dihapus; check-in Anda tetap tercatat.",
        "en": "locations you send are no longer used to check you in (use the button or the QR "
        "code), and the stored distances are removed; your check-ins stay recorded.",
    },
    "privacy.footer": {
        "id": "Salinan semua data Anda: /mydata. Menghapus semuanya: /forgetme.",
        "en": "A copy of all your data: /mydata. Erasing it all: /forgetme.",
    },
    "privacy.btn.withdraw": {"id": "Tarik: {purpose}", "en": "Withdraw: {purpose}"},
    "privacy.btn.again": {"id": "Setujui lagi: {purpose}", "en": "Agree again: {purpose}"},
    "privacy.withdrawn": {
        "id": "Persetujuan ditarik. {effect}",
        "en": "Consent withdrawn. {effect}",
    },
    "privacy.given_again": {
        "id": "Persetujuan diberikan lagi.",
        "en": "Consent given again.",
    },
    "ci.location_withdrawn": {
        "id": "Anda telah menarik persetujuan memakai lokasi untuk check-in, jadi lokasi ini "
        "tidak dipakai. Check-in dengan tombol (/checkin) atau kode QR, atau setujui lagi lewat "
        "/privacy.",
        "en": "You withdrew your consent to using your location for check-in, so this location "
        "was not used. Check in with the button (/checkin) or the QR code, or agree again in "
        "/privacy.",
    },
}
