/* The store of the cases, shared by the files of the module (not
 * published: cases.h has what other modules use). A case is a row of
 * cases with its facts as opened, and its acts as rows of case_events,
 * each with what it set; the row also keeps the fold (state, next
 * deadline) for the lists. */
#ifndef SUNROAD_CASES_CASE_STORE_H
#define SUNROAD_CASES_CASE_STORE_H

#include "cases.h"
#include "party.h"

#include <jansson.h>
#include <stdint.h>

/* The columns of a case row, in the order cases_load and the list read
 * them (c: the cases table). */
#define CASE_COLUMNS                                                                                              \
	"c.id, c.number, c.unit_code, c.procedure, c.violation, c.detection_id, c.occurred_at, c.place, c.facts," \
	" c.party_kind, c.party, c.vehicle, c.officers, c.proposed_fine_fen, c.opened_on, c.decision_due,"        \
	" c.decision_due_provisional, c.approved_by, c.state, c.next_due, c.created_by, c.created_at, c.footage"

/* A JSON column's value (NULL → null), the caller's. */
json_t *case_column_json(struct db_stmt *st, int col);

/* What a case is opened with (case_open.c fills it, case_insert stores
 * it); the JSON members are the opener's. */
struct case_opening {
	const char *violation, *place, *facts, *unit, *procedure;
	int64_t detection, occurred_at, proposed_fine_fen;
	int32_t opened_on;
	json_t *party, *vehicle, *officers, *footage;
	enum case_party_kind party_kind;
};

/* Takes the year's next number and stores the case with its audit entry
 * (in the caller's transaction): its id into *id, its number into number. */
int case_insert(struct db *db, const struct case_rules *r, const struct case_opening *o, const struct case_status *s,
                const char *approved_by, const char *actor, int64_t *id, char number[64], struct err *e);

/* What recording ev decided, as stored (case_events.sets); the caller's. */
json_t *case_sets_json(const struct case_event *ev);

/* Keeps the fold on the case row, for the lists. */
int case_store_fold(struct db *db, int64_t id, const struct case_status *s, struct err *e);

/* The server's clock in Unix seconds (api.c): the instant stored with a
 * case, an act and their audit entries. */
int64_t cases_now(void);

#endif
