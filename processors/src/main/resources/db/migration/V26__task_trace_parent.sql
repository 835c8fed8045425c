-- The W3C traceparent of the span that accepted a task (null when tracing was off): every later run of the task, on any
-- instance, after a park, a put-aside or a crash, continues that trace.
ALTER TABLE tasks ADD COLUMN trace_parent text;
