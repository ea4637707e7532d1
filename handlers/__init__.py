"""Handlers: one module per feature, each ending with the `register` function that wires it in.

FEATURES is the order in which they are wired; the fallback stays last so it only sees what
every feature passed over.
"""

from handlers import (
    agenda,
    announcements,
    attendance,
    checkins,
    creators,
    emergency,
    exports,
    fallback,
    invites,
    language,
    learning,
    logistics,
    menus,
    needs,
    partners,
    privacy,
    questions,
    reminders,
    rollcalls,
    roster,
    safety,
    start,
    visits,
    wall,
)

FEATURES = [
    start,
    menus,
    language,
    visits,
    invites,
    # Before the agenda: a file captioned /roster is a roster, any other an agenda.
    roster,
    agenda,
    reminders,
    partners,
    questions,
    # Before creators: leads name questions and introductions of both.
    learning,
    wall,
    creators,
    privacy,
    checkins,
    attendance,
    rollcalls,
    logistics,
    safety,
    emergency,
    needs,
    announcements,
    exports,
    fallback,
]
