-- 执法全过程记录: the body-worn camera recordings an on-site case was
-- opened with (their numbers in the recorder's system, as a JSON array);
-- the acts carry their own in case_events.body.
ALTER TABLE cases ADD COLUMN footage TEXT NOT NULL DEFAULT '[]';
