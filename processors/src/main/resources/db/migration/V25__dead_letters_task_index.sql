-- The autonomy metrics count each task's dead letters (an incident a person had to heal): by task, not by a scan.
CREATE INDEX dead_letters_task_idx ON dead_letters (task_id);
