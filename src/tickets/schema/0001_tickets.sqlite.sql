-- Complaint tickets (工单, src/tickets). A ticket is the fold of its
-- events (ticket_events, in seq order); the columns after `text` are that
-- fold kept for the lists: the state, the unit and officer it is with,
-- the deadlines (contact_due_at an instant; resolve_due and close_due
-- YYYYMMDD days) and when each was met. sources: the tickets merged into
-- this one, each with its channel, number and deadlines, answered with
-- it. Identity columns differ by dialect.
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  channel TEXT NOT NULL,
  source_no TEXT NOT NULL,
  kind TEXT NOT NULL,
  category TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  caller_name TEXT NOT NULL,
  caller_phone TEXT NOT NULL,
  plate TEXT NOT NULL,
  subject TEXT NOT NULL,
  location TEXT NOT NULL,
  text TEXT NOT NULL,
  state TEXT NOT NULL,
  unit_code TEXT NOT NULL,
  officer TEXT NOT NULL,
  contact_due_at BIGINT NOT NULL,
  resolve_due INTEGER NOT NULL,
  close_due INTEGER NOT NULL,
  deadlines TEXT NOT NULL,
  contacted_at BIGINT NOT NULL,
  resolved_at BIGINT NOT NULL,
  closed_at BIGINT NOT NULL,
  satisfaction SMALLINT NOT NULL,
  merged_into BIGINT,
  case_id BIGINT,
  sources TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX tickets_received ON tickets (received_at, id);
CREATE INDEX tickets_unit ON tickets (unit_code, state);
CREATE INDEX tickets_phone ON tickets (caller_phone, received_at);
CREATE INDEX tickets_plate ON tickets (plate, received_at);

-- One act on a ticket: what the user sent (body) and what recording it
-- decided (sets: new deadlines), stored as decided.
CREATE TABLE ticket_events (
  ticket_id BIGINT NOT NULL REFERENCES tickets (id),
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  at BIGINT NOT NULL,
  body TEXT NOT NULL,
  sets TEXT NOT NULL,
  actor TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (ticket_id, seq)
);

CREATE TABLE ticket_numbers (
  year INTEGER PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
