-- What the agent remembers: one episode per finished task, searchable by full text.
CREATE TABLE memories (
    id         bigserial   PRIMARY KEY,
    tenant     text        NOT NULL,
    task_id    text,
    kind       text        NOT NULL,
    content    text        NOT NULL,
    tsv        tsvector    GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (task_id, kind)
);

CREATE INDEX memories_tsv_idx ON memories USING gin (tsv);
CREATE INDEX memories_tenant_idx ON memories (tenant, created_at DESC);
