-- Tools registered at run time through POST /api/tools, shared by every instance. tools.yaml stays the file's.
CREATE TABLE tools (
    name          text        PRIMARY KEY,
    spec          jsonb       NOT NULL,
    registered_by text,
    registered_at timestamptz NOT NULL DEFAULT now()
);
