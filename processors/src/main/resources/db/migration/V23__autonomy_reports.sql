-- The daily autonomy audit: one row per UTC day, written by the first instance to report it (the others see the row
-- and stay quiet), with the report itself. Rows older than 400 days are removed when a new day is reported.
CREATE TABLE autonomy_reports (
    day        date        PRIMARY KEY,
    node       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    report     jsonb       NOT NULL
);
