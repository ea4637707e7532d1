"""Texts of the rest of duty of care: /emergency, rooming and transport lists, dietary and
access needs, and the persistent SOS button."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.emergency": {
        "id": "🆘 Nomor darurat, rumah sakit, titik kumpul",
        "en": "🆘 Emergency numbers, hospitals, meeting points",
    },
    "cmd.rooming": {
        "id": "Atur kamar, kendaraan dan kursi",
        "en": "Set rooms, vehicles and seats",
    },
    "cmd.needs": {
        "id": "Kebutuhan makanan dan akses saya",
        "en": "My dietary and access needs",
    },
    # /emergency
    "emergency.title": {
        "id": "🆘 <b>Info darurat — {visit}</b>",
        "en": "🆘 <b>Emergency information — {visit}</b>",
    },
    "emergency.numbers": {"id": "☎️ <b>Nomor darurat</b>", "en": "☎️ <b>Emergency numbers</b>"},
    "emergency.number": {"id": "• {kind}: <b>{number}</b>", "en": "• {kind}: <b>{number}</b>"},
    "emergency.kind.emergency": {"id": "Darurat (semua)", "en": "Emergency (all)"},
    "emergency.kind.ambulance": {"id": "Ambulans", "en": "Ambulance"},
    "emergency.kind.police": {"id": "Polisi", "en": "Police"},
    "emergency.kind.fire": {"id": "Pemadam kebakaran", "en": "Fire brigade"},
    "emergency.kind.sar": {"id": "SAR / Basarnas", "en": "Search and rescue (Basarnas)"},
    "emergency.hotel": {"id": "🏨 <b>Hotel</b>", "en": "🏨 <b>Hotel</b>"},
    "emergency.place": {"id": "{place}", "en": "{place}"},
    "emergency.hospitals": {
        "id": "🏥 <b>Rumah sakit terdekat</b>",
        "en": "🏥 <b>Nearest hospital</b>",
    },
    "emergency.nearest": {
        "id": "• {venue} → <b>{hospital}</b> ({distance}) ☎️ {phone}",
        "en": "• {venue} → <b>{hospital}</b> ({distance}) ☎️ {phone}",
    },
    "emergency.organisers": {
        "id": "👤 <b>Panitia</b>",
        "en": "👤 <b>Organisers</b>",
    },
    "emergency.contact": {"id": "• {name}: <b>{phone}</b>", "en": "• {name}: <b>{phone}</b>"},
    "emergency.points": {"id": "🚩 <b>Titik kumpul</b>", "en": "🚩 <b>Meeting points</b>"},
    "emergency.point": {"id": "{number}. {name}{note}", "en": "{number}. {name}{note}"},
    "emergency.separated": {
        "id": "🧭 <b>Jika terpisah dari rombongan</b>",
        "en": "🧭 <b>If you are separated from the group</b>",
    },
    "emergency.separated.text": {"id": "{text}", "en": "{text}"},
    "emergency.separated.default": {
        "id": "Tetap di tempat yang aman dan ramai, kirim /sos (atau tekan 🆘 SOS) dan bagikan "
        "lokasi Anda, lalu telepon panitia. Jangan pergi sendiri.",
        "en": "Stay somewhere safe and busy, send /sos (or press 🆘 SOS) and share your "
        "location, then call an organiser. Do not go off on your own.",
    },
    "emergency.pin.hotel": {"id": "🏨 {name}", "en": "🏨 {name}"},
    "emergency.pin.hospital": {"id": "🏥 {name}", "en": "🏥 {name}"},
    "emergency.pin.point": {"id": "🚩 {name}", "en": "🚩 {name}"},
    "emergency.set.usage": {
        "id": "Ubah paket darurat (panitia):\n"
        "<code>/emergency number police 110</code>\n"
        "<code>/emergency hotel Nama | alamat | telepon | lat, lon</code>\n"
        "<code>/emergency hospital Nama | alamat | telepon | lat, lon</code>\n"
        "<code>/emergency point Nama | lat, lon | catatan</code>\n"
        "<code>/emergency organiser Nama | telepon</code>\n"
        "<code>/emergency separated_id Teks</code> · <code>separated_en Text</code>\n"
        "<code>/emergency remove hospital Nama</code>\n"
        "Atau sertakan bagian <code>emergency:</code> di berkas agenda.",
        "en": "Change the emergency pack (organisers):\n"
        "<code>/emergency number police 110</code>\n"
        "<code>/emergency hotel Name | address | phone | lat, lon</code>\n"
        "<code>/emergency hospital Name | address | phone | lat, lon</code>\n"
        "<code>/emergency point Name | lat, lon | note</code>\n"
        "<code>/emergency organiser Name | phone</code>\n"
        "<code>/emergency separated_id Teks</code> · <code>separated_en Text</code>\n"
        "<code>/emergency remove hospital Name</code>\n"
        "Or put an <code>emergency:</code> section in the agenda file.",
    },
    "emergency.set.saved": {
        "id": "✅ Paket darurat disimpan. Semua orang melihatnya dengan /emergency.",
        "en": "✅ Emergency pack saved. Everyone sees it with /emergency.",
    },
    "emergency.set.invalid": {
        "id": "Tidak disimpan: {problem}",
        "en": "Not saved: {problem}",
    },
    "emergency.set.bad_pin": {
        "id": "Tidak disimpan: tulis lokasi sebagai <code>lat, lon</code>, mis. -8.2192, 114.3691.",
        "en": "Not saved: write the location as <code>lat, lon</code>, e.g. -8.2192, 114.3691.",
    },
    "emergency.set.not_found": {
        "id": "Tidak ada “{name}” di paket darurat.",
        "en": "There is no “{name}” in the emergency pack.",
    },
    # The persistent SOS button (a reply keyboard under the message field)
    "sos.menu_button": {"id": "🆘 SOS", "en": "🆘 SOS"},
    "sos.menu_ready": {
        "id": "Tombol 🆘 SOS selalu ada di bawah kolom pesan: tekan jika Anda butuh bantuan.",
        "en": "The 🆘 SOS button is always below the message field: press it if you need help.",
    },
    # Rooming and transport
    "lg.usage": {
        "id": "Atur kamar, kendaraan dan kursi seseorang:\n"
        "<code>/rooming @username kamar | kendaraan | kursi</code> (<code>-</code> mengosongkan)\n"
        "Atau kirim berkas <code>rooming.csv</code> dengan kolom "
        "<code>person,room,vehicle,seat</code>. Ekspor: <code>/export rooming</code>.",
        "en": "Set someone's room, vehicle and seat:\n"
        "<code>/rooming @username room | vehicle | seat</code> (<code>-</code> clears)\n"
        "Or send a <code>rooming.csv</code> file with the columns "
        "<code>person,room,vehicle,seat</code>. Export: <code>/export rooming</code>.",
    },
    "lg.saved": {
        "id": "✅ {name}: {assignment}",
        "en": "✅ {name}: {assignment}",
    },
    "lg.cleared": {"id": "✅ {name}: tanpa kamar/kendaraan.", "en": "✅ {name}: no room/vehicle."},
    "lg.unknown_user": {
        "id": "{name} bukan anggota kunjungan ini.",
        "en": "{name} is not a member of this visit.",
    },
    "lg.room": {"id": "🛏 Kamar {room}", "en": "🛏 Room {room}"},
    "lg.vehicle": {"id": "🚌 {vehicle}", "en": "🚌 {vehicle}"},
    "lg.seat": {"id": "kursi {seat}", "en": "seat {seat}"},
    "lg.mine": {"id": "🧳 <b>Anda</b>: {assignment}", "en": "🧳 <b>You</b>: {assignment}"},
    "lg.group_title": {
        "id": "📋 <b>{group}</b> — kamar dan kendaraan:",
        "en": "📋 <b>{group}</b> — rooms and vehicles:",
    },
    "lg.group_line": {"id": "• {name}: {assignment}", "en": "• {name}: {assignment}"},
    "lg.nothing": {"id": "belum diatur", "en": "not set yet"},
    "lg.problems": {
        "id": "Berkas kamar tidak diterapkan (tidak ada yang berubah):",
        "en": "The rooming file was not applied (nothing changed):",
    },
    "lg.problem.columns": {
        "id": "kolom harus <code>person,room,vehicle,seat</code> (ada: {detail})",
        "en": "the columns must be <code>person,room,vehicle,seat</code> (found: {detail})",
    },
    "lg.problem.unknown": {
        "id": "baris {row}: {detail} bukan anggota kunjungan ini",
        "en": "row {row}: {detail} is not a member of this visit",
    },
    "lg.problem.twice": {
        "id": "baris {row}: {detail} sudah ada di baris lain",
        "en": "row {row}: {detail} is named on another row too",
    },
    "lg.problem.too_long": {
        "id": "baris {row}: {detail} terlalu panjang (maks. 60 huruf)",
        "en": "row {row}: {detail} is too long (60 characters at most)",
    },
    "lg.problem.seat_taken": {
        "id": "baris {row}: kursi {detail} sudah dipakai orang lain",
        "en": "row {row}: seat {detail} is taken by someone else",
    },
    "lg.problem.unreadable": {
        "id": "berkas tidak terbaca (CSV UTF-8, maks. 200 kB)",
        "en": "the file cannot be read (UTF-8 CSV, 200 kB at most)",
    },
    "lg.problem.empty": {"id": "berkas kosong", "en": "the file is empty"},
    "lg.confirm": {
        "id": "Berkas kamar dan kendaraan — perubahan:",
        "en": "Rooming and transport file — changes:",
    },
    "lg.diff.set": {"id": "✏️ {name}: {assignment}", "en": "✏️ {name}: {assignment}"},
    "lg.diff.removed": {"id": "➖ {name}: dihapus", "en": "➖ {name}: removed"},
    "lg.unchanged": {
        "id": "Berkas sama dengan daftar yang tersimpan: tidak ada perubahan.",
        "en": "The file is the same as the stored list: nothing to change.",
    },
    "lg.apply": {"id": "✅ Terapkan", "en": "✅ Apply"},
    "lg.discard": {"id": "✖️ Batalkan", "en": "✖️ Discard"},
    "lg.applied": {
        "id": "✅ Daftar kamar dan kendaraan diterapkan.",
        "en": "✅ Rooming list applied.",
    },
    "lg.discarded": {"id": "Berkas dibatalkan.", "en": "File discarded."},
    "export.rooming": {"id": "Kamar dan kendaraan", "en": "Rooming and transport"},
    "lg.export_caption": {
        "id": "Kamar, kendaraan dan kursi — {visit}",
        "en": "Rooms, vehicles and seats — {visit}",
    },
    # Dietary and access needs
    "needs.consent": {
        "id": "🍽 <b>Kebutuhan makanan dan akses</b>\n"
        "Agar panitia dapat menyiapkan makanan dan perjalanan, Anda boleh memberi tahu kebutuhan "
        "Anda (halal, vegetarian, alergi, mobilitas) dan catatan singkat. Ini data pribadi "
        "<b>spesifik</b> (UU 27/2022 Pasal 4): hanya panitia yang melihatnya, katering hanya "
        "menerima jumlah dan nama depan, dan semuanya dihapus jika Anda menarik persetujuan "
        "(/needs atau /privacy), dengan /forgetme, atau saat masa simpan kunjungan berakhir. "
        "Setuju?",
        "en": "🍽 <b>Dietary and access needs</b>\n"
        "So the organisers can plan meals and travel, you may tell them your needs (halal, "
        "vegetarian, allergies, mobility) and a short note. This is <b>specific</b> personal "
        "data (UU 27/2022 Pasal 4): only organisers see it, the caterer gets counts and first "
        "names only, and it is deleted when you withdraw this consent (/needs or /privacy), "
        "with /forgetme, or when the visit's retention ends. Do you agree?",
    },
    "needs.agree": {"id": "✅ Saya setuju", "en": "✅ I agree"},
    "needs.decline": {"id": "✖️ Tidak", "en": "✖️ No"},
    "needs.declined": {
        "id": "Baik, tidak ada yang disimpan.",
        "en": "All right, nothing is stored.",
    },
    "needs.title": {
        "id": "🍽 <b>Kebutuhan Anda</b> (hanya panitia yang melihat)\n{flags}\nCatatan: {note}\n\n"
        "Tekan untuk mengubah; tulis catatan dengan tombol ✏️.",
        "en": "🍽 <b>Your needs</b> (only organisers see them)\n{flags}\nNote: {note}\n\n"
        "Press to change; write a note with the ✏️ button.",
    },
    "needs.flags.none": {"id": "tidak ada yang dipilih", "en": "nothing chosen"},
    "needs.note.none": {"id": "—", "en": "—"},
    "needs.flag.halal": {"id": "Halal", "en": "Halal"},
    "needs.flag.vegetarian": {"id": "Vegetarian", "en": "Vegetarian"},
    "needs.flag.allergies": {"id": "Alergi", "en": "Allergies"},
    "needs.flag.mobility": {"id": "Mobilitas", "en": "Mobility"},
    "needs.note_button": {"id": "✏️ Catatan", "en": "✏️ Note"},
    "needs.withdraw_button": {
        "id": "🗑 Tarik persetujuan dan hapus",
        "en": "🗑 Withdraw consent and delete",
    },
    "needs.ask_note": {
        "id": "Tulis catatan singkat (mis. “alergi kacang”, “kursi roda”), maks. 300 huruf. "
        "/cancel untuk batal.",
        "en": "Write a short note (e.g. “peanut allergy”, “wheelchair”), 300 characters at most. "
        "/cancel to stop.",
    },
    "needs.note_saved": {"id": "✅ Catatan disimpan.", "en": "✅ Note saved."},
    "needs.withdrawn": {
        "id": "Persetujuan ditarik; kebutuhan Anda telah dihapus.",
        "en": "Consent withdrawn; your needs have been deleted.",
    },
    "needs.no_consent": {
        "id": "Berikan persetujuan dulu dengan /needs.",
        "en": "Give your consent first with /needs.",
    },
    "export.needs": {"id": "Kebutuhan (panitia)", "en": "Needs (organisers)"},
    "export.catering": {"id": "Katering (jumlah)", "en": "Catering (counts)"},
    "needs.export_caption": {
        "id": "Kebutuhan makanan dan akses — {visit} (data spesifik: jangan disebarkan)",
        "en": "Dietary and access needs — {visit} (specific data: do not pass on)",
    },
    "needs.catering_caption": {
        "id": "Untuk katering — {visit}: jumlah dan nama depan saja",
        "en": "For the caterer — {visit}: counts and first names only",
    },
    "privacy.purpose.dietary_needs": {
        "id": "Kebutuhan makanan dan akses",
        "en": "Dietary and access needs",
    },
    "privacy.effect.dietary_needs": {
        "id": "Jika ditarik: kebutuhan dan catatan Anda dihapus seketika.",
        "en": "If withdrawn: your needs and note are deleted at once.",
    },
    "mydata.table.logistics": {"id": "Kamar dan kendaraan", "en": "Rooms and vehicles"},
    "mydata.table.dietary_needs": {
        "id": "Kebutuhan makanan dan akses",
        "en": "Dietary and access needs",
    },
}
