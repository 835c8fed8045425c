-- The gauge of dead letters not replayed is counted every few seconds on every instance: from this index, not a scan.
CREATE INDEX dead_letters_open_idx ON dead_letters (id) WHERE replayed_at IS NULL;
