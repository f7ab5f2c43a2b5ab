-- Exports as background jobs (src/base/export_jobs.c): who asked, with the
-- scope they had then (scope_all, scope_unit: what people_bind_scope
-- binds), the kind, format and filter (a JSON object of texts), the state
-- (queued, running, done, failed, expired), the rows written and the rows
-- the filter matched (NULL until counted), the file's names, and a failed
-- job's reason. The file itself is <id>.<format> in the export directory.
-- Identity columns differ by dialect.
CREATE TABLE export_jobs (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL,
  scope_all INTEGER NOT NULL,
  scope_unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  format TEXT NOT NULL,
  query TEXT NOT NULL,
  state TEXT NOT NULL,
  rows_done BIGINT NOT NULL,
  rows_total BIGINT,
  file_name TEXT NOT NULL,
  file_name_ascii TEXT NOT NULL,
  file_bytes BIGINT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  error_reason TEXT
);
CREATE INDEX export_jobs_login ON export_jobs (login, id);
CREATE INDEX export_jobs_state ON export_jobs (state, id);
