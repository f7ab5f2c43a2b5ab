// What the people browser tests hand on to later files: the officer the
// admin makes (and its password), the user edited, and a tag for unique
// names on a reused server.
export const officer = {};
// The user t52 edits, locks, unlocks and enables; t53 reads its audit entries.
export const edited = {};
export const tag = String(Date.now() % 1000000);
