// What the people browser tests hand on to later files: the officer the
// admin makes (and its password), and a tag for unique names on a reused
// server.
export const officer = {};
export const tag = String(Date.now() % 1000000);
