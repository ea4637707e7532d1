"""Texts of the partner directory: cards, organisers' /partner commands and /organisation."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.partners": {"id": "Mitra kunjungan", "en": "The visit's partners"},
    "cmd.partner": {"id": "Kelola mitra", "en": "Manage partners"},
    "cmd.organisation": {"id": "Organisasi yang saya wakili", "en": "The organisation I represent"},
    "pt.none": {"id": "Belum ada mitra yang terdaftar.", "en": "No partners listed yet."},
    "pt.card.name": {"id": "🤝 <b>{name}</b>", "en": "🤝 <b>{name}</b>"},
    "pt.card.details": {"id": "{details}", "en": "{details}"},
    "pt.card.description": {"id": "\n{description}", "en": "\n{description}"},
    "pt.card.website": {"id": "🌐 {website}", "en": "🌐 {website}"},
    "pt.card.contact": {"id": "☎️ Kontak: {contact}", "en": "☎️ Contact: {contact}"},
    "pt.card.sessions": {"id": "\n<b>Sesi:</b>", "en": "\n<b>Sessions:</b>"},
    "pt.card.session": {"id": "• {when} — {title}", "en": "• {when} — {title}"},
    "pt.btn.ask": {"id": "❓ Ajukan pertanyaan", "en": "❓ Ask a question"},
    "pt.usage": {
        "id": "Pakai:\n/partner add Nama | Negara | Sektor | Deskripsi (id) | Deskripsi (en) | "
        "Situs | Kontak\n/partner remove ID\n/partner invite MITRA\n/partner rep MITRA @username",
        "en": "Use:\n/partner add Name | Country | Sector | Description (id) | Description (en) | "
        "Website | Contact\n/partner remove ID\n/partner invite PARTNER\n/partner rep PARTNER @username",
    },
    "pt.add.prompt": {
        "id": "Kirim data mitra dalam satu baris:\nNama | Negara | Sektor | Deskripsi (id) | "
        "Deskripsi (en) | Situs | Kontak\n(hanya nama yang wajib)",
        "en": "Send the partner in one line:\nName | Country | Sector | Description (id) | "
        "Description (en) | Website | Contact\n(only the name is required)",
    },
    "pt.add.format": {
        "id": "Format: Nama | Negara | Sektor | Deskripsi (id) | Deskripsi (en) | Situs | Kontak",
        "en": "Format: Name | Country | Sector | Description (id) | Description (en) | Website | Contact",
    },
    "pt.add.no_name": {"id": "Nama mitra wajib diisi.", "en": "The partner's name is required."},
    "pt.add.too_many": {
        "id": "Terlalu banyak bagian (paling banyak 7, dipisah |).",
        "en": "Too many parts (7 at most, separated by |).",
    },
    "pt.add.too_long": {
        "id": "Ada bagian yang terlalu panjang (nama paling banyak 100 karakter).",
        "en": "A part is too long (the name has 100 characters at most).",
    },
    "pt.add.bad_website": {
        "id": "Alamat situs tidak valid.",
        "en": "The website address is not valid.",
    },
    "pt.add.exists": {
        "id": "Mitra bernama {name} sudah ada.",
        "en": "A partner named {name} exists already.",
    },
    "pt.added": {
        "id": "Mitra <b>{name}</b> ditambahkan (ID {id}). Hubungkan perwakilannya dengan "
        "/partner rep {id} @username.",
        "en": "Partner <b>{name}</b> added (ID {id}). Link its representative with "
        "/partner rep {id} @username.",
    },
    "pt.unknown": {
        "id": "Tidak ada mitra yang cocok dengan “{words}”. Lihat /partners.",
        "en": "No partner matches “{words}”. See /partners.",
    },
    "pt.removed": {"id": "Mitra {name} dihapus.", "en": "Partner {name} removed."},
    "pt.link.linked": {
        "id": "{who} kini mewakili <b>{name}</b> dan akan menerima pertanyaan untuknya.",
        "en": "{who} now represents <b>{name}</b> and will receive its questions.",
    },
    "pt.link.not_partner": {
        "id": "{who} bukan mitra dalam kunjungan ini. Undang dulu dengan /invite partner.",
        "en": "{who} is not a partner in this visit. Invite them first with /invite partner.",
    },
    "pt.link.unknown_person": {
        "id": "Tidak menemukan {who} di antara mitra kunjungan ini. Undang dulu dengan "
        "/invite partner.",
        "en": "Could not find {who} among this visit's partners. Invite them first with "
        "/invite partner.",
    },
    "pt.invite.created": {
        "id": "Undangan perwakilan <b>{name}</b>: siapa pun yang membuka tautan ini menjadi mitra "
        "dan menerima pertanyaan untuk {name}.\n{link}",
        "en": "Representative invite for <b>{name}</b>: whoever opens this link becomes a partner "
        "and receives {name}'s questions.\n{link}",
    },
    "pt.invite.qr": {"id": "Pindai untuk mewakili {name}", "en": "Scan to represent {name}"},
    "pt.mine": {
        "id": "Anda mewakili <b>{name}</b>. Pertanyaan untuk organisasi Anda akan masuk ke sini.",
        "en": "You represent <b>{name}</b>. Questions for your organisation arrive here.",
    },
    "pt.choose": {
        "id": "Organisasi mana yang Anda wakili?",
        "en": "Which organisation do you represent?",
    },
    "pt.already_linked": {
        "id": "Anda sudah terhubung dengan sebuah organisasi; minta panitia untuk mengubahnya.",
        "en": "You are already linked to an organisation; ask the organisers to change it.",
    },
    "pt.request.sent": {
        "id": "Permintaan Anda untuk mewakili <b>{name}</b> dikirim ke panitia.",
        "en": "Your request to represent <b>{name}</b> went to the organisers.",
    },
    "pt.request.card": {
        "id": "🤝 {person} ingin mewakili <b>{name}</b>. Setujui?",
        "en": "🤝 {person} asks to represent <b>{name}</b>. Approve?",
    },
    "pt.btn.approve": {"id": "✅ Setujui", "en": "✅ Approve"},
    "pt.btn.decline": {"id": "❌ Tolak", "en": "❌ Decline"},
    "pt.request.approved": {"id": "✅ Disetujui.", "en": "✅ Approved."},
    "pt.request.declined": {"id": "❌ Ditolak.", "en": "❌ Declined."},
    "pt.request.declined_rep": {
        "id": "Panitia tidak menyetujui permintaan Anda untuk mewakili <b>{name}</b>.",
        "en": "The organisers did not approve your request to represent <b>{name}</b>.",
    },
    "pt.chosen": {
        "id": "Anda kini mewakili <b>{name}</b>. Pertanyaan untuk organisasi Anda akan masuk ke sini.",
        "en": "You now represent <b>{name}</b>. Questions for your organisation arrive here.",
    },
}
