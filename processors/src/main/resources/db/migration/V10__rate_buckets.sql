-- Token buckets for rate limits shared by every instance on this database; keys like 'tenant:acme', 'tool:orders.place'.
-- tokens is the level at updated_at (database clock); each take adds the refill since then, so no job tops buckets up.
-- capacity and per_second are those of the last granted take: the refill runs at that rate, and housekeeping can tell
-- a bucket that is full anyway (safe to forget) from a spent allowance that must be remembered.
CREATE TABLE rate_buckets (
    key        text             PRIMARY KEY,
    tokens     double precision NOT NULL,
    capacity   double precision NOT NULL,
    per_second double precision NOT NULL,
    updated_at timestamptz      NOT NULL
);
