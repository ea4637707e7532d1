-- An attempt is claimed in the database before its send (attempts + 1, sending_since), so no
-- failure of any kind, a crash included, can make more sends than the worker allows.
ALTER TABLE outbox ADD COLUMN sending_since TEXT;

-- A chat's rows go out in order: the worker asks whether an earlier row of the same chat is
-- still pending (backing off after a failure, or on the wire).
CREATE INDEX outbox_pending_chat ON outbox (chat_id, due_at, id) WHERE state = 'pending';
