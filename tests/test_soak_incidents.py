"""bench.soak's rule for what in the bot's stderr counts as an unhandled exception."""

from __future__ import annotations

from bench.soak import unhandled_incidents

STDERR = """\
2026-12-03 11:24:29,906 ERROR bot.application: update 700000009 failed
Traceback (most recent call last):
  File "/x/handlers/common.py", line 137, in guarded
telegram.error.NetworkError: Bad Gateway
2026-12-03 11:24:30,000 WARNING bot.application: could not tell chat 1 about the error
2026-12-03 11:24:31,000 ERROR bot.scheduling: planner agenda failed
Traceback (most recent call last):
  File "/x/storage/database.py", line 103, in transaction
sqlite3.OperationalError: database is locked
2026-12-03 11:24:35,552 ERROR telegram.request.BaseRequest: Can not load invalid JSON data: "{"
Traceback (most recent call last):
json.decoder.JSONDecodeError: Unterminated string starting at: line 1 column 274 (char 273)
2026-12-03 11:24:36,000 ERROR bot.application: update 700000146 failed
Traceback (most recent call last):
  File "/x/telegram/_bot.py", line 741, in _do_post
  File "/x/telegram/_message.py", line 600, in de_json
KeyError: 'date'
2026-12-03 11:24:37,000 ERROR asyncio: Task exception was never retrieved
Traceback (most recent call last):
sqlite3.OperationalError: database is locked
2026-12-03 11:24:38,000 ERROR bot.application: update 700000150 failed
Traceback (most recent call last):
  File "/x/handlers/checkins.py", line 10, in checkin
AttributeError: 'NoneType' object has no attribute 'id'
2026-12-03 11:24:39,000 ERROR bot.outbox: delivery pass failed
Traceback (most recent call last):
  File "/x/bot/outbox.py", line 1, in deliver_due
ValueError: boom
"""


def test_injected_faults_caught_by_their_handlers_are_not_unhandled_and_the_rest_is():
    incidents = unhandled_incidents(STDERR)
    assert [i.injected for i in incidents] == [True, True, True, True, False, False, False]
    unhandled = [i.exception for i in incidents if not i.injected]
    assert unhandled == [
        "sqlite3.OperationalError: database is locked",  # escaped: never retrieved
        "AttributeError: 'NoneType' object has no attribute 'id'",
        "ValueError: boom",
    ]


def test_a_bare_traceback_outside_any_log_record_is_unhandled():
    [incident] = unhandled_incidents("Traceback (most recent call last):\nRuntimeError: x\n")
    assert not incident.injected and incident.exception == "RuntimeError: x"
