"""Texts of check-ins and attendance: outcomes, the QR code, marks, overviews and nudges."""

TEXTS: dict[str, dict[str, str | dict[str, str]]] = {  # a dict: plural forms
    "cmd.checkin": {
        "id": "Check-in ke sesi yang sedang berlangsung",
        "en": "Check in to the current session",
    },
    "cmd.checkin_qr": {"id": "Kode QR check-in sebuah sesi", "en": "A session's check-in QR code"},
    "cmd.mark": {"id": "Tandai hadir / tidak hadir", "en": "Mark someone present or absent"},
    "cmd.attendance": {"id": "Kehadiran sebuah sesi", "en": "Attendance of a session"},
    "checkin.button": {"id": "✅ Check-in", "en": "✅ Check in"},
    # Outcomes of a check-in
    "ci.done": {
        "id": "✅ Check-in tercatat: <b>{title}</b>, pukul {time}.{extra}",
        "en": "✅ Checked in: <b>{title}</b>, at {time}.{extra}",
    },
    "ci.late_note": {"id": " Tercatat terlambat.", "en": " Recorded as late."},
    "ci.distance_note": {
        "id": " Jarak Anda dari lokasi: {distance}.",
        "en": " You are {distance} from the venue.",
    },
    "ci.already": {
        "id": "Anda sudah check-in di <b>{title}</b> pukul {time}.",
        "en": "You already checked in to <b>{title}</b> at {time}.",
    },
    "ci.not_yet": {
        "id": "Check-in untuk <b>{title}</b> baru dibuka pukul {time}.",
        "en": "Check-in for <b>{title}</b> opens at {time}.",
    },
    "ci.closed": {
        "id": "Check-in untuk <b>{title}</b> sudah ditutup pukul {time}. Hubungi panitia.",
        "en": "Check-in for <b>{title}</b> closed at {time}. Please talk to the organisers.",
    },
    "ci.not_audience": {
        "id": "Sesi <b>{title}</b> bukan untuk Anda, jadi tidak perlu check-in.",
        "en": "<b>{title}</b> is not on your agenda, so there is no check-in for you.",
    },
    "ci.cancelled": {
        "id": "Sesi <b>{title}</b> dibatalkan; tidak ada check-in.",
        "en": "<b>{title}</b> was cancelled; there is no check-in.",
    },
    "ci.bad_location": {
        "id": "Lokasi itu tidak ada di peta (lintang −90…90, bujur −180…180). Belum ada yang dicatat.",
        "en": "That location is not on the map (latitude −90…90, longitude −180…180). "
        "Nothing was recorded.",
    },
    "ci.too_far": {
        "id": "Anda berjarak {distance} dari {venue} (<b>{title}</b>); check-in lewat lokasi "
        "hanya dalam radius {radius}. Belum ada yang dicatat.",
        "en": "You are {distance} from {venue} (<b>{title}</b>); a location check-in needs "
        "you within {radius}. Nothing was recorded.",
    },
    "ci.no_open": {
        "id": "Saat ini tidak ada sesi Anda yang membuka check-in.",
        "en": "None of your sessions is open for check-in right now.",
    },
    "ci.unknown": {
        "id": "Kode check-in ini tidak dikenal. Pindai kode QR di lokasi sesi lagi.",
        "en": "This check-in code is not known. Scan the QR code at the venue again.",
    },
    # /checkin
    "ci.open_title": {
        "id": "Sesi yang bisa Anda check-in sekarang:",
        "en": "Sessions you can check in to now:",
    },
    "ci.open_line": {
        "id": "• <b>{title}</b>, {time}, {venue}",
        "en": "• <b>{title}</b>, {time}, {venue}",
    },
    "ci.location_hint": {
        "id": "Atau kirim lokasi Anda dengan tombol di bawah (lokasi hanya dipakai untuk "
        "menghitung jarak; yang disimpan hanya jaraknya).",
        "en": "Or send your location with the button below (it is only used to work out the "
        "distance; only the distance is stored).",
    },
    "ci.location_button": {"id": "📍 Kirim lokasi saya", "en": "📍 Send my location"},
    # /checkin_qr
    "ci.qr_pick": {
        "id": "Kode QR untuk sesi mana? (atau ketik <code>/checkin_qr KODE_SESI</code>)",
        "en": "Which session is the QR code for? (or type <code>/checkin_qr SESSION_KEY</code>)",
    },
    "ci.qr_caption": {
        "id": "Pindai untuk check-in: {title}, {when}. Berlaku {opens} – {closes}.\n{link}",
        "en": "Scan to check in: {title}, {when}. Valid {opens} – {closes}.\n{link}",
    },
    "ci.unknown_session": {
        "id": "Tidak ada sesi dengan kode <code>{key}</code> di kunjungan ini.",
        "en": "No session with the key <code>{key}</code> in this visit.",
    },
    # /mark
    "ci.mark_usage": {
        "id": "Cara pakai: <code>/mark KODE_SESI ORANG hadir</code>, "
        "<code>/mark KODE_SESI ORANG absen alasan...</code> atau "
        "<code>/mark KODE_SESI ORANG batal</code>. ORANG: @username atau nama.",
        "en": "Usage: <code>/mark SESSION_KEY PERSON present</code>, "
        "<code>/mark SESSION_KEY PERSON absent reason...</code> or "
        "<code>/mark SESSION_KEY PERSON undo</code>. PERSON: @username or name.",
    },
    "ci.marked_present": {
        "id": "{name} ditandai hadir di <b>{title}</b>.",
        "en": "{name} marked present at <b>{title}</b>.",
    },
    "ci.marked_absent": {
        "id": "{name} ditandai tidak hadir di <b>{title}</b> ({reason}).",
        "en": "{name} marked absent from <b>{title}</b> ({reason}).",
    },
    "ci.no_reason": {"id": "tanpa alasan", "en": "no reason given"},
    "ci.unmarked": {
        "id": "Catatan kehadiran {name} di <b>{title}</b> dihapus.",
        "en": "{name}'s attendance record for <b>{title}</b> was removed.",
    },
    "ci.nothing_to_undo": {
        "id": "{name} belum punya catatan kehadiran di <b>{title}</b>.",
        "en": "{name} has no attendance record for <b>{title}</b>.",
    },
    "ci.unknown_person": {
        "id": "Tidak ada anggota kunjungan bernama {who}.",
        "en": "No member of the visit is called {who}.",
    },
    "ci.ambiguous_person": {
        "id": "Ada beberapa orang yang cocok dengan {who}: {names}. Pakai @username.",
        "en": "Several people match {who}: {names}. Use the @username.",
    },
    # Attendance
    "att.title": {
        "id": "<b>Kehadiran: {title}</b> ({when})",
        "en": "<b>Attendance: {title}</b> ({when})",
    },
    "att.present": {"id": "✅ Hadir ({count}): {names}", "en": "✅ Present ({count}): {names}"},
    "att.late": {"id": "🕒 Terlambat ({count}): {names}", "en": "🕒 Late ({count}): {names}"},
    "att.absent": {"id": "❌ Tidak hadir ({count}): {names}", "en": "❌ Absent ({count}): {names}"},
    "att.missing": {
        "id": "⏳ Belum check-in ({count}): {names}",
        "en": "⏳ Not checked in ({count}): {names}",
    },
    "att.unreachable": {
        "id": "📵 Belum terjangkau ({count}): {names}",
        "en": "📵 Not reachable yet ({count}): {names}",
    },
    "att.name": {"id": "{name}", "en": "{name}"},
    "att.with_reason": {"id": "{name} ({reason})", "en": "{name} ({reason})"},
    "att.with_time": {"id": "{name} ({time})", "en": "{name} ({time})"},
    "att.nobody": {"id": "–", "en": "–"},
    "att.summary_intro": {
        "id": "📋 Ringkasan kehadiran setelah sesi dimulai:",
        "en": "📋 Attendance summary since the session started:",
    },
    "att.nudge_button": {
        "id": "🔔 Ingatkan yang belum check-in",
        "en": "🔔 Nudge those not checked in",
    },
    "att.nudged": {
        "id": "{count} orang diingatkan.",
        "en": {"one": "{count} person nudged.", "other": "{count} people nudged."},
    },
    "att.nothing_to_nudge": {
        "id": "Tidak ada yang perlu diingatkan (atau check-in sudah ditutup).",
        "en": "Nobody to nudge (or the check-in has closed).",
    },
    "att.no_session": {
        "id": "Belum ada sesi yang berlangsung.",
        "en": "No session is on yet.",
    },
    "att.pick_session": {
        "id": "Pilih sesinya:",
        "en": "Pick the session:",
    },
    "att.export_hint": {
        "id": "Unduh semua kehadiran: /export attendance",
        "en": "Download all attendance: /export attendance",
    },
    "att.export_caption": {
        "id": "Kehadiran {visit} (orang × sesi, dengan cara dan waktu check-in).",
        "en": "Attendance of {visit} (person × session, with check-in method and time).",
    },
    "nudge.text.before": {
        "id": "⏰ <b>{title}</b> dimulai pukul {time} dan Anda belum check-in. "
        "Check-in dibuka sampai {until}.",
        "en": "⏰ <b>{title}</b> starts at {time} and you have not checked in yet. "
        "Check-in is open until {until}.",
    },
    "nudge.text": {
        "id": "⏰ <b>{title}</b> sudah dimulai pukul {time} dan Anda belum check-in. "
        "Check-in dibuka sampai {until}.",
        "en": "⏰ <b>{title}</b> started at {time} and you have not checked in yet. "
        "Check-in is open until {until}.",
    },
}
