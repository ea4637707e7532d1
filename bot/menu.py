"""Command menus: each feature declares its commands and who sees them; menus follow roles."""

from __future__ import annotations

from dataclasses import dataclass

from storage.roles import Role

EVERYONE: frozenset[Role | None] = frozenset({None, *Role})


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """A command, the key of its description, and the roles that see it (None: not enrolled)."""

    command: str
    description_key: str
    roles: frozenset[Role | None]
    order: int


class CommandMenu:
    """Every command of the bot, as the features registered them."""

    def __init__(self) -> None:
        self._entries: dict[str, MenuEntry] = {}

    def add(
        self,
        command: str,
        roles: frozenset[Role | None] | frozenset[Role] = EVERYONE,
        description_key: str | None = None,
        order: int = 50,
    ) -> None:
        """Declare a command; its description is the text `cmd.<command>` unless given."""
        self._entries[command] = MenuEntry(
            command, description_key or f"cmd.{command}", frozenset(roles), order
        )

    def for_role(self, role: Role | None) -> list[MenuEntry]:
        """The commands someone with this role sees, in menu order."""
        entries = [entry for entry in self._entries.values() if role in entry.roles]
        return sorted(entries, key=lambda entry: (entry.order, entry.command))

    def roles_of(self, command: str) -> frozenset[Role | None] | None:
        """Who sees a command in their menu (None: no such command)."""
        entry = self._entries.get(command)
        return None if entry is None else entry.roles

    def commands(self) -> list[str]:
        """Every registered command name."""
        return sorted(self._entries)
