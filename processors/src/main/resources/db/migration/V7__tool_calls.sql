-- The idempotency ledger: one row per call of a non-idempotent tool, written before the call and completed after.
-- call_key hashes (task, step, tool, canonical args), so a retry, a resumed task or a replay finds the same row.
CREATE TABLE tool_calls (
    call_key    text        PRIMARY KEY,
    task_id     text        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    step_index  integer     NOT NULL,
    tool        text        NOT NULL,
    status      text        NOT NULL,  -- STARTED, COMPLETED, FAILED, NOT_DELIVERED, UNKNOWN
    attempts    integer     NOT NULL DEFAULT 1,
    result      jsonb,
    error       text,
    resolved_by text,
    node        text,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE INDEX tool_calls_task_idx ON tool_calls (task_id, step_index);
