-- One row per run of a scheduled maintenance job (dedup, retention, archive, vacuum, index check, pruning): what ran,
-- where, when, how it ended and what it did (counts). A run another instance held the lock for is not recorded. The
-- table has its own retention (the maintenance-runs-retention job), so it does not grow with time either.
CREATE TABLE maintenance_runs (
    id          bigserial   PRIMARY KEY,
    job         text        NOT NULL,
    node        text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('ok', 'failed')),
    counts      jsonb       NOT NULL DEFAULT '{}',
    duration_ms bigint      NOT NULL,
    error       text
);

CREATE INDEX maintenance_runs_started_idx ON maintenance_runs (started_at DESC);

-- Pruning looks for finished tasks by how long ago they ended.
CREATE INDEX tasks_finished_idx ON tasks (updated_at)
    WHERE status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED');
