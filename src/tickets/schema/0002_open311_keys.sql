-- The API keys of the Open311 interface (src/tickets/open311.c): one live
-- key per client (a reporting app, a city platform), kept as the SHA-256
-- of the key; issuing a new key for a client revokes its old one
-- (`sunroad tickets key NAME`). A ticket that came in through a key names
-- its client in tickets.created_by ("open311:NAME").
CREATE TABLE open311_keys (
  client TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  issued_at BIGINT NOT NULL
);
