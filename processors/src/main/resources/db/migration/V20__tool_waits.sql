-- Since when a step has been waiting for a tool that is down: written the first time the step finds it down, kept
-- across restarts, so a tool's patience counts from then. resume_by is when the step was due back; a step found down
-- again long after that (it completed a call meanwhile, or a person answered for it) starts a new wait. Rows go
-- with their task.
CREATE TABLE tool_waits (
    task_id    text        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    step_index integer     NOT NULL,
    tool       text        NOT NULL,
    since      timestamptz NOT NULL DEFAULT now(),
    resume_by  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, step_index)
);
