-- A quarantined record once dealt with (the 异常数据 page's actions): when,
-- by whom, how ('marked': marked handled with a note; 'reimported': its
-- corrected text was accepted) and the note. NULL: still to be dealt with.
ALTER TABLE quarantine ADD COLUMN handled_at BIGINT;
ALTER TABLE quarantine ADD COLUMN handled_by TEXT;
ALTER TABLE quarantine ADD COLUMN handled_how TEXT;
ALTER TABLE quarantine ADD COLUMN handled_note TEXT;
