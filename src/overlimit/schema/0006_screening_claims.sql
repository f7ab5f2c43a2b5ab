-- Claims on the records of the screening queue: the officer who opened a
-- record holds it until expires_at (Unix seconds), so that two officers do
-- not screen the same one at once. One claim per record; a decision
-- deletes it, an expired one is taken over.
CREATE TABLE screening_claims (
  detection_id BIGINT PRIMARY KEY,
  claimed_by TEXT NOT NULL,
  claimed_name TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX screening_claims_by ON screening_claims (claimed_by);
