"""Texts of creator profiles, the directory, introductions and forget-me."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    # Commands
    "cmd.profile": {"id": "Profil kreator Anda", "en": "Your creator profile"},
    "cmd.creators": {"id": "Cari kreator", "en": "Find creators"},
    "cmd.introductions": {"id": "Daftar permintaan perkenalan", "en": "List introductions"},
    "cmd.forgetme": {"id": "Hapus data pribadi saya", "en": "Delete my personal data"},
    "creators.cmd.poster": {"id": "Poster QR untuk kreator", "en": "QR poster for creators"},
    # Buttons
    "creators.btn.back": {"id": "◀ Kembali", "en": "◀ Back"},
    "creators.btn.cancel": {"id": "✖ Batal", "en": "✖ Cancel"},
    "creators.btn.done": {"id": "Selesai ✓", "en": "Done ✓"},
    "creators.btn.skip": {"id": "Lewati", "en": "Skip"},
    "creators.btn.consent_yes": {"id": "Ya, bagikan profil saya", "en": "Yes, share my profile"},
    "creators.btn.consent_no": {"id": "Tidak", "en": "No"},
    "creators.btn.submit": {"id": "Kirim ✓", "en": "Submit ✓"},
    "creators.btn.edit": {"id": "Ubah isian", "en": "Edit a field"},
    "creators.btn.delete": {"id": "Hapus profil", "en": "Delete"},
    "creators.btn.delete_yes": {"id": "Ya, hapus", "en": "Yes, delete"},
    "creators.btn.keep": {"id": "Jangan", "en": "Keep it"},
    "creators.btn.approve": {"id": "Setujui", "en": "Approve"},
    "creators.btn.reject": {"id": "Tolak", "en": "Reject"},
    "creators.btn.changes": {"id": "Minta perbaikan", "en": "Ask for changes"},
    "creators.btn.intro": {"id": "Minta perkenalan", "en": "Request an introduction"},
    "creators.btn.accept": {"id": "Terima", "en": "Accept"},
    "creators.btn.decline": {"id": "Tolak", "en": "Decline"},
    "creators.btn.prev": {"id": "◀ Sebelumnya", "en": "◀ Previous"},
    "creators.btn.next": {"id": "Berikutnya ▶", "en": "Next ▶"},
    "creators.btn.all": {"id": "Semua", "en": "All"},
    "creators.field.name": {"id": "Nama", "en": "Name"},
    "creators.field.disciplines": {"id": "Bidang", "en": "Discipline"},
    "creators.field.bio": {"id": "Bio", "en": "Bio"},
    "creators.field.place": {"id": "Tempat", "en": "Place"},
    "creators.field.links": {"id": "Tautan", "en": "Links"},
    "creators.field.contact": {"id": "Kontak", "en": "Contact"},
    "creators.field.photos": {"id": "Foto", "en": "Photos"},
    "creators.discipline.batik": {"id": "Batik dan tekstil", "en": "Batik and textile"},
    "creators.discipline.craft": {"id": "Kriya", "en": "Craft"},
    "creators.discipline.music": {"id": "Musik", "en": "Music"},
    "creators.discipline.dance": {"id": "Tari dan pertunjukan", "en": "Dance and performance"},
    "creators.discipline.film": {"id": "Film dan fotografi", "en": "Film and photography"},
    "creators.discipline.design": {"id": "Desain", "en": "Design"},
    "creators.discipline.culinary": {"id": "Kuliner", "en": "Culinary"},
    "creators.discipline.digital": {"id": "Digital dan gim", "en": "Digital and games"},
    "creators.discipline.other": {"id": "Lainnya", "en": "Other"},
    # The guided chat
    "creators.only_creators": {
        "id": "Profil hanya untuk kreator. Untuk mencari kreator, ketik /creators.",
        "en": "Profiles are for creators. To find creators, send /creators.",
    },
    "creators.step.name": {
        "id": "<b>1/8 Nama</b>\nNama apa yang dilihat peserta? (paling banyak {limit} karakter)\n"
        "Ketik /cancel untuk berhenti.",
        "en": "<b>1/8 Name</b>\nWhat name should participants see? ({limit} characters at most)\n"
        "Send /cancel to stop.",
    },
    "creators.step.disciplines": {
        "id": "<b>2/8 Bidang</b>\nPilih satu atau beberapa, lalu tekan Selesai.",
        "en": "<b>2/8 Discipline</b>\nChoose one or several, then press Done.",
    },
    "creators.step.bio": {
        "id": "<b>3/8 Bio</b>\nCeritakan karya Anda secara singkat (paling banyak {limit} karakter).",
        "en": "<b>3/8 Bio</b>\nDescribe your work briefly ({limit} characters at most).",
    },
    "creators.step.place": {
        "id": "<b>4/8 Tempat</b>\nDi desa atau kecamatan mana Anda berkarya? Ketik namanya "
        "atau bagikan lokasi.",
        "en": "<b>4/8 Place</b>\nWhich village or district do you work in? Type it or share a "
        "location.",
    },
    "creators.step.links": {
        "id": "<b>5/8 Tautan</b>\nKirim hingga {limit} tautan (http/https), dipisah spasi atau "
        "baris baru, atau tekan Lewati.",
        "en": "<b>5/8 Links</b>\nSend up to {limit} links (http/https), separated by spaces or "
        "new lines, or press Skip.",
    },
    "creators.step.contact": {
        "id": "<b>6/8 Kontak</b>\nPeserta menghubungi Anda lewat {username}. Tambahkan nomor "
        "telepon dan/atau e-mail (dipisah koma) bila mau, atau tekan Lewati.",
        "en": "<b>6/8 Contact</b>\nParticipants reach you through {username}. Add a phone "
        "number and/or an e-mail (separated by a comma) if you like, or press Skip.",
    },
    "creators.step.contact_required": {
        "id": "<b>6/8 Kontak</b>\nAkun Telegram Anda tidak punya username, jadi kirim nomor "
        "telepon dan/atau e-mail (dipisah koma).",
        "en": "<b>6/8 Contact</b>\nYour Telegram account has no username, so send a phone "
        "number and/or an e-mail (separated by a comma).",
    },
    "creators.step.photos": {
        "id": "<b>7/8 Foto</b>\nKirim hingga {limit} foto karya Anda (sudah {count}), lalu "
        "tekan Selesai.",
        "en": "<b>7/8 Photos</b>\nSend up to {limit} photos of your work ({count} so far), then "
        "press Done.",
    },
    "creators.step.consent": {
        "id": "<b>8/8 Persetujuan</b>\nBolehkah profil ini dibagikan kepada peserta dan mitra "
        "kunjungan? Tanpa persetujuan, profil tidak dikirim.",
        "en": "<b>8/8 Consent</b>\nMay this profile be shared with the visit's participants and "
        "partners? Without consent nothing is submitted.",
    },
    "creators.step.summary": {
        "id": "<b>Ringkasan profil Anda</b>\n\n{card}\n\nKirim ke panitia untuk ditinjau?",
        "en": "<b>Your profile</b>\n\n{card}\n\nSend it to the organisers for review?",
    },
    "creators.step.edit": {
        "id": "Isian mana yang ingin diubah?",
        "en": "Which field would you like to change?",
    },
    "creators.hint.text": {
        "id": "Mohon kirim jawaban berupa teks.",
        "en": "Please answer with text.",
    },
    "creators.hint.choice": {
        "id": "Mohon pilih dengan tombol di bawah.",
        "en": "Please choose with the buttons below.",
    },
    "creators.hint.place": {
        "id": "Mohon ketik nama tempat atau bagikan lokasi.",
        "en": "Please type a place name or share a location.",
    },
    "creators.hint.photo": {
        "id": "Mohon kirim foto (bukan stiker atau berkas), atau tekan Selesai.",
        "en": "Please send a photo (not a sticker or a file), or press Done.",
    },
    "creators.bad.empty": {"id": "Jawaban kosong.", "en": "The answer is empty."},
    "creators.bad.too_long": {
        "id": "Terlalu panjang: {count} karakter, paling banyak {limit}.",
        "en": "Too long: {count} characters, {limit} at most.",
    },
    "creators.bad.bad_link": {
        "id": "Ini bukan tautan http/https yang benar: {detail}",
        "en": "This is not a valid http/https link: {detail}",
    },
    "creators.bad.too_many_links": {
        "id": "Terlalu banyak tautan: {count}, paling banyak {limit}.",
        "en": "Too many links: {count}, {limit} at most.",
    },
    "creators.bad.bad_contact": {
        "id": "Ini bukan nomor telepon atau e-mail yang benar: {detail}",
        "en": "This is not a valid phone number or e-mail: {detail}",
    },
    "creators.bad.too_many_photos": {
        "id": "Sudah {limit} foto, itu batasnya. Tekan Selesai.",
        "en": "That makes {limit} photos already, the limit. Press Done.",
    },
    "creators.bad.no_discipline": {
        "id": "Pilih paling sedikit satu bidang.",
        "en": "Choose at least one discipline.",
    },
    "creators.no_consent": {
        "id": "Tanpa persetujuan Anda, profil tidak dikirim. Anda bisa menyetujui di bawah atau "
        "ketik /cancel.",
        "en": "Without your consent the profile is not submitted. You can agree below or send "
        "/cancel.",
    },
    "creators.photo_added": {
        "id": "Foto {count}/{limit} diterima.",
        "en": "Photo {count}/{limit} received.",
    },
    "creators.cancelled": {
        "id": "Dibatalkan. Tidak ada yang dikirim.",
        "en": "Cancelled. Nothing was submitted.",
    },
    "creators.none": {"id": "—", "en": "—"},
    "creators.card": {
        "id": "<b>{name}</b>\n<i>{disciplines}</i>\n📍 {place}\n\n{bio}{links}{contact}",
        "en": "<b>{name}</b>\n<i>{disciplines}</i>\n📍 {place}\n\n{bio}{links}{contact}",
    },
    "creators.card.links": {"id": "\n\n🔗 {links}", "en": "\n\n🔗 {links}"},
    "creators.card.contact": {"id": "\n☎️ {contact}", "en": "\n☎️ {contact}"},
    "creators.card.location": {"id": "lokasi dibagikan", "en": "shared location"},
    "creators.card.photos": {
        "id": "\n🖼 {count} foto",
        "en": {"one": "\n🖼 {count} photo", "other": "\n🖼 {count} photos"},
    },
    "creators.submitted.review": {
        "id": "Terima kasih! Profil Anda dikirim ke panitia untuk ditinjau.",
        "en": "Thank you! Your profile has gone to the organisers for review.",
    },
    "creators.submitted.review_kept": {
        "id": "Terima kasih! Perubahan dikirim ke panitia untuk ditinjau; sampai disetujui, "
        "profil lama tetap tampil.",
        "en": "Thank you! The changes have gone to the organisers for review; until they are "
        "approved, your earlier profile stays visible.",
    },
    "creators.submitted.updated": {
        "id": "Profil Anda diperbarui.",
        "en": "Your profile is updated.",
    },
    "creators.mine": {
        "id": "<b>Profil Anda</b> ({status})\n\n{card}{note}",
        "en": "<b>Your profile</b> ({status})\n\n{card}{note}",
    },
    "creators.mine.note": {
        "id": "\n\nCatatan panitia: {note}",
        "en": "\n\nOrganisers' note: {note}",
    },
    "creators.status.pending": {"id": "menunggu tinjauan", "en": "waiting for review"},
    "creators.status.approved": {"id": "disetujui", "en": "approved"},
    "creators.status.rejected": {"id": "ditolak", "en": "rejected"},
    "creators.status.changes_requested": {"id": "perlu perbaikan", "en": "changes requested"},
    "creators.delete_confirm": {
        "id": "Hapus profil Anda? Ini tidak bisa dibatalkan.",
        "en": "Delete your profile? This cannot be undone.",
    },
    "creators.deleted": {"id": "Profil Anda sudah dihapus.", "en": "Your profile is deleted."},
    "creators.kept": {"id": "Profil tetap ada.", "en": "Your profile stays."},
    # Review
    "creators.review.new": {
        "id": "<b>Profil kreator untuk ditinjau</b> (dari {sender})\n\n{card}",
        "en": "<b>Creator profile to review</b> (from {sender})\n\n{card}",
    },
    "creators.review.edited": {
        "id": "<b>Perubahan profil kreator untuk ditinjau</b> (dari {sender}). Versi lama tetap "
        "tampil sampai disetujui.\n\n{card}",
        "en": "<b>Edited creator profile to review</b> (from {sender}). The earlier version "
        "stays visible until this is approved.\n\n{card}",
    },
    "creators.review.photo": {
        "id": "{name} — foto {number}/{total}",
        "en": "{name} — photo {number}/{total}",
    },
    "creators.review.ask_reason": {
        "id": "Tulis alasan penolakan untuk {name} (kreator akan membacanya), atau /cancel.",
        "en": "Write the reason for rejecting {name} (the creator will read it), or /cancel.",
    },
    "creators.review.ask_changes": {
        "id": "Tulis apa yang perlu diperbaiki {name}, atau /cancel.",
        "en": "Write what {name} should change, or /cancel.",
    },
    "creators.review.done.approved": {
        "id": "✅ {name}: disetujui oleh {reviewer}.",
        "en": "✅ {name}: approved by {reviewer}.",
    },
    "creators.review.done.rejected": {
        "id": "❌ {name}: ditolak oleh {reviewer}. Alasan: {note}",
        "en": "❌ {name}: rejected by {reviewer}. Reason: {note}",
    },
    "creators.review.done.changes_requested": {
        "id": "✏️ {name}: {reviewer} meminta perbaikan: {note}",
        "en": "✏️ {name}: {reviewer} asked for changes: {note}",
    },
    "creators.review.already": {
        "id": "Profil ini sudah ditinjau atau sudah diganti versi baru.",
        "en": "This profile was reviewed already or replaced by a newer version.",
    },
    "creators.review.cancelled": {"id": "Tinjauan dibatalkan.", "en": "Review cancelled."},
    "creators.outcome.approved": {
        "id": "🎉 Profil Anda disetujui dan kini tampil bagi peserta dan mitra.",
        "en": "🎉 Your profile is approved and is now visible to participants and partners.",
    },
    "creators.outcome.rejected": {
        "id": "Maaf, profil Anda tidak disetujui. Alasan: {note}",
        "en": "Sorry, your profile was not approved. Reason: {note}",
    },
    "creators.outcome.changes_requested": {
        "id": "Panitia meminta perbaikan profil Anda: {note}\nKetik /profile untuk mengubahnya.",
        "en": "The organisers ask for changes to your profile: {note}\nSend /profile to edit it.",
    },
    # Directory
    "creators.dir.choose": {
        "id": "<b>Kreator</b>: pilih bidang, atau kirim /creators KATA untuk mencari.",
        "en": "<b>Creators</b>: choose a discipline, or send /creators WORDS to search.",
    },
    "creators.dir.results": {
        "id": "<b>{count} kreator</b> ({what}), halaman {page}/{pages}:\n\n{lines}",
        "en": {
            "one": "<b>{count} creator</b> ({what}), page {page}/{pages}:\n\n{lines}",
            "other": "<b>{count} creators</b> ({what}), page {page}/{pages}:\n\n{lines}",
        },
    },
    "creators.dir.line": {
        "id": "{number}. <b>{name}</b> — {disciplines} · {place}",
        "en": "{number}. <b>{name}</b> — {disciplines} · {place}",
    },
    "creators.dir.none": {
        "id": "Tidak ada kreator yang cocok ({what}).",
        "en": "No creators match ({what}).",
    },
    "creators.dir.everything": {"id": "semua", "en": "all"},
    "creators.dir.gone": {
        "id": "Profil ini sudah tidak tersedia.",
        "en": "This profile is no longer available.",
    },
    # Introductions
    "creators.intro.ask_note": {
        "id": "Mengapa Anda ingin berkenalan dengan {name}? Tulis catatan singkat (paling banyak "
        "{limit} karakter), atau /cancel.",
        "en": "Why would you like to meet {name}? Write a short note ({limit} characters at "
        "most), or /cancel.",
    },
    "creators.intro.own": {
        "id": "Ini profil Anda sendiri.",
        "en": "This is your own profile.",
    },
    "creators.intro.sent": {
        "id": "Permintaan perkenalan dikirim ke {name}. Anda akan diberi tahu jawabannya.",
        "en": "Your request has been sent to {name}. You will be told the answer.",
    },
    "creators.intro.already": {
        "id": "Anda sudah meminta perkenalan dengan {name}; tunggu jawabannya.",
        "en": "You have already asked to meet {name}; please wait for the answer.",
    },
    "creators.intro.cancelled": {"id": "Permintaan dibatalkan.", "en": "Request cancelled."},
    "creators.intro.request": {
        "id": "🤝 <b>{asker}</b> ({role}, {visit}) ingin berkenalan dengan Anda:\n\n{note}",
        "en": "🤝 <b>{asker}</b> ({role}, {visit}) would like an introduction:\n\n{note}",
    },
    "creators.intro.accepted_creator": {
        "id": "Anda menerima. Hubungi {asker}: {contact}",
        "en": "You accepted. Reach {asker}: {contact}",
    },
    "creators.intro.accepted_asker": {
        "id": "🤝 {name} menerima permintaan perkenalan Anda. Kontak: {contact}",
        "en": "🤝 {name} accepted your introduction request. Contact: {contact}",
    },
    "creators.intro.declined_creator": {
        "id": "Anda menolak. Peminta akan diberi tahu dengan sopan, tanpa alasan.",
        "en": "You declined. The asker will be told politely, without a reason.",
    },
    "creators.intro.declined_asker": {
        "id": "Terima kasih atas minat Anda. {name} belum bisa menerima perkenalan saat ini.",
        "en": "Thank you for your interest. {name} cannot take up an introduction at the moment.",
    },
    "creators.intro.answered": {
        "id": "Permintaan ini sudah dijawab.",
        "en": "This request was answered already.",
    },
    "creators.intro.no_contact": {"id": "(tanpa kontak)", "en": "(no contact)"},
    "creators.intro.list.title": {
        "id": "<b>Permintaan perkenalan</b> ({count}):",
        "en": "<b>Introductions</b> ({count}):",
    },
    "creators.intro.list.line": {
        "id": "{when}: {asker} → {creator} — {status}",
        "en": "{when}: {asker} → {creator} — {status}",
    },
    "creators.intro.list.empty": {
        "id": "Belum ada permintaan perkenalan.",
        "en": "No introductions yet.",
    },
    "creators.intro.forgotten": {"id": "(dihapus)", "en": "(forgotten)"},
    "creators.intro.status.pending": {"id": "menunggu", "en": "waiting"},
    "creators.intro.status.accepted": {"id": "diterima", "en": "accepted"},
    "creators.intro.status.declined": {"id": "ditolak", "en": "declined"},
    # Export and poster
    "creators.export.usage": {
        "id": "Pemakaian: /export creators",
        "en": "Usage: /export creators",
    },
    "creators.export.empty": {
        "id": "Belum ada profil kreator yang disetujui.",
        "en": "No approved creator profiles yet.",
    },
    "creators.export.caption": {
        "id": "{count} profil kreator yang disetujui.",
        "en": {
            "one": "{count} approved creator profile.",
            "other": "{count} approved creator profiles.",
        },
    },
    "creators.poster.caption": {
        "id": "<b>Kreator Banyuwangi: bergabunglah dengan {visit}!</b>\nPindai kode ini untuk "
        "mengisi profil Anda.\n<b>Creators: join {visit}!</b> Scan this code to fill in your "
        "profile.{label}",
        "en": "<b>Kreator Banyuwangi: bergabunglah dengan {visit}!</b>\nPindai kode ini untuk "
        "mengisi profil Anda.\n<b>Creators: join {visit}!</b> Scan this code to fill in your "
        "profile.{label}",
    },
    "creators.poster.link": {"id": "Tautan poster: {link}", "en": "Poster link: {link}"},
    # Forget-me
    "privacy.ask": {
        "id": "Hapus semua data pribadi Anda dari bot ini? Profil, foto, nama pada pertanyaan, "
        "lokasi check-in dan keanggotaan Anda akan dihapus; yang tersisa hanya hitungan tanpa "
        "nama. Ini tidak bisa dibatalkan.",
        "en": "Delete all your personal data from this bot? Your profile, photos, names on "
        "questions, check-in locations and memberships will be removed; only anonymous counts "
        "remain. This cannot be undone.",
    },
    "privacy.btn.yes": {"id": "Ya, hapus data saya", "en": "Yes, forget me"},
    "privacy.btn.no": {"id": "Jangan", "en": "No, keep it"},
    "privacy.done": {
        "id": "Selesai: data pribadi Anda sudah dihapus. Jika Anda menulis lagi, bot akan "
        "mengenal Anda sebagai orang baru.",
        "en": "Done: your personal data has been deleted. If you write again, the bot will "
        "know you as a new person.",
    },
    "privacy.kept": {
        "id": "Baik, tidak ada yang dihapus.",
        "en": "All right, nothing was deleted.",
    },
}
