-- What each tool did for each tenant, per hour: calls, how they ended, time and money spent, and the classes of error.
-- One upsert per executed step; the planner reads the recent windows, and windows past the retention are deleted
-- (route planning-prune). The steps themselves are the step checkpoints (steps), which live as long as their task.
CREATE TABLE tool_metrics (
    tenant           text          NOT NULL,
    tool             text          NOT NULL,
    window_start     timestamptz   NOT NULL,
    calls            integer       NOT NULL DEFAULT 0,
    successes        integer       NOT NULL DEFAULT 0,
    failures         integer       NOT NULL DEFAULT 0,
    total_ms         bigint        NOT NULL DEFAULT 0,
    total_cost_usd   numeric(16,8) NOT NULL DEFAULT 0,
    errors           jsonb         NOT NULL DEFAULT '{}',
    last_error_class text,
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, tool, window_start)
);

CREATE INDEX tool_metrics_window_idx ON tool_metrics (window_start);

-- Episodes are found by tenant and plan signature when a finished task is consolidated into one.
CREATE INDEX memories_episode_signature_idx ON memories (tenant, (detail ->> 'signature'))
    WHERE kind = 'episode' AND superseded_by IS NULL;
