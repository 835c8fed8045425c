-- Each memory's embedding (a unit vector) and the model that made it, so a model change is seen and the rows are
-- embedded again. NULL until embedded: rows from before this migration are embedded at the next start-up.
ALTER TABLE memories ADD COLUMN embedding real[], ADD COLUMN embedding_model text;
