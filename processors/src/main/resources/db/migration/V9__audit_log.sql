-- The tamper-evident audit log (dev.kortana.processors.audit): one hash chain shared by every instance.
-- seq is assigned as last + 1 under an advisory lock, never by a sequence: a gap always means a deleted row.
-- body is the canonical JSON of {seq, at, kind, taskId, actor, detail}; hash = sha256(prev_hash || '\n' || body);
-- signature is Ed25519 over the hash by the key key_id. The columns beside body copy it for queries; the verifier
-- checks that they agree with it. No foreign key to tasks: audit rows outlive what they describe.
CREATE TABLE audit_log (
    seq       bigint      PRIMARY KEY,
    at        timestamptz NOT NULL,
    kind      text        NOT NULL,
    task_id   text,
    actor     text        NOT NULL,
    body      text        NOT NULL,
    prev_hash text        NOT NULL,
    hash      text        NOT NULL,
    signature text        NOT NULL,
    key_id    text        NOT NULL
);

CREATE INDEX audit_log_task_idx ON audit_log (task_id);

-- The signed head: the last seq and its hash, updated in the transaction that appends. Rows deleted at the end of
-- the log show as a head that names rows the log no longer has. No row while the log is empty.
CREATE TABLE audit_head (
    id        integer PRIMARY KEY CHECK (id = 1),
    seq       bigint  NOT NULL,
    hash      text    NOT NULL,
    signature text    NOT NULL,
    key_id    text    NOT NULL
);

-- Public keys that signed entries, registered by each instance at start. Trusting them is a choice of the verifier
-- (kortana.audit.accept-db-keys): whoever can write here can add a key.
CREATE TABLE audit_keys (
    key_id     text        PRIMARY KEY,
    public_key text        NOT NULL,
    first_used timestamptz NOT NULL DEFAULT now()
);
