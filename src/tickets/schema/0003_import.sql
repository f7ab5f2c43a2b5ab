-- The hotline platforms' exports (src/tickets/import.c,
-- docs/tickets-import.md). A mapping: a platform's column headers to the
-- fields of a ticket, with its channel and time format (body: the JSON
-- `tickets mapping save` took).
CREATE TABLE ticket_import_mappings (
  name TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  body TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at BIGINT NOT NULL
);

-- A row of an export that made no ticket and was no duplicate: its file,
-- its row number there, its text (raw: as CSV; row_json: {header: value}),
-- the mapping, and why (reason: a stable name, args its JSON arguments,
-- message the words). Kept once per file, row and text: importing the
-- same file again adds nothing.
CREATE TABLE ticket_quarantine (
  source TEXT NOT NULL,
  row_no BIGINT NOT NULL,
  raw TEXT NOT NULL,
  row_json TEXT NOT NULL,
  raw_digest BIGINT NOT NULL,
  mapping TEXT NOT NULL,
  reason TEXT NOT NULL,
  args TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (source, row_no, raw_digest)
);
CREATE INDEX ticket_quarantine_created ON ticket_quarantine (created_at);

-- A platform's ticket is found by its channel and source number: an
-- import takes a row whose ticket is there as a duplicate.
CREATE INDEX tickets_source ON tickets (channel, source_no);
