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
}
