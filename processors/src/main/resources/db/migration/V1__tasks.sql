-- Tasks with their lease, every lifecycle transition, and a checkpoint per finished step.
CREATE TABLE tasks (
    id            text        PRIMARY KEY,
    tenant        text        NOT NULL,
    goal          text        NOT NULL,
    channel       text        NOT NULL,
    source_ref    text,
    reply_key     text,
    body_hash     text        NOT NULL,
    task          jsonb       NOT NULL,
    status        text        NOT NULL,
    status_reason text,
    plan          jsonb,
    outcome       jsonb,
    lease_owner   text,
    lease_until   timestamptz,
    claims        integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tasks_status_created_idx ON tasks (status, created_at DESC);
-- The sweeper looks only at live tasks whose lease ran out.
CREATE INDEX tasks_live_lease_idx ON tasks (lease_until)
    WHERE status NOT IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED');

CREATE TABLE task_events (
    seq     bigserial   PRIMARY KEY,
    task_id text        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    kind    text        NOT NULL,
    name    text        NOT NULL,
    status  text        NOT NULL,
    detail  jsonb,
    node    text,
    at      timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX task_events_task_idx ON task_events (task_id, seq);

CREATE TABLE steps (
    task_id     text        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    step_index  integer     NOT NULL,
    tool        text        NOT NULL,
    status      text        NOT NULL,
    output      jsonb,
    error       text,
    started_at  timestamptz NOT NULL,
    duration_ms bigint      NOT NULL,
    node        text,
    PRIMARY KEY (task_id, step_index)
);
