"""Texts of announcements, delivery reports, named groups and the linked group chat."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.announce": {"id": "Kirim pengumuman", "en": "Send an announcement"},
    "cmd.announcements": {
        "id": "Laporan pengiriman pengumuman",
        "en": "Delivery reports of announcements",
    },
    "cmd.group": {"id": "Atur kelompok bernama", "en": "Define named groups"},
    "cmd.linkgroup": {
        "id": "Tautkan grup Telegram kunjungan (di grup)",
        "en": "Link the visit's Telegram group (in the group)",
    },
    # What recipients see
    "ann.header": {
        "id": "📢 <b>Pengumuman</b>\n\n{text}",
        "en": "📢 <b>Announcement</b>\n\n{text}",
    },
    "ann.header.urgent": {
        "id": "🚨 <b>PENGUMUMAN PENTING</b>\n\n{text}",
        "en": "🚨 <b>URGENT ANNOUNCEMENT</b>\n\n{text}",
    },
    "ann.ack.button": {"id": "✅ Siap, mengerti", "en": "✅ Got it"},
    "ann.ack.recorded": {"id": "Terima kasih, sudah dicatat.", "en": "Thank you, noted."},
    "ann.ack.already": {
        "id": "Anda sudah mengonfirmasi pengumuman ini.",
        "en": "You have already acknowledged this announcement.",
    },
    # The guided chat
    "ann.ask_text": {
        "id": "Tulis pengumuman Anda (paling banyak {limit} karakter). Anda boleh melampirkan "
        "satu foto atau dokumen dengan keterangan. /cancel untuk batal.",
        "en": "Write your announcement ({limit} characters at most). You may attach one photo "
        "or document with a caption. /cancel to stop.",
    },
    "ann.empty": {
        "id": "Pengumuman tidak boleh kosong. Tulis teksnya (atau keterangan foto/dokumen).",
        "en": "An announcement cannot be empty. Write its text (or a caption for the photo "
        "or document).",
    },
    "ann.too_long": {
        "id": "Terlalu panjang: {length} karakter, paling banyak {limit}. Persingkat lalu "
        "kirim lagi.",
        "en": "Too long: {length} characters, {limit} at most. Shorten it and send it again.",
    },
    "ann.unsupported": {
        "id": "Lampiran ini tidak didukung. Kirim teks, satu foto, atau satu dokumen.",
        "en": "This attachment is not supported. Send text, one photo or one document.",
    },
    "ann.ask_audience": {"id": "Untuk siapa pengumuman ini?", "en": "Who is it for?"},
    "ann.audience.everyone": {"id": "Semua anggota", "en": "Everyone"},
    "ann.audience.checked_in": {"id": "Check-in: {title}", "en": "Checked in: {title}"},
    "ann.audience.option": {"id": "{label} ({count})", "en": "{label} ({count})"},
    "ann.ask_urgency": {
        "id": "Biasa atau penting? Pengumuman penting dikirim lebih dulu.",
        "en": "Normal or urgent? Urgent announcements go out first.",
    },
    "ann.urgency.normal": {"id": "Biasa", "en": "Normal"},
    "ann.urgency.urgent": {"id": "🚨 Penting", "en": "🚨 Urgent"},
    "ann.ask_ack": {
        "id": "Perlu konfirmasi \u201cSiap, mengerti\u201d dari penerima?",
        "en": "Should recipients acknowledge it with \u201cGot it\u201d?",
    },
    "ann.ack.yes": {"id": "Ya, minta konfirmasi", "en": "Yes, ask for it"},
    "ann.ack.no": {"id": "Tidak perlu", "en": "No"},
    "ann.ask_group_chat": {
        "id": "Kirim juga ke grup <b>{title}</b>?",
        "en": "Also post it in the group <b>{title}</b>?",
    },
    "ann.yes": {"id": "Ya", "en": "Yes"},
    "ann.no": {"id": "Tidak", "en": "No"},
    "ann.preview": {
        "id": "👆 Pratinjau. Untuk: <b>{audience}</b>, {count} orang{group}.\n"
        "{urgency} · {ack}\nKirim sekarang?",
        "en": {
            "one": "👆 Preview. For: <b>{audience}</b>, {count} person{group}.\n"
            "{urgency} · {ack}\nSend it now?",
            "other": "👆 Preview. For: <b>{audience}</b>, {count} people{group}.\n"
            "{urgency} · {ack}\nSend it now?",
        },
    },
    "ann.preview.group": {"id": " + grup {title}", "en": " + the group {title}"},
    "ann.preview.ack": {"id": "dengan konfirmasi", "en": "with acknowledgement"},
    "ann.preview.no_ack": {"id": "tanpa konfirmasi", "en": "no acknowledgement"},
    "ann.send": {"id": "📤 Kirim", "en": "📤 Send"},
    "ann.cancel": {"id": "Batal", "en": "Cancel"},
    "ann.cancelled": {
        "id": "Pengumuman dibatalkan. Tidak ada yang dikirim.",
        "en": "Cancelled. Nothing was sent.",
    },
    "ann.no_recipients": {
        "id": "Tidak ada penerima untuk pilihan ini. Pilih yang lain.",
        "en": "Nobody is in this audience. Choose another.",
    },
    "ann.audience_gone": {
        "id": "Kelompok penerima ini sudah tidak ada. Tidak ada yang dikirim; mulai lagi dengan /announce.",
        "en": "This audience no longer exists. Nothing was sent; start again with /announce.",
    },
    "ann.queued": {
        "id": "📤 Pengumuman #{number} sedang dikirim ke {count} orang.",
        "en": {
            "one": "📤 Announcement #{number} is going out to {count} person.",
            "other": "📤 Announcement #{number} is going out to {count} people.",
        },
    },
    "ann.already_sent": {
        "id": "Pengumuman ini sudah dikirim.",
        "en": "This announcement has already been sent.",
    },
    # Reports
    "ann.report.title": {
        "id": "📊 <b>Laporan pengumuman #{number}</b>",
        "en": "📊 <b>Announcement #{number} report</b>",
    },
    "ann.report.counts": {
        "id": "Terkirim {sent} · menunggu {pending} · gagal {failed} · tak terjangkau "
        "{unreachable} (dari {total})",
        "en": "Sent {sent} · pending {pending} · failed {failed} · unreachable {unreachable} "
        "(of {total})",
    },
    "ann.report.acks": {
        "id": "Sudah konfirmasi: {acknowledged} dari {total}",
        "en": "Acknowledged: {acknowledged} of {total}",
    },
    "ann.report.names.failed": {"id": "❌ Gagal: {names}", "en": "❌ Failed: {names}"},
    "ann.report.names.unreachable": {
        "id": "🚫 Tak terjangkau: {names}",
        "en": "🚫 Unreachable: {names}",
    },
    "ann.report.names.waiting": {
        "id": "⏳ Belum konfirmasi: {names}",
        "en": "⏳ Not acknowledged yet: {names}",
    },
    "ann.report.names.acknowledged": {
        "id": "✅ Sudah konfirmasi: {names}",
        "en": "✅ Acknowledged: {names}",
    },
    "ann.report.more": {"id": " dan {count} lainnya", "en": " and {count} more"},
    "ann.report.group": {"id": "Grup: {state}", "en": "Group chat: {state}"},
    "ann.report.state.sent": {"id": "terkirim", "en": "sent"},
    "ann.report.state.pending": {"id": "menunggu", "en": "pending"},
    "ann.report.state.failed": {"id": "gagal", "en": "failed"},
    "ann.report.state.dropped": {"id": "dibatalkan", "en": "dropped"},
    "ann.report.going": {"id": "<i>Sedang dikirim…</i>", "en": "<i>Going out…</i>"},
    "ann.report.done": {"id": "<i>Selesai.</i>", "en": "<i>Done.</i>"},
    "ann.report.refresh": {"id": "🔄 Perbarui", "en": "🔄 Refresh"},
    "ann.report.resend": {
        "id": "🔁 Kirim ulang ke {count} yang belum konfirmasi",
        "en": {
            "one": "🔁 Re-send to {count} who has not acknowledged",
            "other": "🔁 Re-send to {count} who have not acknowledged",
        },
    },
    "ann.resend.queued": {
        "id": "Dikirim ulang ke {count} orang.",
        "en": {"one": "Sent again to {count} person.", "other": "Sent again to {count} people."},
    },
    "ann.resend.busy": {
        "id": "Masih ada yang sedang dikirim. Coba lagi setelah selesai.",
        "en": "Copies are still going out. Try again when it is done.",
    },
    "ann.resend.none": {
        "id": "Semua penerima sudah konfirmasi.",
        "en": "Everyone has acknowledged.",
    },
    "ann.list.title": {"id": "Pengumuman terakhir:", "en": "Latest announcements:"},
    "ann.list.empty": {"id": "Belum ada pengumuman.", "en": "No announcements yet."},
    "ann.list.button": {"id": "#{number} {preview}", "en": "#{number} {preview}"},
    "ann.unreachable_notice": {
        "id": "⚠️ {name} tidak bisa dihubungi lagi (memblokir bot atau menghapus akun). "
        "Hubungi langsung bila perlu.",
        "en": "⚠️ {name} can no longer be reached (blocked the bot or deleted the account). "
        "Contact them directly if needed.",
    },
    # The linked group chat
    "ann.link.done": {
        "id": "Grup ini ditautkan ke <b>{visit}</b>. Pengumuman dapat dikirim ke sini juga.",
        "en": "This group is now linked to <b>{visit}</b>. Announcements can be posted here too.",
    },
    "ann.link.in_group_only": {
        "id": "Ketik /linkgroup di grup Telegram kunjungan (tambahkan bot ke grup dulu).",
        "en": "Send /linkgroup in the visit's Telegram group (add the bot to it first).",
    },
    # Named groups
    "group.usage": {
        "id": "Pakai: <code>/group NAMA @user1 @user2</code> untuk mengatur anggota, "
        "<code>/group NAMA</code> untuk melihatnya, <code>/group NAMA -</code> untuk menghapus, "
        "<code>/group NAMA leader @user</code> untuk menunjuk ketuanya. "
        "Pasangan buddy: <code>/buddy @user1 @user2</code>.",
        "en": "Use: <code>/group NAME @user1 @user2</code> to set its members, "
        "<code>/group NAME</code> to see them, <code>/group NAME -</code> to delete it, "
        "<code>/group NAME leader @user</code> to give it a leader. "
        "Buddy pairs: <code>/buddy @user1 @user2</code>.",
    },
    "group.leader_set": {
        "id": "<b>{leader}</b> kini ketua kelompok <b>{name}</b>.",
        "en": "<b>{leader}</b> now leads the group <b>{name}</b>.",
    },
    "group.leader_removed": {
        "id": "Kelompok <b>{name}</b> kini tanpa ketua.",
        "en": "The group <b>{name}</b> has no leader now.",
    },
    "group.leader_line": {"id": "Ketua: {leader}", "en": "Leader: {leader}"},
    "group.list": {"id": "Kelompok: {groups}", "en": "Groups: {groups}"},
    "group.none": {"id": "Belum ada kelompok.", "en": "No groups yet."},
    "group.saved": {
        "id": "Kelompok <b>{name}</b> disimpan dengan {count} anggota.",
        "en": {
            "one": "Group <b>{name}</b> saved with {count} member.",
            "other": "Group <b>{name}</b> saved with {count} members.",
        },
    },
    "group.unknown_users": {
        "id": "Tidak ditemukan di kunjungan ini: {names}. Tidak ada yang diubah.",
        "en": "Not found in this visit: {names}. Nothing was changed.",
    },
    "group.members": {"id": "<b>{name}</b>: {names}", "en": "<b>{name}</b>: {names}"},
    "group.unknown": {
        "id": "Tidak ada kelompok bernama {name}.",
        "en": "There is no group called {name}.",
    },
    "group.deleted": {"id": "Kelompok {name} dihapus.", "en": "Group {name} deleted."},
    "group.bad_name": {
        "id": "Nama kelompok paling banyak {limit} karakter dan tidak boleh diawali @ atau -.",
        "en": "A group name has {limit} characters at most and cannot start with @ or -.",
    },
}
