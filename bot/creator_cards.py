"""What people see of creator profiles: cards, the chat's questions, directory pages, review and
introduction messages, as HTML texts with `Button` rows or outbox deliveries.

One `CreatorCards` writes in one language: the sender's, or the recipient's for a delivery.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from bot import i18n
from bot.creators import (
    BIO_MAX,
    DISCIPLINES,
    EDIT,
    EDITABLE,
    INTRO,
    LINKS_MAX,
    NAME_MAX,
    NOTE_MAX,
    PAGE_SIZE,
    PHOTOS_MAX,
    PREFIX,
    REASON,
    REJECTED,
    SUMMARY,
    ListedIntroduction,
    page_count,
    page_data,
)
from bot.i18n import Html, Texts, escape
from bot.outbox import Button, Delivery, OutgoingMessage
from bot.people import People
from storage.creators import CreatorProfile, Introduction, SearchPage
from storage.dialogs import DialogState
from storage.people import Person
from storage.roles import Role

Rows = list[list[Button]]


def contact_of(data: dict[str, Any]) -> str:
    """@username · phone · e-mail, as far as given."""
    parts = []
    if data.get("username"):
        parts.append("@" + str(data["username"]))
    parts += [str(data[key]) for key in ("phone", "email") if data.get(key)]
    return " · ".join(parts)


def person_contact(person: Person) -> str:
    """How to reach someone on Telegram: their @username, else their name and id link."""
    if person.username:
        return "@" + person.username
    return f"{person.full_name} (tg://user?id={person.id})"


def cover_photo(data: dict[str, Any]) -> tuple[str, str] | None:
    """A profile's first photo and its caption (the name), if it has photos."""
    if not data.get("photos"):
        return None
    return data["photos"][0], i18n.escape(data.get("name", "")[:100])


def pairs(buttons: list[Button]) -> Rows:
    """Buttons two to a row."""
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


class CreatorCards:
    """The creators feature's messages in one language."""

    def __init__(self, texts: Texts, language: str) -> None:
        self.texts = texts
        self.language = language

    def text(self, key: str, /, **values: object) -> Html:
        """A catalogue text in this language, values escaped."""
        return self.texts.get(self.language, key, **values)

    def button(self, key: str, data: str) -> Button:
        """A button labelled with a catalogue text."""
        return Button(self.text(key), data)

    # -- a profile --------------------------------------------------------------------------

    def place(self, data: dict[str, Any]) -> Html:
        """The place as typed, or the shared location's coordinates."""
        if data.get("place"):
            return escape(data["place"])
        if data.get("latitude") is not None:
            label = self.text("creators.card.location")
            return Html(f"{label} ({data['latitude']:.4f}, {data['longitude']:.4f})")
        return self.text("creators.none")

    def disciplines(self, data: dict[str, Any]) -> Html:
        """The chosen disciplines' names."""
        chosen = data.get("disciplines") or []
        names = [self.text(f"creators.discipline.{code}") for code in chosen]
        return Html(", ").join(names) or self.text("creators.none")

    def card(self, data: dict[str, Any]) -> Html:
        """A profile as HTML, every value escaped (so HTML in any field shows as text)."""
        texts, language = self.texts, self.language
        links = data.get("links") or []
        contact = contact_of(data)
        extra = ""
        if data.get("photos"):
            extra = self.text("creators.card.photos", count=len(data["photos"]))
        return Html(
            self.text(
                "creators.card",
                name=data.get("name") or self.text("creators.none"),
                disciplines=self.disciplines(data),
                place=self.place(data),
                bio=data.get("bio") or self.text("creators.none"),
                links=texts.html(language, "creators.card.links", links="\n".join(links))
                if links
                else Html(""),
                contact=texts.html(language, "creators.card.contact", contact=contact)
                if contact
                else Html(""),
            )
            + extra
        )

    def own_profile(self, profile: CreatorProfile) -> tuple[str, Rows]:
        """The creator's own profile, its review status and note, with Edit and Delete."""
        note = ""
        if profile.review_note:
            note = self.text("creators.mine.note", note=profile.review_note)
        text = self.text(
            "creators.mine",
            status=self.text(f"creators.status.{profile.status}"),
            card=self.card(profile.draft),
            note=Html(note),
        )
        rows = [
            [self.button("creators.btn.edit", f"{PREFIX}edit")],
            [self.button("creators.btn.delete", f"{PREFIX}del")],
        ]
        return text, rows

    def delete_confirmation(self) -> tuple[str, Rows]:
        """Are you sure, with Delete and Keep."""
        return self.text("creators.delete_confirm"), [
            [self.button("creators.btn.delete_yes", f"{PREFIX}del:y")],
            [self.button("creators.btn.keep", f"{PREFIX}del:n")],
        ]

    # -- the guided chat --------------------------------------------------------------------

    def prompt(self, state: DialogState, username: str | None) -> tuple[str, Rows]:
        """The question of the current step and its buttons."""
        data, step = state.data, state.step
        back = self.button("creators.btn.back", f"{PREFIX}back")
        cancel = self.button("creators.btn.cancel", f"{PREFIX}cancel")
        nav = [back, cancel] if step != "name" or data.get("editing") else [cancel]
        skip = self.button("creators.btn.skip", f"{PREFIX}skip")
        done = self.button("creators.btn.done", f"{PREFIX}done")
        if step == "name":
            return self.text("creators.step.name", limit=NAME_MAX), [nav]
        if step == "disciplines":
            chosen = set(data.get("disciplines") or [])
            buttons = [
                Button(
                    ("✓ " if code in chosen else "") + self.text(f"creators.discipline.{code}"),
                    f"{PREFIX}d:{code}",
                )
                for code in DISCIPLINES
            ]
            return self.text("creators.step.disciplines"), [*pairs(buttons), [done], nav]
        if step == "bio":
            return self.text("creators.step.bio", limit=BIO_MAX), [nav]
        if step == "place":
            return self.text("creators.step.place"), [nav]
        if step == "links":
            return self.text("creators.step.links", limit=LINKS_MAX), [[skip], nav]
        if step == "contact":
            if username:
                return self.text("creators.step.contact", username="@" + username), [[skip], nav]
            return self.text("creators.step.contact_required"), [nav]
        if step == "photos":
            count = len(data.get("photos") or [])
            return self.text("creators.step.photos", limit=PHOTOS_MAX, count=count), [[done], nav]
        if step == "consent":
            return self.text("creators.step.consent"), [
                [self.button("creators.btn.consent_yes", f"{PREFIX}yes")],
                [self.button("creators.btn.consent_no", f"{PREFIX}no")],
                nav,
            ]
        if step == SUMMARY:
            return self.text("creators.step.summary", card=self.card(data)), [
                [self.button("creators.btn.submit", f"{PREFIX}submit")],
                [self.button("creators.btn.edit", f"{PREFIX}edit")],
                [cancel],
            ]
        if step == EDIT:
            fields = [
                self.button(f"creators.field.{field}", f"{PREFIX}e:{field}") for field in EDITABLE
            ]
            return self.text("creators.step.edit"), [*pairs(fields), [back, cancel]]
        if step == REASON:
            key = (
                "creators.review.ask_reason"
                if data["status"] == REJECTED
                else "creators.review.ask_changes"
            )
            return self.text(key, name=data.get("name", "")), [[cancel]]
        if step == INTRO:
            text = self.text("creators.intro.ask_note", name=data.get("name", ""), limit=NOTE_MAX)
            return text, [[cancel]]
        raise ValueError(f"unknown step {step!r}")

    def cancelled(self, state: DialogState | None) -> str:
        """What the person is told when the chat they were in is cancelled."""
        if state is not None and state.step == REASON:
            return self.text("creators.review.cancelled")
        if state is not None and state.step == INTRO:
            return self.text("creators.intro.cancelled")
        return self.text("creators.cancelled")

    # -- the directory ----------------------------------------------------------------------

    def directory_choice(self) -> tuple[str, Rows]:
        """The disciplines to browse, and All."""
        buttons = [
            self.button(f"creators.discipline.{code}", f"{PREFIX}f:{code}") for code in DISCIPLINES
        ]
        rows = [*pairs(buttons), [self.button("creators.btn.all", f"{PREFIX}f:-")]]
        return self.text("creators.dir.choose"), rows

    def directory_page(
        self, found: SearchPage, words: str, discipline: str | None, page: int
    ) -> tuple[str, Rows]:
        """One page of the directory, with a button per profile and paging."""
        what = ", ".join(
            part
            for part in (
                words.strip(),
                self.text(f"creators.discipline.{discipline}") if discipline else "",
            )
            if part
        ) or self.text("creators.dir.everything")
        if not found.profiles:
            return self.text("creators.dir.none", what=what), []
        pages = page_count(found.total)
        lines, rows = [], []
        for index, profile in enumerate(found.profiles, start=page * PAGE_SIZE + 1):
            data = profile.approved or {}
            lines.append(
                self.text(
                    "creators.dir.line",
                    number=index,
                    name=data.get("name", ""),
                    disciplines=self.disciplines(data),
                    place=self.place(data),
                )
            )
            rows.append(
                [Button(escape(f"{index}. {data.get('name', '')}"[:60]), f"{PREFIX}v:{profile.id}")]
            )
        paging = []
        if page > 0:
            paging.append(
                Button(self.text("creators.btn.prev"), page_data(page - 1, discipline, words))
            )
        if page + 1 < pages:
            paging.append(
                Button(self.text("creators.btn.next"), page_data(page + 1, discipline, words))
            )
        if paging:
            rows.append(paging)
        text = self.text(
            "creators.dir.results",
            count=found.total,
            what=what,
            page=page + 1,
            pages=pages,
            lines=Html("\n".join(lines)),
        )
        return text, rows

    def profile_view(self, profile: CreatorProfile, viewer_id: int) -> tuple[str, Rows]:
        """An approved profile's card; others may request an introduction."""
        rows = []
        if profile.person_id != viewer_id:
            rows = [[self.button("creators.btn.intro", f"{PREFIX}i:{profile.id}")]]
        return self.card(profile.approved or {}), rows

    # -- review -----------------------------------------------------------------------------

    def for_review(
        self, profile: CreatorProfile, sender: str, edited: bool, organiser_id: int
    ) -> list[Delivery]:
        """The photos and the card with Approve / Reject / Ask for changes, for one organiser."""
        deliveries = []
        data = profile.draft
        photos = data.get("photos") or []
        key = f"cr:review:{profile.id}:{profile.revision}:{organiser_id}"
        for number, photo in enumerate(photos, start=1):
            caption = self.text(
                "creators.review.photo",
                name=data.get("name", ""),
                number=number,
                total=len(photos),
            )
            deliveries.append(
                Delivery(
                    chat_id=organiser_id,
                    message=OutgoingMessage(caption, photo=photo),
                    kind="review",
                    visit_id=profile.visit_id,
                    dedupe_key=f"{key}:photo{number}",
                )
            )
        suffix = f"{profile.id}:{profile.revision}"
        text = self.text(
            "creators.review.edited" if edited else "creators.review.new",
            sender=sender,
            card=self.card(data),
        )
        buttons = (
            (self.button("creators.btn.approve", f"{PREFIX}ap:{suffix}"),),
            (self.button("creators.btn.reject", f"{PREFIX}rj:{suffix}"),),
            (self.button("creators.btn.changes", f"{PREFIX}ch:{suffix}"),),
        )
        deliveries.append(
            Delivery(
                chat_id=organiser_id,
                message=OutgoingMessage(text, buttons),
                kind="review",
                visit_id=profile.visit_id,
                dedupe_key=f"{key}:card",
            )
        )
        return deliveries

    def review_done(self, profile: CreatorProfile, reviewer: str, note: str | None) -> str:
        """The decision, as the organiser who took it sees it."""
        return self.text(
            f"creators.review.done.{profile.status}",
            name=profile.draft.get("name", ""),
            reviewer=reviewer,
            note=note or "",
        )

    def review_outcome(self, profile: CreatorProfile, note: str | None) -> Delivery:
        """The decision, for the creator."""
        return Delivery(
            chat_id=profile.person_id,
            message=OutgoingMessage(
                self.text(f"creators.outcome.{profile.status}", note=note or "")
            ),
            kind="review",
            visit_id=profile.visit_id,
            dedupe_key=f"cr:outcome:{profile.id}:{profile.revision}",
        )

    # -- introductions ----------------------------------------------------------------------

    def introduction_request(
        self,
        introduction_id: int,
        profile: CreatorProfile,
        asker: str,
        role: Role | None,
        visit: str,
        note: str,
    ) -> Delivery:
        """The request, for the creator, with Accept and Decline."""
        request = self.text(
            "creators.intro.request",
            asker=asker,
            role=self.text(f"role.one.{role.value if role else 'participant'}"),
            visit=visit,
            note=note,
        )
        buttons = (
            (
                self.button("creators.btn.accept", f"{PREFIX}ia:{introduction_id}"),
                self.button("creators.btn.decline", f"{PREFIX}id:{introduction_id}"),
            ),
        )
        return Delivery(
            chat_id=profile.person_id,
            message=OutgoingMessage(request, buttons),
            kind="introduction",
            visit_id=profile.visit_id,
            dedupe_key=f"cr:intro:{introduction_id}",
        )

    def introduction_answer(
        self, introduction: Introduction, asker_id: int, data: dict[str, Any], accept: bool
    ) -> Delivery:
        """The creator's answer, for the asker: their contact, or a polite no."""
        if accept:
            told = self.text(
                "creators.intro.accepted_asker",
                name=data.get("name", ""),
                contact=contact_of(data) or self.text("creators.intro.no_contact"),
            )
        else:
            told = self.text("creators.intro.declined_asker", name=data.get("name", ""))
        return Delivery(
            chat_id=asker_id,
            message=OutgoingMessage(told),
            kind="introduction",
            visit_id=introduction.visit_id,
            dedupe_key=f"cr:intro:{introduction.id}:answer",
        )

    def introduction_answered(self, asker: Person, accept: bool) -> str:
        """The creator's answer, as the creator sees it under the request."""
        if accept:
            return self.text(
                "creators.intro.accepted_creator",
                asker=asker.full_name,
                contact=person_contact(asker),
            )
        return self.text("creators.intro.declined_creator")

    def introduction_list(self, listed: list[ListedIntroduction], zone: tzinfo) -> str:
        """The visit's latest requests and how they were answered, for organisers."""
        lines = [self.text("creators.intro.list.title", count=len(listed))]
        for item in listed:
            lines.append(
                self.text(
                    "creators.intro.list.line",
                    when=i18n.when(item.introduction.created_at, self.language, zone),
                    asker=self.text("creators.intro.forgotten")
                    if item.asker is None
                    else item.asker,
                    creator=item.creator,
                    status=self.text(f"creators.intro.status.{item.introduction.status}"),
                )
            )
        return "\n".join(lines)

    def poster_caption(self, visit: str, label: str | None) -> str:
        """The caption of a creator invite's QR code, with the hub's name when given."""
        return self.text(
            "creators.poster.caption",
            visit=visit,
            label=Html(f"\n<i>{i18n.escape(label)}</i>" if label else ""),
        )


async def review_deliveries(
    texts: Texts, people: People, profile: CreatorProfile, sender: Person, edited: bool
) -> list[Delivery]:
    """A submission for review, to each reachable organiser in their own language."""
    deliveries = []
    for organiser in await people.reachable_organisers(profile.visit_id):
        cards = CreatorCards(texts, people.language(organiser))
        deliveries += cards.for_review(profile, sender.full_name, edited, organiser.id)
    return deliveries
