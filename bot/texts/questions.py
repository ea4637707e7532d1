"""Texts of partner Q&A: asking, moderation, votes, answers, the archive and the live list."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.ask": {
        "id": "Ajukan pertanyaan ke mitra atau sesi",
        "en": "Ask a partner or a session a question",
    },
    "cmd.myquestions": {"id": "Status pertanyaan saya", "en": "The state of my questions"},
    "cmd.questions": {"id": "Pertanyaan terbuka dan voting", "en": "Open questions and votes"},
    "cmd.qa": {"id": "Cari arsip tanya jawab", "en": "Search the Q&amp;A archive"},
    "cmd.live": {
        "id": "Daftar pertanyaan langsung untuk ruangan",
        "en": "Live question list for the room",
    },
    "cmd.moderation": {"id": "Moderasi pertanyaan aktif/mati", "en": "Question moderation on/off"},
    # Buttons
    "qa.btn.cancel": {"id": "✖️ Batal", "en": "✖️ Cancel"},
    "qa.btn.named": {"id": "👤 Tampilkan nama saya", "en": "👤 Show my name"},
    "qa.btn.anonymous": {"id": "🕶 Tanya secara anonim", "en": "🕶 Ask anonymously"},
    "qa.btn.send": {"id": "📨 Kirim", "en": "📨 Send"},
    "qa.btn.publish": {"id": "✅ Terbitkan", "en": "✅ Publish"},
    "qa.btn.reject": {"id": "❌ Tolak", "en": "❌ Reject"},
    "qa.btn.edit": {"id": "✏️ Ubah", "en": "✏️ Edit"},
    "qa.btn.other_reason": {"id": "✍️ Alasan lain (ketik)", "en": "✍️ Other reason (type it)"},
    "qa.btn.back": {"id": "↩️ Kembali", "en": "↩️ Back"},
    "qa.btn.answer": {"id": "💬 Jawab", "en": "💬 Answer"},
    # Problems with a text
    "qa.problem.empty": {
        "id": "Pertanyaannya kosong. Tulis pertanyaan Anda dalam satu pesan.",
        "en": "The text is empty. Write it in one message.",
    },
    "qa.problem.no_words": {
        "id": "Tolong tulis dengan kata-kata, bukan hanya emoji atau tanda baca.",
        "en": "Please write it in words, not only emoji or punctuation.",
    },
    "qa.problem.too_long": {
        "id": "Teks terlalu panjang: paling banyak {limit} karakter. Persingkat lalu kirim lagi.",
        "en": "The text is too long: {limit} characters at most. Shorten it and send it again.",
    },
    "qa.problem.repeated": {
        "id": "Anda sudah mengajukan pertanyaan yang sama. Lihat /myquestions.",
        "en": "You already asked this same question. See /myquestions.",
    },
    # Asking
    "qa.ask.no_targets": {
        "id": "Belum ada mitra atau sesi yang bisa ditanya.",
        "en": "There is no partner or session to ask yet.",
    },
    "qa.ask.choose": {
        "id": "Pertanyaan Anda untuk siapa? Pilih mitra (🤝) atau sesi (🗓).",
        "en": "Who is your question for? Choose a partner (🤝) or a session (🗓).",
    },
    "qa.ask.write": {
        "id": "Tulis pertanyaan Anda untuk <b>{target}</b> (paling banyak {limit} karakter).",
        "en": "Write your question for <b>{target}</b> ({limit} characters at most).",
    },
    "qa.ask.text_only": {
        "id": "Tolong kirim teks saja.",
        "en": "Please send text only.",
    },
    "qa.ask.anon": {
        "id": "Tampilkan nama Anda kepada mitra dan peserta lain, atau bertanya secara anonim? "
        "(Panitia selalu melihat nama penanya.)",
        "en": "Show your name to the partner and the other participants, or ask anonymously? "
        "(Organisers always see who asked.)",
    },
    "qa.ask.how.anonymous": {"id": "anonim", "en": "anonymously"},
    "qa.ask.how.named": {"id": "dengan nama Anda", "en": "with your name"},
    "qa.ask.confirm": {
        "id": "Kirim pertanyaan ini untuk <b>{target}</b> {how}?\n\n{text}",
        "en": "Send this question to <b>{target}</b> {how}?\n\n{text}",
    },
    "qa.ask.sent_waiting": {
        "id": "Terkirim. Pertanyaan #{id} untuk {target} menunggu tinjauan panitia. "
        "Lihat statusnya dengan /myquestions.",
        "en": "Sent. Question #{id} for {target} is waiting for the organisers' review. "
        "See its state with /myquestions.",
    },
    "qa.ask.sent_published": {
        "id": "Terkirim. Pertanyaan #{id} untuk {target} sudah terbit; yang lain bisa memberi 👍.",
        "en": "Sent. Question #{id} for {target} is published; others can vote 👍 for it.",
    },
    "qa.ask.use_buttons": {
        "id": "Silakan pilih dengan tombol di pesan sebelumnya.",
        "en": "Please choose with the buttons on the previous message.",
    },
    "qa.cancelled": {
        "id": "Dibatalkan. Tidak ada yang disimpan.",
        "en": "Cancelled. Nothing was saved.",
    },
    # Who asked
    "qa.asker.gone": {
        "id": "(penanya tidak lagi terdaftar)",
        "en": "(the asker is no longer listed)",
    },
    "qa.asker.anonymous": {"id": "Anonim", "en": "Anonymous"},
    "qa.asker.anonymous_to_others": {
        "id": "{name} — <i>anonim bagi peserta dan mitra</i>",
        "en": "{name} — <i>anonymous to participants and partners</i>",
    },
    # Moderation
    "qa.mod.card": {
        "id": "❓ <b>Pertanyaan baru #{id}</b> untuk <b>{target}</b>\nDari: {asker}\n\n{text}{edited}",
        "en": "❓ <b>New question #{id}</b> for <b>{target}</b>\nFrom: {asker}\n\n{text}{edited}",
    },
    "qa.mod.edited": {
        "id": "\n\n<i>Diubah panitia. Teks asli:</i> {original}",
        "en": "\n\n<i>Edited by the organisers. Original:</i> {original}",
    },
    "qa.mod.nobody": {"id": "otomatis", "en": "automatically"},
    "qa.mod.status.published": {"id": "✅ Diterbitkan oleh {by}.", "en": "✅ Published by {by}."},
    "qa.mod.status.rejected": {
        "id": "❌ Ditolak oleh {by}: {reason}",
        "en": "❌ Rejected by {by}: {reason}",
    },
    "qa.mod.done.published": {"id": "Diterbitkan.", "en": "Published."},
    "qa.mod.done.rejected": {
        "id": "Ditolak; penanya sudah diberi tahu.",
        "en": "Rejected; the asker is told.",
    },
    "qa.mod.already.published": {
        "id": "Pertanyaan ini sudah diterbitkan oleh panitia lain.",
        "en": "This question was already published by another organiser.",
    },
    "qa.mod.already.rejected": {
        "id": "Pertanyaan ini sudah ditolak oleh panitia lain.",
        "en": "This question was already rejected by another organiser.",
    },
    "qa.mod.already.answered": {
        "id": "Pertanyaan ini sudah dijawab.",
        "en": "This question has already been answered.",
    },
    "qa.mod.already.decided": {
        "id": "Pertanyaan ini sudah diputuskan; teksnya tidak diubah.",
        "en": "This question was already decided; its text was not changed.",
    },
    "qa.mod.type_reason": {
        "id": "Ketik alasan penolakan pertanyaan #{id} (paling banyak {limit} karakter). "
        "Penanya akan membacanya.",
        "en": "Type the reason for rejecting question #{id} ({limit} characters at most). "
        "The asker will read it.",
    },
    "qa.mod.type_edit": {
        "id": "Kirim teks yang sudah diperbaiki untuk pertanyaan #{id}. Teks asli tetap disimpan.\n\n"
        "Sekarang:\n<code>{text}</code>",
        "en": "Send the corrected text of question #{id}. The original is kept.\n\n"
        "Now:\n<code>{text}</code>",
    },
    "qa.mod.edited_ok": {"id": "Teks diperbarui.", "en": "Text updated."},
    "qa.reason.duplicate": {
        "id": "Pertanyaan serupa sudah diajukan.",
        "en": "A similar question was already asked.",
    },
    "qa.reason.off_topic": {
        "id": "Di luar topik kunjungan ini.",
        "en": "Off the topic of this visit.",
    },
    "qa.reason.tone": {
        "id": "Mohon rumuskan ulang dengan bahasa yang lebih santun.",
        "en": "Please rephrase it more politely.",
    },
    "qa.moderation.usage": {
        "id": "Pakai: /moderation on atau /moderation off",
        "en": "Use: /moderation on or /moderation off",
    },
    "qa.moderation.queue": {
        "id": "Menunggu tinjauan: <b>{count}</b>, yang terlama lebih dulu.",
        "en": "Waiting for review: <b>{count}</b>, oldest first.",
    },
    "qa.moderation.queue_more": {
        "id": "Ditampilkan {shown} dari {count}; ketik /moderation lagi setelah memutuskan.",
        "en": "Showing {shown} of {count}; send /moderation again once these are decided.",
    },
    "qa.moderation.queue_empty": {
        "id": "Tidak ada pertanyaan yang menunggu tinjauan.",
        "en": "No question is waiting for review.",
    },
    "qa.moderation.on": {
        "id": "Moderasi <b>aktif</b> untuk {visit}: panitia meninjau setiap pertanyaan sebelum terbit.",
        "en": "Moderation is <b>on</b> for {visit}: organisers review each question before it is published.",
    },
    "qa.moderation.off": {
        "id": "Moderasi <b>mati</b> untuk {visit}: pertanyaan langsung terbit.",
        "en": "Moderation is <b>off</b> for {visit}: questions are published at once.",
    },
    # Lists and votes
    "qa.scope.all": {"id": "semua mitra dan sesi", "en": "all partners and sessions"},
    "qa.list.unknown_scope": {
        "id": "Tidak ada mitra atau sesi yang cocok dengan “{words}”. Lihat /partners.",
        "en": "No partner or session matches “{words}”. See /partners.",
    },
    "qa.list.empty": {
        "id": "Belum ada pertanyaan terbuka untuk {scope}.",
        "en": "No open questions for {scope} yet.",
    },
    "qa.list.title": {
        "id": "<b>Pertanyaan terbuka untuk {scope}</b> ({count}), urut menurut 👍. "
        "Tekan 👍 untuk mendukung; tekan lagi untuk membatalkan.",
        "en": "<b>Open questions for {scope}</b> ({count}), by 👍. "
        "Press 👍 to support one; press again to take it back.",
    },
    "qa.card": {
        "id": "<b>#{id}</b> · {target}\n{text}\n— {asker}",
        "en": "<b>#{id}</b> · {target}\n{text}\n— {asker}",
    },
    "qa.vote.voted": {"id": "👍 Suara Anda tercatat.", "en": "👍 Your vote counts."},
    "qa.vote.unvoted": {"id": "Suara Anda dibatalkan.", "en": "Your vote was taken back."},
    "qa.vote.own": {
        "id": "Anda tidak bisa memberi suara untuk pertanyaan Anda sendiri.",
        "en": "You cannot vote for your own question.",
    },
    "qa.vote.closed": {
        "id": "Pertanyaan ini tidak lagi terbuka untuk voting.",
        "en": "This question is no longer open for votes.",
    },
    # Answers
    "qa.answer.not_yours": {
        "id": "Maaf, pertanyaan ini bukan untuk organisasi Anda.",
        "en": "Sorry, this question is not meant for your organisation.",
    },
    "qa.answer.not_open": {
        "id": "Pertanyaan ini tidak menunggu jawaban (belum terbit atau sudah dijawab).",
        "en": "This question is not waiting for an answer (not published, or already answered).",
    },
    "qa.answer.write": {
        "id": "Tulis jawaban Anda untuk pertanyaan #{id} (paling banyak {limit} karakter):\n\n<i>{text}</i>",
        "en": "Write your answer to question #{id} ({limit} characters at most):\n\n<i>{text}</i>",
    },
    "qa.answer.write_aloud": {
        "id": "Catat jawaban yang diberikan secara lisan untuk pertanyaan #{id} "
        "(paling banyak {limit} karakter):\n\n<i>{text}</i>",
        "en": "Record the answer given aloud to question #{id} "
        "({limit} characters at most):\n\n<i>{text}</i>",
    },
    "qa.answer.sent": {
        "id": "Terima kasih! Jawaban untuk pertanyaan #{id} dikirim ke {count} orang.",
        "en": {
            "one": "Thank you! The answer to question #{id} goes to {count} person.",
            "other": "Thank you! The answer to question #{id} goes to {count} people.",
        },
    },
    "qa.answered_aloud": {
        "id": "dijawab secara lisan, dicatat panitia",
        "en": "answered aloud, recorded by the organisers",
    },
    # The asker's questions
    "qa.mine.empty": {
        "id": "Anda belum mengajukan pertanyaan. Mulai dengan /ask.",
        "en": "You have not asked anything yet. Start with /ask.",
    },
    "qa.mine.title": {
        "id": "<b>Pertanyaan Anda</b> ({count})",
        "en": "<b>Your questions</b> ({count})",
    },
    "qa.mine.line": {
        "id": "<b>#{id}</b> · {target} — {state}\n{text}",
        "en": "<b>#{id}</b> · {target} — {state}\n{text}",
    },
    "qa.state.waiting": {"id": "⏳ menunggu tinjauan", "en": "⏳ waiting for review"},
    "qa.state.published": {"id": "📢 terbit, 👍 {votes}", "en": "📢 published, 👍 {votes}"},
    "qa.state.rejected": {"id": "❌ ditolak: {reason}", "en": "❌ rejected: {reason}"},
    "qa.state.answered": {"id": "💬 dijawab: {answer}", "en": "💬 answered: {answer}"},
    # Archive and export
    "qa.search.usage": {
        "id": "Pakai: /qa KATA… untuk mencari pertanyaan yang sudah dijawab.",
        "en": "Use: /qa WORDS… to search the answered questions.",
    },
    "qa.search.none": {
        "id": "Tidak ada pertanyaan terjawab yang cocok dengan “{words}”.",
        "en": "No answered question matches “{words}”.",
    },
    "qa.search.title": {
        "id": "<b>Arsip tanya jawab: “{words}”</b> ({count})",
        "en": "<b>Q&amp;A archive: “{words}”</b> ({count})",
    },
    "qa.search.hit": {
        "id": "<b>{target}</b> · <i>{visit}</i>\n❓ {question}\n💬 {answer}",
        "en": "<b>{target}</b> · <i>{visit}</i>\n❓ {question}\n💬 {answer}",
    },
    "qa.export.caption": {"id": "Semua pertanyaan {visit}", "en": "Every question of {visit}"},
    # Live list
    "qa.live.title": {
        "id": "🔴 <b>Pertanyaan langsung — {scope}</b>",
        "en": "🔴 <b>Live questions — {scope}</b>",
    },
    "qa.live.empty": {"id": "Belum ada pertanyaan terbuka.", "en": "No open questions yet."},
    "qa.live.line": {
        "id": "{rank}. (👍 {votes}) {text} — {asker}",
        "en": "{rank}. (👍 {votes}) {text} — {asker}",
    },
    # Deliveries
    "qa.partner.card": {
        "id": "❓ <b>Pertanyaan #{id}</b> untuk <b>{target}</b>\nDari: {asker}\n\n{text}\n\n"
        "<i>Balas pesan ini untuk menjawab, atau tekan Jawab.</i>",
        "en": "❓ <b>Question #{id}</b> for <b>{target}</b>\nFrom: {asker}\n\n{text}\n\n"
        "<i>Reply to this message to answer, or press Answer.</i>",
    },
    "qa.note.published": {
        "id": "📢 Pertanyaan #{id} untuk {target} sudah diterbitkan.",
        "en": "📢 Your question #{id} for {target} is published.",
    },
    "qa.note.rejected": {
        "id": "Pertanyaan #{id} untuk {target} tidak diterbitkan. Alasan: {reason}",
        "en": "Your question #{id} for {target} was not published. Reason: {reason}",
    },
    "qa.note.answer": {
        "id": "💬 <b>Jawaban atas pertanyaan #{id}</b> ({target})\n\n<i>{question}</i>\n\n{answer}\n— {answerer}",
        "en": "💬 <b>Answer to question #{id}</b> ({target})\n\n<i>{question}</i>\n\n{answer}\n— {answerer}",
    },
}
