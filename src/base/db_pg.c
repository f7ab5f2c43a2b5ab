/* The PostgreSQL backend (libpq): statements prepared once per connection
 * and cached by their SQL text, parameters sent as text, results read whole
 * (the queries of the API return small results; bulk paths use COPY). */
#include "db_backend.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 64

struct pg_stmt {
	struct db_stmt_head head;
	const char *sql;
	char name[16];
	int nparams;
	char *value[MAX_PARAMS]; /* owned copies, NULL for SQL NULL */
	PGresult *result;
	int row, rows;
	int64_t changes;
	struct pg_stmt *next;
};

struct pg_conn {
	PGconn *conn;
	struct pg_stmt *cache;
	int prepared;
};

#define CONN(db) ((struct pg_conn *)(db)->impl)
#define STMT(st) ((struct pg_stmt *)(st))

/* Maps a SQLSTATE to our codes: integrity violations are conflicts. */
static int pg_error(PGresult *res, PGconn *conn, struct err *e, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(conn);
	int code = ERR_DB;
	if (state && strncmp(state, "23", 2) == 0)
		code = ERR_CONFLICT;
	else if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
		code = ERR_BUSY; /* serialization failure, deadlock: the transaction may be retried */
	else if (state && strncmp(state, "08", 2) == 0)
		code = ERR_IO;
	else if (PQstatus(conn) != CONNECTION_OK)
		code = ERR_IO;
	char clean[200];
	snprintf(clean, sizeof clean, "%s", msg);
	clean[strcspn(clean, "\n")] = '\0';
	return err_set(
	    e, code, "%s: %s%s", what, clean,
	    PQstatus(conn) != CONNECTION_OK ? " (the connection to PostgreSQL was lost; run the command again)" : "");
}

static int pg_exec(struct db *db, const char *sql, struct err *e)
{
	PGresult *res = PQexec(CONN(db)->conn, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = pg_error(res, CONN(db)->conn, e, "database");
	PQclear(res);
	return rc;
}

/* A connection failure told the way an operator can act on it. */
static int connect_error(PGconn *conn, const char *url, struct err *e)
{
	char first[160];
	snprintf(first, sizeof first, "%s", PQerrorMessage(conn));
	first[strcspn(first, "\n")] = '\0';
	const char *hint = "check the URL postgres://USER[:PASSWORD]@HOST:PORT/DBNAME";
	if (strstr(first, "password"))
		hint = "check the user and password (in the URL or ~/.pgpass)";
	else if (strstr(first, "does not exist"))
		hint = "create the database (createdb) or fix its name in the URL";
	else if (strstr(first, "Connection refused") || strstr(first, "could not connect") ||
	         strstr(first, "translate host name"))
		hint = "is PostgreSQL running there? check the host and port in the URL";
	(void)url; /* never echoed: it may hold a password */
	return err_set(e, ERR_IO, "cannot connect to PostgreSQL %s:%s/%s: %s; %s", PQhost(conn) ? PQhost(conn) : "?",
	               PQport(conn) ? PQport(conn) : "?", PQdb(conn) ? PQdb(conn) : "?", first, hint);
}

static int pg_open(struct db *db, const char *url, const struct db_options *opt, struct err *e)
{
	(void)opt;
	struct pg_conn *c = calloc(1, sizeof *c);
	if (!c)
		return err_set(e, ERR_NOMEM, "out of memory connecting to PostgreSQL");
	db->impl = c;
	c->conn = PQconnectdb(url);
	if (!c->conn)
		return err_set(e, ERR_NOMEM, "out of memory connecting to PostgreSQL");
	if (PQstatus(c->conn) != CONNECTION_OK)
		return connect_error(c->conn, url, e);
	/* Quiet NOTICEs (IF NOT EXISTS ...), UTC sessions: instants are integers. */
	return pg_exec(db, "SET client_min_messages = warning; SET TIME ZONE 'UTC'", e);
}

static void stmt_clear_values(struct pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->value[i]);
		s->value[i] = NULL;
	}
}

static void pg_close(struct db *db)
{
	struct pg_conn *c = CONN(db);
	for (struct pg_stmt *s = c->cache, *next; s; s = next) {
		next = s->next;
		stmt_clear_values(s);
		PQclear(s->result);
		free(s);
	}
	PQfinish(c->conn);
	free(c);
	db->impl = NULL;
}

/* The highest $n in sql: the statement's parameter count. */
static int count_params(const char *sql)
{
	int max = 0;
	for (const char *p = sql; (p = strchr(p, '$')) != NULL; p++) {
		long n = strtol(p + 1, NULL, 10);
		if (n > max)
			max = n;
	}
	return max;
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql, struct err *e)
{
	struct pg_conn *c = CONN(db);
	struct pg_stmt **link = &c->cache;
	for (struct pg_stmt *s = c->cache; s; link = &s->next, s = s->next) {
		if (s->sql == sql || strcmp(s->sql, sql) == 0) {
			*link = s->next;
			s->next = c->cache;
			c->cache = s;
			PQclear(s->result);
			s->result = NULL;
			return (struct db_stmt *)s;
		}
	}
	int nparams = count_params(sql);
	if (nparams > MAX_PARAMS) {
		err_set(e, ERR_DB, "SQL has more than %d parameters", MAX_PARAMS);
		return NULL;
	}
	struct pg_stmt *s = calloc(1, sizeof *s);
	if (!s) {
		err_set(e, ERR_NOMEM, "out of memory preparing a statement");
		return NULL;
	}
	snprintf(s->name, sizeof s->name, "s%d", ++c->prepared);
	PGresult *res = PQprepare(c->conn, s->name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_error(res, c->conn, e, "preparing SQL");
		PQclear(res);
		free(s);
		return NULL;
	}
	PQclear(res);
	s->head.db = db;
	s->sql = sql;
	s->nparams = nparams;
	s->next = c->cache;
	c->cache = s;
	return (struct db_stmt *)s;
}

static void set_value(struct db_stmt *st, int n, const char *p, size_t len)
{
	struct pg_stmt *s = STMT(st);
	if (n < 1 || n > s->nparams)
		return;
	free(s->value[n - 1]);
	s->value[n - 1] = NULL;
	if (!p)
		return;
	char *copy = malloc(len + 1);
	if (!copy)
		abort();
	memcpy(copy, p, len);
	copy[len] = '\0';
	s->value[n - 1] = copy;
}

static void pg_bind_int(struct db_stmt *st, int n, int64_t v)
{
	char text[24];
	int len = snprintf(text, sizeof text, "%lld", (long long)v);
	set_value(st, n, text, (size_t)len);
}

static void pg_bind_double(struct db_stmt *st, int n, double v)
{
	char text[32];
	int len = snprintf(text, sizeof text, "%.17g", v);
	set_value(st, n, text, (size_t)len);
}

static void pg_bind_text(struct db_stmt *st, int n, const char *p, size_t len)
{
	set_value(st, n, p ? p : "", len);
}

static void pg_bind_null(struct db_stmt *st, int n)
{
	set_value(st, n, NULL, 0);
}

static int pg_step(struct db_stmt *st, struct err *e)
{
	struct pg_stmt *s = STMT(st);
	PGconn *conn = CONN(s->head.db)->conn;
	if (!s->result) {
		s->result = PQexecPrepared(conn, s->name, s->nparams, (const char *const *)s->value, NULL, NULL, 0);
		ExecStatusType status = PQresultStatus(s->result);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			int rc = pg_error(s->result, conn, e, "database");
			PQclear(s->result);
			s->result = NULL;
			return rc;
		}
		s->rows = PQntuples(s->result);
		s->row = -1;
		const char *tuples = PQcmdTuples(s->result);
		s->changes = tuples && *tuples ? strtoll(tuples, NULL, 10) : 0;
	}
	if (++s->row < s->rows)
		return DB_ROW;
	PQclear(s->result);
	s->result = NULL;
	return DB_DONE;
}

static int64_t pg_changes(struct db_stmt *st)
{
	return STMT(st)->changes;
}

static const char *cell(struct db_stmt *st, int col)
{
	struct pg_stmt *s = STMT(st);
	return s->result ? PQgetvalue(s->result, s->row, col) : "";
}

static int64_t pg_col_int(struct db_stmt *st, int col)
{
	/* PostgreSQL writes integers in plain decimal: nothing to check. */
	return strtoll(cell(st, col), NULL, 10);
}

static double pg_col_double(struct db_stmt *st, int col)
{
	return atof(cell(st, col));
}

static const char *pg_col_text(struct db_stmt *st, int col)
{
	return cell(st, col);
}

static bool pg_col_is_null(struct db_stmt *st, int col)
{
	struct pg_stmt *s = STMT(st);
	return !s->result || PQgetisnull(s->result, s->row, col);
}

static int pg_copy_begin(struct db *db, const char *sql, struct err *e)
{
	PGresult *res = PQexec(CONN(db)->conn, sql);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_COPY_IN)
		rc = pg_error(res, CONN(db)->conn, e, "starting COPY");
	PQclear(res);
	return rc;
}

static int pg_copy_data(struct db *db, const char *p, size_t n, struct err *e)
{
	if (PQputCopyData(CONN(db)->conn, p, (int)n) != 1)
		return pg_error(NULL, CONN(db)->conn, e, "sending COPY data");
	return 0;
}

static int pg_copy_end(struct db *db, struct err *e)
{
	PGconn *conn = CONN(db)->conn;
	if (PQputCopyEnd(conn, NULL) != 1)
		return pg_error(NULL, conn, e, "ending COPY");
	int rc = 0;
	PGresult *res;
	while ((res = PQgetResult(conn)) != NULL) {
		if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error(res, conn, e, "COPY");
		PQclear(res);
	}
	return rc;
}

const struct db_backend_ops db_pg_ops = {
	.copy_begin = pg_copy_begin,
	.copy_data = pg_copy_data,
	.copy_end = pg_copy_end,
	.name = "postgres",
	.begin_sql = "BEGIN",
	.begin_migration_sql = "BEGIN; LOCK TABLE schema_version IN SHARE ROW EXCLUSIVE MODE",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.changes = pg_changes,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_is_null = pg_col_is_null,
};
