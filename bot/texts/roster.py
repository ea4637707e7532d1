"""Texts of the roster: who is expected, their personal links, loading a roster file."""

TEXTS: dict[str, dict[str, str]] = {
    "cmd.roster": {
        "id": "Daftar orang yang diharapkan dan tautan pribadinya",
        "en": "Who is expected, and their personal links",
    },
    "roster.usage": {
        "id": "<b>Daftar hadir {visit}</b>: {total} orang, {joined} sudah bergabung, "
        "{waiting} belum.\n\n"
        "• Kirim berkas .csv atau .yaml dengan keterangan <code>/roster</code> "
        "(kolom: name, role, phone, username, group).\n"
        "• Atau ketik <code>/roster add NAMA | PERAN | TELEPON atau @USERNAME | GRUP</code>, "
        "satu orang per baris.\n"
        "• <code>/roster links</code>: tautan pribadi untuk yang belum bergabung.\n"
        "• /members: siapa yang sudah dan belum bergabung.",
        "en": "<b>Roster of {visit}</b>: {total} people, {joined} joined, {waiting} not yet.\n\n"
        "• Send a .csv or .yaml file with the caption <code>/roster</code> "
        "(columns: name, role, phone, username, group).\n"
        "• Or type <code>/roster add NAME | ROLE | PHONE or @USERNAME | GROUP</code>, "
        "one person a line.\n"
        "• <code>/roster links</code>: the personal links of those who have not joined.\n"
        "• /members: who has joined and who has not.",
    },
    "roster.entry": {"id": "{name} — {details}", "en": "{name} — {details}"},
    "roster.link_line": {
        "id": "{line}\n{link}",
        "en": "{line}\n{link}",
    },
    "roster.links.title": {
        "id": "<b>Tautan pribadi</b> ({count}) — masing-masing hanya untuk satu orang:",
        "en": "<b>Personal links</b> ({count}) — each works for one person only:",
    },
    "roster.links.none": {
        "id": "Semua orang di daftar sudah bergabung (atau daftarnya kosong).",
        "en": "Everyone on the roster has joined (or the roster is empty).",
    },
    "roster.added": {
        "id": "✅ {count} orang ditambahkan ke daftar. Bagikan tautan pribadinya:",
        "en": "✅ {count} added to the roster. Share their personal links:",
    },
    "roster.import.problems": {
        "id": "❌ Daftar tidak dimuat ({count} masalah). Tidak ada yang diubah.",
        "en": "❌ The roster was not loaded ({count} problems). Nothing was changed.",
    },
    "roster.import.more": {"id": "… dan {count} masalah lagi.", "en": "… and {count} more."},
    "roster.import.unchanged": {
        "id": "Berkas ini sama dengan daftar yang tersimpan. Tidak ada yang diubah.",
        "en": "This file is the same as the stored roster. Nothing changed.",
    },
    "roster.import.confirm": {
        "id": "<b>Perubahan daftar {visit}</b> — terapkan?",
        "en": "<b>Changes to the roster of {visit}</b> — apply them?",
    },
    "roster.import.apply": {"id": "✅ Terapkan", "en": "✅ Apply"},
    "roster.import.discard": {"id": "✖️ Batalkan", "en": "✖️ Discard"},
    "roster.import.applied": {
        "id": "✅ Daftar dimuat: {added} baru, {changed} diubah, {removed} dihapus. "
        "Tautan pribadi: /roster links",
        "en": "✅ Roster loaded: {added} added, {changed} changed, {removed} removed. "
        "Personal links: /roster links",
    },
    "roster.import.discarded": {
        "id": "Berkas tidak diterapkan. Daftar tetap seperti semula.",
        "en": "The file was not applied. The roster stays as it was.",
    },
    "roster.import.stale": {
        "id": "Pratinjau ini sudah tidak berlaku. Kirim berkasnya lagi.",
        "en": "This preview is no longer valid. Send the file again.",
    },
    "roster.diff.added": {"id": "➕ {line}", "en": "➕ {line}"},
    "roster.diff.changed": {"id": "✏️ {line} ({fields})", "en": "✏️ {line} ({fields})"},
    "roster.diff.removed": {
        "id": "➖ {name} (tautan pribadinya dibatalkan)",
        "en": "➖ {name} (their personal link is revoked)",
    },
    "roster.diff.removed_joined": {
        "id": "➖ {name} (sudah bergabung dan tetap menjadi anggota)",
        "en": "➖ {name} (joined already, stays a member)",
    },
    "roster.joined": {
        "id": "✅ <b>{name}</b> ({role}) bergabung dengan <b>{visit}</b> sebagai {telegram} "
        "di Telegram. Masih ditunggu: {waiting} dari {total}.",
        "en": "✅ <b>{name}</b> ({role}) joined <b>{visit}</b> as {telegram} on Telegram. "
        "Still expected: {waiting} of {total}.",
    },
    # /members
    "roster.members.summary": {
        "id": "📋 Daftar hadir: {joined} dari {total} sudah bergabung.",
        "en": "📋 Roster: {joined} of {total} have joined.",
    },
    "roster.members.waiting": {
        "id": "⏳ <b>Belum bergabung</b> ({count}):\n{lines}",
        "en": "⏳ <b>Not joined yet</b> ({count}):\n{lines}",
    },
    # Problems in a file or typed lines
    "roster.problem.row": {"id": "baris {row}", "en": "row {row}"},
    "roster.problem.too_large": {
        "id": "Berkas terlalu besar (paling besar {detail} KB).",
        "en": "The file is too large ({detail} KB at most).",
    },
    "roster.problem.binary": {
        "id": "Ini bukan berkas teks. Kirim daftar sebagai .csv atau .yaml.",
        "en": "This is not a text file. Send the roster as .csv or .yaml.",
    },
    "roster.problem.not_utf8": {
        "id": "Berkas harus tersimpan sebagai UTF-8.",
        "en": "The file must be saved as UTF-8.",
    },
    "roster.problem.wrong_type": {
        "id": "Kirim daftar sebagai berkas .csv, .yaml atau .yml.",
        "en": "Send the roster as a .csv, .yaml or .yml file.",
    },
    "roster.problem.empty": {
        "id": "Tidak ada orang di daftar ini.",
        "en": "There is nobody on this roster.",
    },
    "roster.problem.too_many": {
        "id": "Terlalu banyak orang (paling banyak {detail}).",
        "en": "Too many people ({detail} at most).",
    },
    "roster.problem.yaml_syntax": {
        "id": "YAML tidak bisa dibaca (sekitar baris {detail}).",
        "en": "The YAML cannot be read (near line {detail}).",
    },
    "roster.problem.yaml_shape": {
        "id": "YAML harus berisi daftar <code>people:</code>, satu butir per orang.",
        "en": "The YAML must hold a <code>people:</code> list, one item per person.",
    },
    "roster.problem.columns": {
        "id": "Kolom CSV tidak dikenal atau kurang: {detail}. Kolom yang dipakai: "
        "name, role, phone, username, group.",
        "en": "Unknown or missing CSV columns: {detail}. The columns are: "
        "name, role, phone, username, group.",
    },
    "roster.problem.csv_extra": {
        "id": "{where}lebih banyak sel daripada kolom.",
        "en": "{where}more cells than columns.",
    },
    "roster.problem.csv_syntax": {
        "id": "CSV tidak bisa dibaca: {detail}",
        "en": "The CSV cannot be read: {detail}",
    },
    "roster.problem.unknown_field": {
        "id": "{where}{field}kolom tidak dikenal.",
        "en": "{where}{field}unknown field.",
    },
    "roster.problem.missing": {"id": "{where}{field}wajib diisi.", "en": "{where}{field}required."},
    "roster.problem.too_long": {
        "id": "{where}{field}terlalu panjang (paling banyak {detail} karakter).",
        "en": "{where}{field}too long ({detail} characters at most).",
    },
    "roster.problem.bad_role": {
        "id": "{where}{field}«{detail}» bukan peran (peserta, mitra, kreator, panitia).",
        "en": "{where}{field}“{detail}” is not a role (participant, partner, creator, organiser).",
    },
    "roster.problem.bad_phone": {
        "id": "{where}{field}«{detail}» bukan nomor telepon.",
        "en": "{where}{field}“{detail}” is not a phone number.",
    },
    "roster.problem.bad_username": {
        "id": "{where}{field}«{detail}» bukan username Telegram (5–32 huruf, angka atau _).",
        "en": "{where}{field}“{detail}” is not a Telegram username (5–32 letters, digits or _).",
    },
    "roster.problem.duplicate": {
        "id": "{where}{field}nama yang sama sudah ada di baris {detail}.",
        "en": "{where}{field}the same name is on row {detail} already.",
    },
    "roster.problem.already": {
        "id": "{where}{field}sudah ada di daftar.",
        "en": "{where}{field}is on the roster already.",
    },
}
