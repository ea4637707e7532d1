"""The outbox's first promises: queued rows are sent when due, once, and survive a restart."""

from __future__ import annotations

from datetime import timedelta

from bot.outbox import Button, Delivery, OutgoingMessage
from sandbox.harness import Member, Rehearsal
from storage.visits import Visit


async def test_a_due_row_is_sent_once_and_a_future_one_waits_for_its_time(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    outbox = telegram.services.outbox
    now = telegram.clock.now()
    later = now + timedelta(minutes=30)
    await outbox.enqueue(
        [
            Delivery(rani.id, OutgoingMessage("Bus <b>now</b>"), "test", visit.id, dedupe_key="a"),
            Delivery(
                rani.id,
                OutgoingMessage("Later", ((Button("OK", "x:1"),),)),
                "test",
                visit.id,
                dedupe_key="b",
                due_at=later,
            ),
        ]
    )
    await telegram.settle()
    assert (await rani.last_message()).text == "Bus now"
    await outbox.enqueue([Delivery(rani.id, OutgoingMessage("Bus now"), "test", dedupe_key="a")])
    await telegram.restart()
    await telegram.move_clock(timedelta(minutes=30))
    texts = [m.text for m in rani.messages if m.text in ("Bus now", "Later")]
    assert texts == ["Bus now", "Later"]
    assert rani.messages[-1].button_texts() == ["OK"]
    assert (await telegram.services.outbox.store.count_by_state("test")) == {"sent": 2}
