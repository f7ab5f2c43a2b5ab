/* A fresh database for a unit test that needs a real one: a new SQLite
 * file, or, for a test run with the prestate &fresh_db_on_pg when
 * SUNROAD_TEST_PG names a server (the URL of a maintenance database), a
 * new PostgreSQL database there. Include it in one test file; use
 * fresh_db_setup and fresh_db_teardown as cmocka's setup and teardown. */
#ifndef SUNROAD_TEST_FRESH_DB_H
#define SUNROAD_TEST_FRESH_DB_H

#include "base/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fresh_db_path[64];                         /* the SQLite file */
static char fresh_db_url[512];                         /* what the test opens: the path, or a PostgreSQL URL */
static int fresh_db_on_pg __attribute__((unused)) = 1; /* the prestate of a test to run on PostgreSQL */

/* SUNROAD_TEST_PG, or NULL when the PostgreSQL run is off. */
static const char *fresh_db_pg(void)
{
	const char *pg = getenv("SUNROAD_TEST_PG");
	return pg && *pg ? pg : NULL;
}

static int fresh_db_setup(void **state)
{
	snprintf(fresh_db_path, sizeof fresh_db_path, "/tmp/sunroad-test-%d.db", (int)getpid());
	unlink(fresh_db_path);
	snprintf(fresh_db_url, sizeof fresh_db_url, "%s", fresh_db_path);
	const char *pg = fresh_db_pg();
	if (*state == NULL || !pg)
		return 0;
	char name[64], cmd[1024];
	snprintf(name, sizeof name, "test_unit_%d", (int)getpid());
	snprintf(
	    cmd, sizeof cmd,
	    "psql -q -v ON_ERROR_STOP=1 '%s' -c 'DROP DATABASE IF EXISTS %s' -c 'CREATE DATABASE %s' >/dev/null 2>&1",
	    pg, name, name);
	if (system(cmd) != 0)
		return -1;
	const char *slash = strrchr(pg, '/');
	snprintf(fresh_db_url, sizeof fresh_db_url, "%.*s/%s", (int)(slash - pg), pg, name);
	return 0;
}

static int fresh_db_teardown(void **state)
{
	(void)state;
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char p[80];
		snprintf(p, sizeof p, "%s%s", fresh_db_path, suffixes[i]);
		unlink(p);
	}
	return 0;
}

/* Opens the fresh database (migrated), failing the test when it cannot. */
static struct db *fresh_db_open(void)
{
	struct db *db;
	struct err e = { 0 };
	if (db_open(&db, fresh_db_url, NULL, &e))
		fail_msg("%s: %s", fresh_db_url, e.msg);
	return db;
}

#endif
