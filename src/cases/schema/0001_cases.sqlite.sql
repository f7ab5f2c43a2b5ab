-- Penalty cases (行政处罚案件, src/cases). A case is the fold of its
-- events (case_events, in seq order); state and next_due are that fold
-- kept for the lists. Days are YYYYMMDD integers; money in fen. party,
-- vehicle and officers are JSON objects as the API takes them. A case
-- number is the year's next seq (case_numbers), never reused. Identity
-- columns differ by dialect.
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  unit_code TEXT NOT NULL,
  procedure TEXT NOT NULL CHECK (procedure IN ('standard', 'summary')),
  violation TEXT NOT NULL,
  detection_id BIGINT UNIQUE,
  occurred_at BIGINT NOT NULL,
  place TEXT NOT NULL,
  facts TEXT NOT NULL,
  party_kind TEXT NOT NULL CHECK (party_kind IN ('person', 'organisation')),
  party TEXT NOT NULL,
  vehicle TEXT NOT NULL,
  officers TEXT NOT NULL,
  proposed_fine_fen BIGINT NOT NULL,
  opened_on INTEGER NOT NULL,
  decision_due INTEGER NOT NULL,
  decision_due_provisional SMALLINT NOT NULL,
  approved_by TEXT NOT NULL,
  state TEXT NOT NULL,
  next_due INTEGER,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX cases_unit ON cases (unit_code, id);

-- One act of the procedure: what the user sent (body) and what recording
-- it decided (sets: the deadlines with their rules), stored as decided.
CREATE TABLE case_events (
  case_id BIGINT NOT NULL REFERENCES cases (id),
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  on_day INTEGER NOT NULL,
  body TEXT NOT NULL,
  sets TEXT NOT NULL,
  actor TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE case_numbers (
  year INTEGER PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
