-- The relay of task events to Kafka (kortana.events): one instance at a time holds the relay's lease and sends the
-- events after last_seq, then moves last_seq on. A crash between sending and moving on sends those events again
-- (at least once; the records carry the event number to drop a repeat). The relay starts at the newest event when
-- this table is made, so nothing written after the upgrade is missed by a relay that starts a little later.
CREATE TABLE event_relay (
    id          integer     PRIMARY KEY CHECK (id = 1),
    last_seq    bigint      NOT NULL,
    owner       text,
    lease_until timestamptz
);

INSERT INTO event_relay (id, last_seq) SELECT 1, coalesce(max(seq), 0) FROM task_events;
