-- The autonomy metrics count each task's dead letters (each an incident: retries ran out): by task, not by a scan.
CREATE INDEX dead_letters_task_idx ON dead_letters (task_id);
