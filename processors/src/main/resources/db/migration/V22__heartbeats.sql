-- Heartbeats: every instance writes the state of each of its components (the database, the sweeper, the memory index,
-- each model, each tool circuit that is not closed) every kortana.heartbeat.interval-ms, so every instance sees the
-- whole cluster. A component that says failing, or an instance that stops beating, is an alert. An instance gone for
-- a day is forgotten.
CREATE TABLE heartbeats (
    node      text        NOT NULL,
    component text        NOT NULL,
    status    text        NOT NULL,  -- ok, failing
    detail    text,
    beat_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (node, component)
);
