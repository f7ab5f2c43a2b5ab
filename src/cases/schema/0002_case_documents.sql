-- The case documents as issued (src/cases/documents_http.c): the first
-- request for a document of a case renders it and keeps here what it
-- showed (content: the document's texts as JSON, exactly as rendered),
-- the SHA-256 of the PDF bytes issued and the access code of the public
-- verification page. Later requests render the stored content again and
-- must give the same bytes; a row is never changed. Days are YYYYMMDD.
CREATE TABLE case_documents (
  case_id BIGINT NOT NULL REFERENCES cases (id),
  name TEXT NOT NULL,
  issued_on INTEGER NOT NULL,
  access_code TEXT NOT NULL UNIQUE,
  sha256 TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (case_id, name)
);
