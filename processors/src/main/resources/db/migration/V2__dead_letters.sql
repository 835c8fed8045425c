-- Messages the pipeline could not finish after every retry, kept with the task and the exception.
CREATE TABLE dead_letters (
    id              bigserial   PRIMARY KEY,
    task_id         text        REFERENCES tasks (id) ON DELETE SET NULL,
    task            jsonb,
    failed_route    text,
    exception_class text        NOT NULL,
    message         text,
    stack_trace     text,
    attempts        integer     NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    replayed_at     timestamptz
);

CREATE INDEX dead_letters_created_idx ON dead_letters (created_at DESC);
