-- Prompt templates (plan, plan-repair, summarize, reflect) as numbered versions, global to every tenant. A version other
-- than the shipped one runs only after a person approved it (status canary or active). Its outcome statistics are
-- counters on its own row, plus a window of its last outcomes: nothing is written per use but the task's own column.
CREATE TABLE prompt_versions (
    name                text             NOT NULL,
    version             integer          NOT NULL,
    text                text             NOT NULL,
    status              text             NOT NULL
        CHECK (status IN ('proposed', 'canary', 'active', 'retired', 'rejected')),
    canary_share        double precision CHECK (canary_share > 0 AND canary_share < 1),
    source              text             NOT NULL CHECK (source IN ('release', 'rule', 'model', 'person')),
    proposed_by         text             NOT NULL,
    reason              text             NOT NULL,
    based_on            integer,
    -- The active version this one took over from: what a rollback makes active again.
    replaces            integer,
    decided_by          text,
    decision_comment    text,
    proposed_at         timestamptz      NOT NULL DEFAULT now(),
    decided_at          timestamptz,
    activated_at        timestamptz,
    retired_at          timestamptz,
    uses                bigint           NOT NULL DEFAULT 0,
    successes           bigint           NOT NULL DEFAULT 0,
    validation_failures bigint           NOT NULL DEFAULT 0,
    failures            bigint           NOT NULL DEFAULT 0,
    cost_usd            numeric(18, 6)   NOT NULL DEFAULT 0,
    latency_ms          bigint           NOT NULL DEFAULT 0,
    -- The last outcomes, oldest first, one letter each: S success, V validation failure, F failure, O other.
    recent              text             NOT NULL DEFAULT '',
    PRIMARY KEY (name, version)
);

CREATE UNIQUE INDEX prompt_versions_one_active_idx ON prompt_versions (name) WHERE status = 'active';
CREATE UNIQUE INDEX prompt_versions_one_canary_idx ON prompt_versions (name) WHERE status = 'canary';

-- The prompt versions a task used, e.g. {"plan": 2, "reflect": 1}; counted into their statistics, then cleared, when
-- the task ends.
ALTER TABLE tasks ADD COLUMN prompt_versions jsonb;
