-- GET /api/tasks lists the newest tasks first, of every tenant or of one: without an index on created_at each call
-- read and sorted the whole table (a 30-minute soak read 188 million rows for its 32,000 list calls, and got slower
-- as the table grew). The status filter already has tasks_status_created_idx.
CREATE INDEX tasks_created_idx ON tasks (created_at DESC);
CREATE INDEX tasks_tenant_created_idx ON tasks (tenant, created_at DESC);
