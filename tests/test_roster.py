"""Who is expected, who is missing: the roster, its personal links, and /members."""

from __future__ import annotations

import re

from sandbox.harness import Member, Rehearsal
from storage.groups import GroupStore
from storage.roles import Role
from storage.visits import Visit

ROSTER_CSV = (
    b"name,role,phone,username,group\n"
    b"Rani Pratiwi,peserta,+62 812 3456 7890,,Bus 1\n"
    b"Bagus Santoso,participant,,bagus_s,Bus 2\n"
    b"Emma Lindqvist,partner,,emma_nordic,\n"
)
LINK = re.compile(r"https://t\.me/\w+\?start=(i-[\w-]+)")


def links_by_name(text: str) -> dict[str, str]:
    """The personal links of a /roster links answer, by the name on the line above."""
    found, name = {}, ""
    for line in text.splitlines():
        link = LINK.search(line)
        if link:
            found[name] = link.group(1)
        else:
            name = line.split(" — ")[0]
    return found


async def roster_rows(telegram: Rehearsal, visit: Visit) -> dict[str, tuple]:
    rows = await telegram.services.db.fetch_all(
        "SELECT name, role, phone, group_name, person_id FROM roster_entries WHERE visit_id = ?",
        (visit.id,),
    )
    return {row["name"]: tuple(row)[1:] for row in rows}


async def test_a_roster_file_gives_each_person_a_link_and_organisers_hear_who_joined(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    sari = await telegram.join("Sari", Role.ORGANISER, visit.id)
    await organiser.send_document("roster.csv", ROSTER_CSV, caption="/roster")
    answer = (await organiser.last_message()).text
    assert "Daftar dimuat: 3 baru" in answer and "➕ Rani Pratiwi — peserta, Bus 1" in answer
    assert set(await roster_rows(telegram, visit)) == {
        "Rani Pratiwi",
        "Bagus Santoso",
        "Emma Lindqvist",
    }

    await organiser.send("/roster links")
    links = links_by_name((await organiser.last_message()).text)
    assert set(links) == {"Rani Pratiwi", "Bagus Santoso", "Emma Lindqvist"}
    assert all(len(payload) <= 64 for payload in links.values())

    heard_tubagus, heard_sari = organiser.mark(), sari.mark()
    rani = telegram.person("Rani", username="rani_p")
    await rani.send(f"/start {links['Rani Pratiwi']}")
    assert "Selamat datang, Rani" in (await rani.last_message()).text
    emma = telegram.person("Emma", language="en")
    await emma.send(f"/start {links['Emma Lindqvist']}")

    people = telegram.services.people.store
    assert (await people.membership(visit.id, rani.id)).role is Role.PARTICIPANT
    assert (await people.membership(visit.id, emma.id)).role is Role.PARTNER
    assert rani.id in await GroupStore(telegram.services.db).member_ids(visit.id, "Bus 1")
    rows = await roster_rows(telegram, visit)
    assert rows["Rani Pratiwi"][3] == rani.id and rows["Bagus Santoso"][3] is None

    # One message per join for each organiser, through the outbox.
    for heard, who in ((heard_tubagus, organiser), (heard_sari, sari)):
        notices = [m.text for m in who.since(heard)]
        assert len(notices) == 2, notices
        assert "Rani Pratiwi" in notices[0] and "Masih ditunggu: 2 dari 3" in notices[0]
        assert "Emma Lindqvist" in notices[1] and "1 dari 3" in notices[1]

    await organiser.send("/members")
    members = (await organiser.last_message()).text
    assert "Daftar hadir: 2 dari 3 sudah bergabung" in members
    assert "Belum bergabung (1):\nBagus Santoso — peserta, Bus 2, @bagus_s" in members

    # A personal link works once.
    stranger = telegram.person("Stranger")
    await stranger.send(f"/start {links['Rani Pratiwi']}")
    assert "batasnya" in (await stranger.last_message()).text
    assert await people.memberships_of(stranger.id) == []


async def test_every_problem_of_a_roster_file_is_reported_and_nothing_is_stored(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    broken = (
        b"name,role,phone,username,group\n"
        b"Rani Pratiwi,guest,,,\n"
        b",peserta,,,\n"
        b"Bagus Santoso,peserta,call me,,\n"
        b"Dewi Lestari,peserta,,@x,\n"
        b"RANI  PRATIWI,peserta,,,\n"
    )
    await organiser.send_document("roster.csv", broken, caption="/roster")
    text = (await organiser.last_message()).text
    assert "Daftar tidak dimuat (5 masalah)" in text
    assert "baris 1 (Rani Pratiwi): role: «guest» bukan peran" in text
    assert "baris 2: name: wajib diisi" in text
    assert "baris 3 (Bagus Santoso): phone: «call me» bukan nomor telepon" in text
    assert "baris 4 (Dewi Lestari): username: «x» bukan username" in text
    assert "baris 5 (RANI PRATIWI): name: nama yang sama sudah ada di baris 1" in text
    assert await roster_rows(telegram, visit) == {}

    await organiser.send_document("roster.csv", b"name,age\nRani,30\n", caption="/roster")
    assert "Kolom CSV tidak dikenal atau kurang: age, role" in (await organiser.last_message()).text
    assert await roster_rows(telegram, visit) == {}


async def test_a_changed_roster_shows_the_difference_and_waits_for_apply(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send_document("roster.csv", ROSTER_CSV, caption="/roster")
    await organiser.send("/roster links")
    old_links = links_by_name((await organiser.last_message()).text)
    changed = (
        b"people:\n"
        b"  - {name: Rani Pratiwi, role: peserta, phone: '+62 812 3456 7890', group: Bus 2}\n"
        b"  - {name: Emma Lindqvist, role: partner, username: emma_nordic}\n"
        b"  - {name: Kenji Watanabe, role: mitra}\n"
    )
    await organiser.send_document("roster.yaml", changed, caption="/roster")
    preview = await organiser.last_message()
    assert "Perubahan daftar Sesdilu Banyuwangi" in preview.text
    assert "➕ Kenji Watanabe — mitra" in preview.text
    assert "✏️ Rani Pratiwi — peserta, Bus 2, +62 812 3456 7890 (group_name)" in preview.text
    assert "➖ Bagus Santoso (tautan pribadinya dibatalkan)" in preview.text
    assert len(await roster_rows(telegram, visit)) == 3  # nothing applied yet

    await organiser.press("✖️ Batalkan", preview)
    assert "Daftar tetap seperti semula" in (await organiser.last_message()).text
    await organiser.send_document("roster.yaml", changed, caption="/roster")
    await organiser.press("✅ Terapkan", organiser.messages[-1])
    assert "1 baru, 1 diubah, 1 dihapus" in (await organiser.last_message()).text
    rows = await roster_rows(telegram, visit)
    assert set(rows) == {"Rani Pratiwi", "Emma Lindqvist", "Kenji Watanabe"}
    assert rows["Rani Pratiwi"][2] == "Bus 2"

    # Bagus was taken off the roster: his link no longer enrols anyone.
    bagus = telegram.person("Bagus")
    await bagus.send(f"/start {old_links['Bagus Santoso']}")
    assert "dibatalkan" in (await bagus.last_message()).text
    assert await telegram.services.people.store.memberships_of(bagus.id) == []
    # The same file again changes nothing.
    await organiser.send_document("roster.yaml", changed, caption="/roster")
    assert "sama dengan daftar yang tersimpan" in (await organiser.last_message()).text


async def test_an_organiser_types_people_in_and_gets_their_links(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send(
        "/roster add Dewi Lestari | peserta | +62 811 000 222 | Bus 1\n"
        "Arif Rahman | participant | @arif_r"
    )
    answer = (await organiser.last_message()).text
    assert "2 orang ditambahkan" in answer
    links = links_by_name(answer.split("\n", 1)[1])
    assert set(links) == {"Dewi Lestari", "Arif Rahman"}
    await organiser.send("/roster add Dewi Lestari | peserta\nYoga | tamu")
    answer = (await organiser.last_message()).text
    assert "(2 masalah)" in answer
    assert "baris 1 (Dewi Lestari): name: sudah ada di daftar" in answer
    assert "baris 2 (Yoga): role: «tamu» bukan peran" in answer
    await organiser.send("/roster add dewi  léstari | peserta")
    assert "sudah ada di daftar" in (await organiser.last_message()).text
    assert len(await roster_rows(telegram, visit)) == 2
    arif = telegram.person("Arif")
    await arif.send(f"/start {links['Arif Rahman']}")
    await organiser.send("/roster")
    assert "2 orang, 1 sudah bergabung, 1 belum" in (await organiser.last_message()).text


async def test_only_organisers_load_a_roster(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await rani.send("/roster")
    assert "hanya panitia" in (await rani.last_message()).text
    await rani.send_document("roster.csv", ROSTER_CSV, caption="/roster")
    assert "hanya panitia" in (await rani.last_message()).text
    assert await roster_rows(telegram, visit) == {}


async def test_forget_me_and_the_retention_purge_erase_the_roster(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send_document("roster.csv", ROSTER_CSV, caption="/roster")
    await organiser.send("/roster links")
    links = links_by_name((await organiser.last_message()).text)
    rani = telegram.person("Rani")
    await rani.send(f"/start {links['Rani Pratiwi']}")
    await rani.send("/forgetme")
    await rani.press("Ya, hapus data saya")
    rows = await roster_rows(telegram, visit)
    assert "Rani Pratiwi" not in rows and len(rows) == 2
    outbox = await telegram.services.db.fetch_all("SELECT payload_json FROM outbox")
    assert not any("Rani Pratiwi" in row[0] or "3456 7890" in row[0] for row in outbox)

    assert await telegram.services.roster.store.erase_visit(visit.id) == 2
    assert await roster_rows(telegram, visit) == {}


async def test_an_sos_gives_the_phone_the_roster_holds_and_none_for_someone_without(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send_document("roster.csv", ROSTER_CSV, caption="/roster")
    await organiser.send("/roster links")
    links = links_by_name((await organiser.last_message()).text)
    rani = telegram.person("Rani", username="rani_p")
    await rani.send(f"/start {links['Rani Pratiwi']}")
    bagus = telegram.person("Bagus", username="bagus_s")
    await bagus.send(f"/start {links['Bagus Santoso']}")

    heard = organiser.mark()
    await rani.send("/sos")
    await telegram.settle()
    [alert] = [m for m in organiser.since(heard) if "SOS" in (m.text or "")]
    assert "📞 Telepon (dari daftar peserta): +62 812 3456 7890" in alert.text

    heard = organiser.mark()
    await bagus.send("/sos")
    await telegram.settle()
    [alert] = [m for m in organiser.since(heard) if "SOS" in (m.text or "")]
    assert "📞" not in alert.text
