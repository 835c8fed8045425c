-- How many times a person acted on a task (an approval or rejection, a cancel, a dead-letter replay, an answer for a
-- call of unknown outcome): counted by the transaction that records the action, copied into the outcome's
-- humanInterventions, and read by the autonomy metrics. Adding a column with a constant default rewrites nothing.
ALTER TABLE tasks ADD COLUMN human_actions integer NOT NULL DEFAULT 0;
