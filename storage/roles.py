"""The roles a person can hold in a visit."""

from enum import StrEnum


class Role(StrEnum):
    """One membership role; the string is what the database stores."""

    ORGANISER = "organiser"
    PARTICIPANT = "participant"
    PARTNER = "partner"
    CREATOR = "creator"
