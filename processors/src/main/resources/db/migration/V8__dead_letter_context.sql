-- A dead letter keeps what an operator needs to judge and replay it: the plan, the steps done, the whole cause chain.
ALTER TABLE dead_letters
    ADD COLUMN plan            jsonb,
    ADD COLUMN steps           jsonb,
    ADD COLUMN exception_chain jsonb,
    ADD COLUMN kind            text NOT NULL DEFAULT 'retries-exhausted',
    ADD COLUMN replayed_by     text,
    ADD COLUMN replay_count    integer NOT NULL DEFAULT 0;
