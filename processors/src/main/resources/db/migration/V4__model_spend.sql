-- Every attempt to call a model: what it was for, how it ended, what it used and cost.
CREATE TABLE model_calls (
    id          bigserial     PRIMARY KEY,
    task_id     text,
    tenant      text          NOT NULL,
    purpose     text          NOT NULL,
    model       text          NOT NULL,
    provider    text          NOT NULL,
    outcome     text          NOT NULL,
    tokens_in   bigint        NOT NULL DEFAULT 0,
    tokens_out  bigint        NOT NULL DEFAULT 0,
    cost_usd    numeric(18,8) NOT NULL DEFAULT 0,
    latency_ms  bigint        NOT NULL DEFAULT 0,
    error       text,
    created_at  timestamptz   NOT NULL DEFAULT now()
);

CREATE INDEX model_calls_task_idx ON model_calls (task_id);
CREATE INDEX model_calls_created_idx ON model_calls (created_at);

-- Money spent and reserved per scope: 'task:<id>', 'tenant:<tenant>:<utc day>', 'global:<utc day>'.
-- A call reserves its worst case in every scope it counts towards before it is made, and settles after, so
-- instances sharing this database can never together pass a limit.
CREATE TABLE model_budgets (
    scope        text          PRIMARY KEY,
    spent_usd    numeric(18,8) NOT NULL DEFAULT 0,
    reserved_usd numeric(18,8) NOT NULL DEFAULT 0,
    updated_at   timestamptz   NOT NULL DEFAULT now()
);
