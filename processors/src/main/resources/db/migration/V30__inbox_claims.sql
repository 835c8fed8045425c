-- Claims on inbox files, so that instances sharing one inbox folder read each file once. An instance claims a file
-- (by name) before it reads it and deletes the claim once the file is moved out of the inbox or left there after a
-- failure; it renews the claims it holds with its leases. A claim whose instance died expires after a lease and may be
-- taken again, and an expired claim nobody takes is deleted: the table holds only the files being read right now.
CREATE TABLE inbox_claims (
    file_name     text        PRIMARY KEY,
    owner         text        NOT NULL,
    claimed_until timestamptz NOT NULL
);

CREATE INDEX inbox_claims_until_idx ON inbox_claims (claimed_until);
