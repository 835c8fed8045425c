-- Human approvals: a request per escalated step, bound to the exact arguments (args_hash) and the policy version.
-- An APPROVED row is a receipt: it lets that step run with those arguments under that policy until expires_at.
CREATE TABLE approvals (
    id             bigserial   PRIMARY KEY,
    task_id        text        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    tenant         text        NOT NULL,
    step_index     integer     NOT NULL,
    tool           text        NOT NULL,
    args           jsonb       NOT NULL,
    args_hash      text        NOT NULL,
    policy_version text        NOT NULL,
    rule_id        text        NOT NULL,
    reason         text        NOT NULL,
    role           text        NOT NULL,
    status         text        NOT NULL,
    requested_at   timestamptz NOT NULL DEFAULT now(),
    respond_by     timestamptz NOT NULL,
    on_timeout     text        NOT NULL,
    escalate_to    text,
    valid_for_ms   bigint      NOT NULL,
    reviewer       text,
    comment        text,
    decided_at     timestamptz,
    expires_at     timestamptz
);

-- At most one open request per step.
CREATE UNIQUE INDEX approvals_one_pending_idx ON approvals (task_id, step_index) WHERE status = 'PENDING';
CREATE INDEX approvals_task_idx ON approvals (task_id, step_index, id DESC);
-- The timeout sweep looks only at open requests.
CREATE INDEX approvals_due_idx ON approvals (respond_by) WHERE status = 'PENDING';

-- A human asked to stop the task: the worker stops before its next steps, a parked task ends at once.
ALTER TABLE tasks ADD COLUMN cancel_request jsonb;
