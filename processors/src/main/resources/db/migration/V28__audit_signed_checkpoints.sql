-- Signed heads instead of a signature per row (issue 17). Rows stay hash-chained; the writer signs the head of every
-- batch (audit_head, "head:<seq>:<hash>") and, at least once a checkpoint interval, the last row of a batch (its
-- signature over its own hash, as every row had before). The rows between two signed rows carry no signature: the
-- hash chain ties each of them to the next signed row and to the head.
ALTER TABLE audit_log ALTER COLUMN signature DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN key_id DROP NOT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_signed_with_key CHECK ((signature IS NULL) = (key_id IS NULL));
