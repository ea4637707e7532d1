"""Texts of learning and impact: session feedback, the daily reflection, leads and reports."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.feedback": {"id": "Umpan balik per sesi", "en": "Feedback per session"},
    "cmd.reflect": {"id": "Refleksi harian", "en": "Daily reflection"},
    "cmd.myreport": {
        "id": "Laporan perjalanan saya (DOCX)",
        "en": "My visit report (DOCX)",
    },
    "cmd.report": {"id": "Laporan dampak kunjungan (DOCX)", "en": "Visit impact report (DOCX)"},
    "cmd.leads": {"id": "Peluang kerja sama", "en": "Collaboration leads"},
    "mute.category.feedback": {
        "id": "permintaan umpan balik sesi",
        "en": "session feedback requests",
    },
    "mute.category.reflection": {
        "id": "ajakan refleksi harian",
        "en": "daily reflection invitations",
    },
    "export.feedback": {"id": "Umpan balik", "en": "Feedback"},
    # ---------------------------------------------------------------- feedback
    "fb.ask": {
        "id": "⭐ Bagaimana sesi <b>{title}</b>? Pilih nilai 1 (kurang) sampai 5 (sangat baik). "
        "Satu ketukan cukup; komentar boleh ditambahkan sesudahnya.",
        "en": "⭐ How was <b>{title}</b>? Tap a rating from 1 (poor) to 5 (excellent). "
        "One tap is enough; you can add a comment after.",
    },
    "fb.rated": {
        "id": "⭐ <b>{title}</b>: nilai Anda {stars}. Terima kasih! Ketuk angka lain untuk mengubahnya.",
        "en": "⭐ <b>{title}</b>: your rating {stars}. Thank you! Tap another number to change it.",
    },
    "fb.your_comment": {"id": "💬 Komentar Anda: {comment}", "en": "💬 Your comment: {comment}"},
    "fb.signed": {
        "id": "Panitia melihat nama Anda bersama komentar ini.",
        "en": "The organisers see your name with this comment.",
    },
    "fb.anonymous": {
        "id": "Komentar ini anonim bagi panitia.",
        "en": "This comment is anonymous to the organisers.",
    },
    "fb.comment_button": {"id": "💬 Tambah komentar", "en": "💬 Add a comment"},
    "fb.recomment": {"id": "💬 Ubah komentar", "en": "💬 Change the comment"},
    "fb.sign_button": {"id": "✍️ Cantumkan nama saya", "en": "✍️ Sign with my name"},
    "fb.unsign_button": {"id": "🙈 Jadikan anonim", "en": "🙈 Make it anonymous"},
    "fb.thanks": {"id": "Terima kasih! Nilai: {stars}", "en": "Thank you! Rating: {stars}"},
    "fb.changed": {"id": "Nilai diubah: {stars}", "en": "Rating changed: {stars}"},
    "fb.bad_rating": {
        "id": "Nilai harus antara 1 dan 5. Tidak ada yang disimpan.",
        "en": "A rating is from 1 to 5. Nothing was saved.",
    },
    "fb.not_attended": {
        "id": "Umpan balik hanya untuk sesi yang Anda hadiri (sudah check-in). Tidak ada yang disimpan.",
        "en": "Feedback is only for sessions you attended (checked in). Nothing was saved.",
    },
    "fb.rate_first": {
        "id": "Beri nilai dulu (1–5), lalu komentar.",
        "en": "Give a rating first (1–5), then a comment.",
    },
    "fb.ask_comment": {
        "id": "💬 Tulis komentar singkat (satu baris) tentang <b>{title}</b>, atau /cancel.",
        "en": "💬 Write a short comment (one line) about <b>{title}</b>, or /cancel.",
    },
    "fb.comment_saved": {
        "id": "Komentar disimpan, anonim bagi panitia. Ingin mencantumkan nama?",
        "en": "Comment saved, anonymous to the organisers. Would you like to sign it?",
    },
    "fb.comment_text_only": {
        "id": "Komentar berupa satu baris teks. Tulis lagi, atau /cancel.",
        "en": "A comment is one line of text. Write it again, or /cancel.",
    },
    "fb.sign_done": {
        "id": "Nama Anda kini tampil bersama komentar.",
        "en": "Your name now shows with the comment.",
    },
    "fb.unsign_done": {"id": "Komentar kini anonim.", "en": "The comment is anonymous now."},
    "fb.summary.none": {
        "id": "Belum ada umpan balik.",
        "en": "No feedback yet.",
    },
    "fb.summary.title": {
        "id": "⭐ <b>Umpan balik — {visit}</b>",
        "en": "⭐ <b>Feedback — {visit}</b>",
    },
    "fb.summary.line": {
        "id": "• <b>{title}</b> ({when}): {count} tanggapan, rata-rata {average} — {distribution}",
        "en": {
            "one": "• <b>{title}</b> ({when}): {count} response, average {average} — {distribution}",
            "other": "• <b>{title}</b> ({when}): {count} responses, average {average} — {distribution}",
        },
    },
    "fb.comment_line": {"id": "   💬 “{comment}” — {who}", "en": "   💬 “{comment}” — {who}"},
    "fb.anonymous_name": {"id": "anonim", "en": "anonymous"},
    "fb.no_comments": {"id": "   (belum ada komentar)", "en": "   (no comments yet)"},
    "fb.usage": {
        "id": "/feedback — ringkasan semua sesi\n/feedback KODE — satu sesi dengan komentarnya\n"
        "/feedback share on|off — mitra boleh (tidak) melihat ringkasan sesi mereka\n"
        "/export feedback — berkasnya",
        "en": "/feedback — every session's summary\n/feedback KEY — one session with its comments\n"
        "/feedback share on|off — partners may (not) see their sessions' summary\n"
        "/export feedback — the file",
    },
    "fb.unknown_session": {
        "id": "Tidak ada sesi dengan kode {key}.",
        "en": "No session has the key {key}.",
    },
    "fb.share_on": {
        "id": "Mitra kini dapat melihat ringkasan umpan balik sesi mereka (/feedback), tanpa nama.",
        "en": "Partners can now see the summary of their own sessions' feedback (/feedback), without names.",
    },
    "fb.share_off": {
        "id": "Mitra tidak lagi melihat umpan balik sesi mereka.",
        "en": "Partners no longer see their sessions' feedback.",
    },
    "fb.partner_not_shared": {
        "id": "Panitia belum membagikan umpan balik sesi kepada mitra.",
        "en": "The organisers have not shared session feedback with partners.",
    },
    "fb.partner_none": {
        "id": "Anda belum tercatat sebagai wakil sebuah organisasi mitra.",
        "en": "You are not recorded as the representative of a partner organisation.",
    },
    # ---------------------------------------------------------------- reflection
    "rf.invite": {
        "id": "📝 <b>Refleksi harian — {day}</b>\nTiga pertanyaan singkat: apa yang terjadi, apa "
        "artinya bagi diplomasi Indonesia, dan apa yang akan Anda lakukan. Jawab dengan teks atau "
        "pesan suara. Hanya untuk Anda, kecuali Anda membagikannya kepada panitia. Bisa dijawab "
        "sampai besok pukul 12.00.",
        "en": "📝 <b>Daily reflection — {day}</b>\nThree short questions: what happened, what it "
        "means for Indonesia's diplomacy, and what you will do with it. Answer by text or voice "
        "note. Private to you unless you share it with the organisers. Open until noon tomorrow.",
    },
    "rf.start_button": {"id": "▶️ Mulai", "en": "▶️ Start"},
    "rf.skip_day_button": {"id": "Lewati hari ini", "en": "Skip today"},
    "rf.skip_button": {"id": "⏭ Lewati pertanyaan ini", "en": "⏭ Skip this question"},
    "rf.prompt.happened": {
        "id": "({number}/3) <b>Apa yang terjadi hari ini?</b> Ceritakan satu momen yang paling "
        "berkesan (teks atau pesan suara).",
        "en": "({number}/3) <b>What happened today?</b> Describe the moment that struck you most "
        "(text or voice note).",
    },
    "rf.prompt.meaning": {
        "id": "({number}/3) <b>Apa artinya bagi diplomasi Indonesia?</b>",
        "en": "({number}/3) <b>What does it mean for Indonesia's diplomacy?</b>",
    },
    "rf.prompt.action": {
        "id": "({number}/3) <b>Apa yang akan Anda lakukan dengannya?</b>",
        "en": "({number}/3) <b>What will you do with it?</b>",
    },
    "rf.done_private": {
        "id": "✅ Refleksi tersimpan. Hanya Anda yang dapat melihatnya (dan memasukkannya ke "
        "/myreport).",
        "en": "✅ Reflection saved. Only you can see it (it goes into your /myreport).",
    },
    "rf.done_shared": {
        "id": "✅ Refleksi tersimpan dan dibagikan kepada panitia.",
        "en": "✅ Reflection saved and shared with the organisers.",
    },
    "rf.share_button": {"id": "📤 Bagikan kepada panitia", "en": "📤 Share with the organisers"},
    "rf.unshare_button": {"id": "🔒 Jadikan pribadi lagi", "en": "🔒 Make it private again"},
    "rf.skipped_day": {
        "id": "Baik, refleksi hari ini dilewati.",
        "en": "All right, today's reflection is skipped.",
    },
    "rf.answered": {
        "id": "Anda sudah menjawab sebagian; lanjutkan atau lewati pertanyaan satu per satu.",
        "en": "You have answered part of it already; go on, or skip the questions one by one.",
    },
    "rf.closed": {
        "id": "Refleksi hari itu sudah ditutup (sampai pukul 12.00 keesokan harinya). Tidak ada "
        "yang disimpan.",
        "en": "That day's reflection is closed (it stays open until noon the next day). Nothing "
        "was saved.",
    },
    "rf.done_already": {
        "id": "Refleksi hari itu sudah selesai. Terima kasih!",
        "en": "That day's reflection is done. Thank you!",
    },
    "rf.text_or_voice": {
        "id": "Jawab dengan teks atau pesan suara, atau ketuk Lewati.",
        "en": "Answer with text or a voice note, or tap Skip.",
    },
    "rf.none_open": {
        "id": "Tidak ada refleksi yang terbuka sekarang.",
        "en": "No reflection is open right now.",
    },
    "rf.next_at": {
        "id": "Refleksi berikutnya: {when}.",
        "en": "Next reflection: {when}.",
    },
    "rf.shared_now": {"id": "Dibagikan kepada panitia.", "en": "Shared with the organisers."},
    "rf.unshared_now": {"id": "Kini pribadi lagi.", "en": "Private again."},
    "rf.nothing_to_share": {
        "id": "Belum ada jawaban untuk dibagikan.",
        "en": "There is no answer to share yet.",
    },
    "rf.time_set": {
        "id": "Refleksi harian dikirim pukul {time} setiap hari kunjungan.",
        "en": "The daily reflection goes out at {time} on each visit day.",
    },
    "rf.time_off": {"id": "Refleksi harian dimatikan.", "en": "The daily reflection is off."},
    "rf.organiser_usage": {
        "id": "/reflect time 20:00 — jam refleksi harian (atau /reflect off)\n"
        "/reflect shared — refleksi yang dibagikan peserta\nSekarang: {time}",
        "en": "/reflect time 20:00 — the daily reflection's time (or /reflect off)\n"
        "/reflect shared — reflections participants shared\nNow: {time}",
    },
    "rf.off": {"id": "mati", "en": "off"},
    "rf.bad_time": {
        "id": "Tulis jamnya sebagai JJ:MM, misalnya /reflect time 20:00 (atau /reflect off).",
        "en": "Write the time as HH:MM, e.g. /reflect time 20:00 (or /reflect off).",
    },
    "rf.shared.title": {
        "id": "📝 <b>Refleksi yang dibagikan: {count}</b> (pribadi: {private})",
        "en": "📝 <b>Reflections shared: {count}</b> (private: {private})",
    },
    "rf.shared.head": {"id": "\n<b>{name}</b> — {day}", "en": "\n<b>{name}</b> — {day}"},
    "rf.label.happened": {"id": "Terjadi:", "en": "Happened:"},
    "rf.label.meaning": {"id": "Artinya:", "en": "Means:"},
    "rf.label.action": {"id": "Tindakan:", "en": "Will do:"},
    "rf.voice": {"id": "🎤 pesan suara ({length})", "en": "🎤 voice note ({length})"},
    "rf.text": {"id": "{text}", "en": "{text}"},
    # ---------------------------------------------------------------- leads
    "ld.someone": {"id": "(anonim)", "en": "(anonymous)"},
    "ld.status.new": {"id": "baru", "en": "new"},
    "ld.status.contacted": {"id": "sudah dihubungi", "en": "contacted"},
    "ld.status.agreed": {"id": "disepakati", "en": "agreed"},
    "ld.status.dropped": {"id": "batal", "en": "dropped"},
    "ld.line.question": {
        "id": "{icon} <b>#{number}</b> Pertanyaan {who} → {partner}: “{what}” — <i>{status}</i>",
        "en": "{icon} <b>#{number}</b> Question from {who} → {partner}: “{what}” — <i>{status}</i>",
    },
    "ld.line.introduction": {
        "id": "{icon} <b>#{number}</b> Perkenalan {who} ↔ {what} — <i>{status}</i>",
        "en": "{icon} <b>#{number}</b> Introduction {who} ↔ {what} — <i>{status}</i>",
    },
    "ld.title": {
        "id": "🤝 <b>Peluang kerja sama</b> (ketuk nomor untuk mengubah status)",
        "en": "🤝 <b>Collaboration leads</b> (tap a number to change its status)",
    },
    "ld.none": {
        "id": "🤝 Belum ada peluang kerja sama yang ditandai.",
        "en": "🤝 No collaboration lead marked yet.",
    },
    "ld.mark_button": {"id": "➕ Tandai peluang baru", "en": "➕ Mark a new lead"},
    "ld.candidates.title": {
        "id": "Pilih pertanyaan terjawab atau perkenalan yang layak ditindaklanjuti:",
        "en": "Pick an answered question or an introduction worth a follow-up:",
    },
    "ld.candidates.none": {
        "id": "Tidak ada pertanyaan terjawab atau perkenalan diterima yang belum ditandai.",
        "en": "No answered question or accepted introduction is left to mark.",
    },
    "ld.marked": {"id": "Ditandai sebagai peluang #{number}.", "en": "Marked as lead #{number}."},
    "ld.changed": {"id": "Status: {status}", "en": "Status: {status}"},
    "ld.same": {"id": "Statusnya sudah {status}.", "en": "It is {status} already."},
    "ld.not_yours": {
        "id": "Hanya panitia atau mitra yang bersangkutan yang dapat melakukannya.",
        "en": "Only the organisers or the partner concerned can do that.",
    },
    "ld.unknown": {"id": "Data ini sudah tidak ada.", "en": "This is no longer there."},
    # ---------------------------------------------------------------- reports
    "rp.my_caption": {
        "id": "📄 Laporan perjalanan Anda — dapat disunting sebelum diserahkan.",
        "en": "📄 Your visit report — edit it before you hand it in.",
    },
    "rp.impact_caption": {
        "id": "📊 Laporan dampak — {visit}",
        "en": "📊 Impact report — {visit}",
    },
    "rp.chart_caption": {"id": "{caption}", "en": "{caption}"},
    # ---------------------------------------------------------------- documents
    "doc.my.title": {"id": "Laporan Perjalanan Dinas", "en": "Visit Report"},
    "doc.my.name": {"id": "Nama: {name}", "en": "Name: {name}"},
    "doc.role.organiser": {"id": "Peran: panitia", "en": "Role: organiser"},
    "doc.role.participant": {"id": "Peran: peserta", "en": "Role: participant"},
    "doc.role.partner": {"id": "Peran: mitra", "en": "Role: partner"},
    "doc.role.creator": {"id": "Peran: kreator", "en": "Role: creator"},
    "doc.my.purpose": {"id": "I. Maksud dan Tujuan", "en": "I. Purpose"},
    "doc.my.purpose_text": {
        "id": "Mengikuti kunjungan lapangan {visit} di {region}.",
        "en": "To take part in the field visit {visit} in {region}.",
    },
    "doc.my.dates": {"id": "Waktu: {first} – {last}", "en": "Dates: {first} – {last}"},
    "doc.my.programme": {"id": "II. Kegiatan yang Diikuti", "en": "II. Programme Attended"},
    "doc.my.late": {"id": "(terlambat)", "en": "(late)"},
    "doc.my.questions": {
        "id": "III. Pertanyaan yang Diajukan dan Jawaban",
        "en": "III. Questions Asked and Answers Received",
    },
    "doc.my.question": {
        "id": "{number}. Kepada {target}: {text}",
        "en": "{number}. To {target}: {text}",
    },
    "doc.my.answer": {"id": "Jawaban ({when}): {answer}", "en": "Answer ({when}): {answer}"},
    "doc.my.unanswered.waiting": {"id": "Menunggu moderasi.", "en": "Waiting for moderation."},
    "doc.my.unanswered.published": {"id": "Belum dijawab.", "en": "Not answered yet."},
    "doc.my.unanswered.rejected": {"id": "Tidak diterbitkan.", "en": "Not published."},
    "doc.my.unanswered.answered": {"id": "Dijawab.", "en": "Answered."},
    "doc.my.met": {
        "id": "IV. Mitra dan Kreator yang Ditemui",
        "en": "IV. Partners and Creators Met",
    },
    "doc.my.partners": {"id": "Mitra dalam sesi: {names}", "en": "Partners in sessions: {names}"},
    "doc.my.intro.accepted": {
        "id": "Perkenalan dengan {creator} ({disciplines}): diterima",
        "en": "Introduction to {creator} ({disciplines}): accepted",
    },
    "doc.my.intro.pending": {
        "id": "Perkenalan dengan {creator} ({disciplines}): menunggu jawaban",
        "en": "Introduction to {creator} ({disciplines}): waiting for an answer",
    },
    "doc.my.intro.declined": {
        "id": "Perkenalan dengan {creator} ({disciplines}): ditolak",
        "en": "Introduction to {creator} ({disciplines}): declined",
    },
    "doc.my.reflections": {"id": "V. Refleksi", "en": "V. Reflections"},
    "doc.prompt.happened": {"id": "Apa yang terjadi:", "en": "What happened:"},
    "doc.prompt.meaning": {
        "id": "Artinya bagi diplomasi Indonesia:",
        "en": "What it means for Indonesia's diplomacy:",
    },
    "doc.prompt.action": {"id": "Yang akan saya lakukan:", "en": "What I will do with it:"},
    "doc.voice": {"id": "(pesan suara, {length})", "en": "(voice note, {length})"},
    "doc.my.conclusions": {"id": "VI. Kesimpulan dan Saran", "en": "VI. Conclusions"},
    "doc.my.conclusions_hint": {
        "id": "(Tuliskan kesimpulan dan saran Anda di sini.)",
        "en": "(Write your conclusions and recommendations here.)",
    },
    "doc.my.signature": {"id": "{region}, ……………………", "en": "{region}, ……………………"},
    "doc.none": {"id": "—", "en": "—"},
    "doc.duration.minutes": {"id": "{minutes} min", "en": "{minutes} min"},
    "doc.duration.hours": {"id": "{hours} jam", "en": "{hours} h"},
    "doc.col.when": {"id": "Waktu", "en": "When"},
    "doc.col.session": {"id": "Sesi", "en": "Session"},
    "doc.col.venue": {"id": "Tempat", "en": "Venue"},
    "doc.col.checked_in": {"id": "Check-in", "en": "Checked in"},
    "doc.col.rating": {"id": "Nilai", "en": "Rating"},
    "doc.col.expected": {"id": "Diharapkan", "en": "Expected"},
    "doc.col.present": {"id": "Tepat waktu", "en": "On time"},
    "doc.col.late": {"id": "Terlambat", "en": "Late"},
    "doc.col.absent": {"id": "Absen", "en": "Absent"},
    "doc.col.missing": {"id": "Tanpa check-in", "en": "No check-in"},
    "doc.col.responses": {"id": "Tanggapan", "en": "Responses"},
    "doc.col.average": {"id": "Rata-rata", "en": "Average"},
    "doc.col.distribution": {"id": "Sebaran", "en": "Distribution"},
    "doc.col.partner": {"id": "Mitra", "en": "Partner"},
    "doc.col.asked": {"id": "Ditanya", "en": "Asked"},
    "doc.col.answered": {"id": "Dijawab", "en": "Answered"},
    "doc.col.time_to_answer": {"id": "Median waktu jawab", "en": "Median time to answer"},
    "doc.col.kind": {"id": "Jenis", "en": "Kind"},
    "doc.col.who": {"id": "Siapa", "en": "Who"},
    "doc.col.what": {"id": "Apa", "en": "What"},
    "doc.col.status": {"id": "Status", "en": "Status"},
    "doc.col.updated": {"id": "Diperbarui", "en": "Updated"},
    "doc.lead.question": {"id": "Pertanyaan", "en": "Question"},
    "doc.lead.introduction": {"id": "Perkenalan", "en": "Introduction"},
    "doc.chart.present": {"id": "Tepat waktu", "en": "On time"},
    "doc.chart.late": {"id": "Terlambat", "en": "Late"},
    "doc.chart.missing": {"id": "Tidak hadir", "en": "Not there"},
    "doc.chart.people": {"id": "Peserta", "en": "Participants"},
    "doc.chart.attendance": {"id": "Kehadiran per sesi", "en": "Attendance per session"},
    "doc.chart.average": {"id": "Nilai rata-rata (1–5)", "en": "Average rating (1–5)"},
    "doc.chart.feedback": {"id": "Umpan balik per sesi", "en": "Feedback per session"},
    "doc.impact.title": {"id": "Laporan Dampak Kunjungan", "en": "Visit Impact Report"},
    "doc.impact.intro": {
        "id": "{visit}, {region}, {first} – {last}. Peserta: {participants}. Dibuat {made}.",
        "en": "{visit}, {region}, {first} – {last}. Participants: {participants}. Made {made}.",
    },
    "doc.impact.attendance": {"id": "1. Kehadiran per Sesi", "en": "1. Attendance per Session"},
    "doc.impact.punctuality": {"id": "2. Ketepatan Waktu", "en": "2. Punctuality"},
    "doc.impact.punctuality_text": {
        "id": "Check-in tepat waktu: {on_time}; terlambat: {late} ({share}% tepat waktu).",
        "en": "Check-ins on time: {on_time}; late: {late} ({share}% on time).",
    },
    "doc.impact.feedback": {"id": "3. Umpan Balik per Sesi", "en": "3. Feedback per Session"},
    "doc.impact.questions": {
        "id": "4. Pertanyaan kepada Mitra",
        "en": "4. Questions to Partners",
    },
    "doc.impact.introductions": {"id": "5. Perkenalan", "en": "5. Introductions"},
    "doc.impact.introductions_text": {
        "id": "Perkenalan diminta: {made}; diterima: {accepted}; ditolak: {declined}; "
        "menunggu: {pending}.",
        "en": "Introductions asked: {made}; accepted: {accepted}; declined: {declined}; "
        "waiting: {pending}.",
    },
    "doc.impact.reflections": {"id": "6. Refleksi Harian", "en": "6. Daily Reflections"},
    "doc.impact.reflections_text": {
        "id": "Refleksi ditulis: {written}; dibagikan kepada panitia: {shared}.",
        "en": "Reflections written: {written}; shared with the organisers: {shared}.",
    },
    "doc.impact.leads": {"id": "7. Peluang Kerja Sama", "en": "7. Collaboration Leads"},
}
