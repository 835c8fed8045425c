-- Memory with a lifecycle. A row is one piece of knowledge of a tenant: a fact a task learned (what used to be called
-- its "episode"), an episode (what a task did and how it went, for planning) or a reflection. Each row carries how
-- good it has proved (quality, 0..1), how often and when it was last used, the tasks that taught or confirmed it and
-- the rows merged into it (provenance), and the newer row that contradicts it (superseded rows are kept for audit
-- and never retrieved).
ALTER TABLE memories DROP CONSTRAINT memories_task_id_kind_key;
UPDATE memories SET kind = 'fact' WHERE kind = 'episode';

ALTER TABLE memories
    ADD COLUMN quality       real        NOT NULL DEFAULT 0.5,
    ADD COLUMN uses          integer     NOT NULL DEFAULT 0,
    ADD COLUMN last_used_at  timestamptz,
    ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN source_tasks  text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN merged_from   bigint[]    NOT NULL DEFAULT '{}',
    ADD COLUMN superseded_by bigint,
    ADD COLUMN detail        jsonb,
    ADD CONSTRAINT memories_kind_check CHECK (kind IN ('fact', 'episode', 'reflection')),
    ADD CONSTRAINT memories_quality_check CHECK (quality >= 0 AND quality <= 1);

UPDATE memories SET source_tasks = ARRAY[task_id] WHERE task_id IS NOT NULL;

-- Searches read live rows of one tenant (and kind); forgetting by task finds a task's rows.
CREATE INDEX memories_live_idx ON memories (tenant, kind) WHERE superseded_by IS NULL;
CREATE INDEX memories_task_idx ON memories (task_id);
-- A resumed task finds what it taught, forgetting a task finds what it confirmed, provenance finds what a row replaced.
CREATE INDEX memories_source_tasks_idx ON memories USING gin (source_tasks);
CREATE INDEX memories_superseded_by_idx ON memories (superseded_by) WHERE superseded_by IS NOT NULL;
