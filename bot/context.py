"""The typed context every callback receives: the services, and who is writing in which visit."""

from __future__ import annotations

from typing import Any, cast

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.i18n import Html
from bot.services import Services
from storage.people import Person
from storage.roles import Role
from storage.visits import Visit


class BotContext(CallbackContext[ExtBot[str], dict[Any, Any], dict[Any, Any], dict[str, Any]]):
    """CallbackContext with the services and the sender's person, visit and role."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.person: Person | None = None
        self.visit: Visit | None = None
        self.role: Role | None = None

    @property
    def services(self) -> Services:
        """The application's services."""
        return cast(Services, self.bot_data["services"])

    @property
    def language(self) -> str:
        """The language to answer the sender in."""
        return self.services.people.language(self.person)

    def text(self, key: str, /, **values: object) -> Html:
        """A catalogue text in the sender's language, values escaped."""
        return self.services.texts.get(self.language, key, **values)


CONTEXT_TYPES = ContextTypes(context=BotContext)
