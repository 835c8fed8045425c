-- The prompt versions a task used, one row per prompt name, instead of a jsonb column on the task (V16): they are
-- recorded by the write-behind batch, which must not update task rows (a batch updating many tasks' rows deadlocked
-- with the lease heartbeat, which renews them in one statement; the foreign key's KEY SHARE lock does not conflict). Counted into prompt_versions' statistics and deleted when
-- the task ends; deleted with the task otherwise.
CREATE TABLE prompt_uses (
    task_id text    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    name    text    NOT NULL,
    version integer NOT NULL,
    PRIMARY KEY (task_id, name)
);

INSERT INTO prompt_uses (task_id, name, version)
SELECT t.id, u.key, u.value::integer FROM tasks t, jsonb_each_text(t.prompt_versions) u WHERE t.prompt_versions IS NOT NULL;

ALTER TABLE tasks DROP COLUMN prompt_versions;
