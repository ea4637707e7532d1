-- Roll calls: every organiser of the visit gets one live message (a board), not only the one
-- who started it. A board is kept with the organiser it is for (its language): it goes with
-- them (forget-me) and with its roll call.

CREATE TABLE rollcall_boards (
    rollcall_id INTEGER NOT NULL REFERENCES rollcalls(id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (rollcall_id, chat_id, message_id)
);

-- One board per organiser and roll call (a second copy of a message is not followed).
CREATE UNIQUE INDEX rollcall_boards_one_each ON rollcall_boards (rollcall_id, person_id);

-- The starter's board, until now kept on the roll call itself.
INSERT INTO rollcall_boards (rollcall_id, chat_id, message_id, person_id)
SELECT id, board_chat_id, board_message_id, created_by FROM rollcalls
WHERE board_chat_id IS NOT NULL AND board_message_id IS NOT NULL;

ALTER TABLE rollcalls DROP COLUMN board_chat_id;
ALTER TABLE rollcalls DROP COLUMN board_message_id;
