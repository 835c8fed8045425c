-- Each open budget reservation, so that one whose call never settled (the process died, the settlement failed)
-- is released when it expires instead of holding the money until the end of the day.
CREATE TABLE model_reservations (
    id         bigserial     PRIMARY KEY,
    scopes     text[]        NOT NULL,
    amount     numeric(18,8) NOT NULL,
    expires_at timestamptz   NOT NULL
);

CREATE INDEX model_reservations_expires_idx ON model_reservations (expires_at);
