-- Task ids are namespaced by tenant: the caller's id is client_id, unique within its tenant only, and the key (id)
-- becomes '<tenant>/<client_id>' (the plain id for the default tenant). Rows stored before keep their key, which was
-- unique across tenants, so every table that refers to it (events, steps, tool calls, approvals, audit) stays valid.
ALTER TABLE tasks ADD COLUMN client_id text;
UPDATE tasks SET client_id = id;
ALTER TABLE tasks ALTER COLUMN client_id SET NOT NULL;
-- Serves both lookups: a tenant's own id, and an all-tenants admin's id in whichever tenant holds it.
CREATE UNIQUE INDEX tasks_client_id_tenant_idx ON tasks (client_id, tenant);
