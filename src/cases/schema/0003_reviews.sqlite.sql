-- Case-file review (案卷评查, src/cases/review_http.c). A draw is the files
-- chosen at once (all given, or a sample drawn with a recorded seed); a
-- review is one file's sheet: each item's result (what sunroad checked,
-- or the reviewer's), points deducted, evidence and note; finished, its
-- score and grade, and each deduction a finding (the problem-clue ledger
-- takes them on). Identity columns differ by dialect.
CREATE TABLE review_draws (
  id INTEGER PRIMARY KEY,
  seed BIGINT NOT NULL,
  sample INTEGER NOT NULL,
  population INTEGER NOT NULL,
  period_from INTEGER NOT NULL,
  period_to INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  draw_id BIGINT NOT NULL REFERENCES review_draws (id),
  case_id BIGINT NOT NULL REFERENCES cases (id),
  state TEXT NOT NULL CHECK (state IN ('open', 'finished')),
  score INTEGER,
  grade TEXT,
  vetoed SMALLINT,
  reviewer TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX reviews_case ON reviews (case_id);
CREATE TABLE review_items (
  review_id BIGINT NOT NULL REFERENCES reviews (id),
  item TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('pass', 'fail', 'unknown')),
  deducted INTEGER NOT NULL,
  auto SMALLINT NOT NULL,
  evidence TEXT NOT NULL,
  note TEXT NOT NULL,
  PRIMARY KEY (review_id, item)
);
CREATE TABLE review_findings (
  id INTEGER PRIMARY KEY,
  review_id BIGINT NOT NULL REFERENCES reviews (id),
  case_id BIGINT NOT NULL,
  unit_code TEXT NOT NULL,
  officers TEXT NOT NULL,
  item TEXT NOT NULL,
  deducted INTEGER NOT NULL,
  note TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
