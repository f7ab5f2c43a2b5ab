/* rules/taxi.json read and checked whole (taxi.h): the reputation's full
 * points, the points a deduction may take, each taxi violation's points
 * with its citation, the grades. Every taxi_ code of the violation
 * catalogue (rules/violations.json) must have its points: a catalogue
 * that grows a taxi violation without them is an error at start, never a
 * deduction of 0. */
#include "taxi.h"
#include "base/datetime.h"
#include "base/rulebook_file.h"

#include <stdlib.h>
#include <string.h>

struct taxi_rulebook {
	json_t *root; /* the texts of rules point into it */
	struct taxi_rules rules;
	char origin[256];
};

void taxi_rulebook_free(struct taxi_rulebook *book)
{
	if (!book)
		return;
	json_decref(book->root);
	free(book);
}

const struct taxi_rules *taxi_rulebook_rules(const struct taxi_rulebook *book)
{
	return &book->rules;
}

static json_t *read_json(const char *name, const char *dir, char *origin, size_t size, struct err *e)
{
	struct buf text;
	buf_init(&text);
	if (rulebook_file_read(name, dir, false, &text, origin, size, e)) {
		buf_release(&text);
		return NULL;
	}
	json_error_t je;
	json_t *root = json_loadb(text.p, text.n, 0, &je);
	buf_release(&text);
	if (!root)
		err_set(e, ERR_PARSE, "%s: line %d: %s", origin, je.line, je.text);
	return root;
}

static const char *text_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* The rules of root's "reputation", checked. */
static int rules_read(json_t *root, const char *origin, struct taxi_rules *r, struct err *e)
{
	json_t *rep = json_object_get(root, "reputation");
	if (!json_is_object(rep))
		return err_set(e, ERR_INVALID, "%s: no \"reputation\" object", origin);
	memset(r, 0, sizeof *r);
	r->full_points = (int)json_integer_value(json_object_get(rep, "full_points"));
	if (r->full_points < 1 || r->full_points > 100)
		return err_set(e, ERR_INVALID, "%s: reputation.full_points must be 1..100", origin);
	r->citation = text_of(rep, "citation");
	r->cycle_citation = text_of(json_object_get(rep, "cycle"), "citation");
	r->grades_citation = text_of(rep, "grades_citation");
	if (strcmp(text_of(json_object_get(rep, "cycle"), "start"), "first_qualified_anniversary") != 0)
		return err_set(e, ERR_INVALID, "%s: reputation.cycle.start must be \"first_qualified_anniversary\"",
		               origin);
	if (date_parse(slice_from(text_of(rep, "effective_from")), &r->effective_from))
		return err_set(e, ERR_INVALID, "%s: reputation.effective_from is not a date YYYY-MM-DD", origin);
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(rep, "points"), i, v)
	{
		int p = (int)json_integer_value(v);
		if (r->npoints == TAXI_MAX_POINTS || p < 1 || p > r->full_points)
			return err_set(e, ERR_INVALID, "%s: reputation.points[%zu] must be 1..%d (at most %d values)",
			               origin, i, r->full_points, TAXI_MAX_POINTS);
		r->points[r->npoints++] = p;
	}
	if (!r->npoints)
		return err_set(e, ERR_INVALID, "%s: reputation.points is empty", origin);
	json_array_foreach(json_object_get(rep, "violations"), i, v)
	{
		if (r->nviolations == TAXI_MAX_VIOLATIONS)
			return err_set(e, ERR_INVALID, "%s: more than %d violations", origin, TAXI_MAX_VIOLATIONS);
		struct taxi_violation_points *p = &r->violation[r->nviolations];
		p->code = text_of(v, "code");
		p->points = (int)json_integer_value(json_object_get(v, "points"));
		p->citation = text_of(v, "citation");
		if (!*p->code || !*p->citation)
			return err_set(e, ERR_INVALID, "%s: reputation.violations[%zu] needs a code and a citation",
			               origin, i);
		if (!taxi_points_allowed(r, p->points))
			return err_set(e, ERR_INVALID, "%s: violation %s: %d points is not one of reputation.points",
			               origin, p->code, p->points);
		r->nviolations++;
	}
	int last = r->full_points + 1;
	json_array_foreach(json_object_get(rep, "grades"), i, v)
	{
		if (r->ngrades == TAXI_MAX_GRADES)
			return err_set(e, ERR_INVALID, "%s: more than %d grades", origin, TAXI_MAX_GRADES);
		struct taxi_grade *g = &r->grade[r->ngrades++];
		g->grade = text_of(v, "grade");
		g->name = text_of(v, "name");
		g->min_score = (int)json_integer_value(json_object_get(v, "min_score"));
		g->measure = text_of(v, "measure");
		g->measure_name = text_of(v, "measure_name");
		if (!*g->grade || !*g->name || g->min_score >= last || g->min_score < 0)
			return err_set(
			    e, ERR_INVALID,
			    "%s: reputation.grades[%zu] needs a grade, a name and a min_score below the one before",
			    origin, i);
		last = g->min_score;
	}
	if (!r->ngrades || last != 0)
		return err_set(e, ERR_INVALID, "%s: reputation.grades must end with the grade of min_score 0", origin);
	return 0;
}

int taxi_rulebook_load(const char *dir, struct taxi_rulebook **out, struct err *e)
{
	*out = NULL;
	struct taxi_rulebook *book = calloc(1, sizeof *book);
	if (!book)
		return err_set(e, ERR_NOMEM, "out of memory loading the taxi rulebook");
	book->root = read_json("taxi", dir, book->origin, sizeof book->origin, e);
	int rc = book->root ? rules_read(book->root, book->origin, &book->rules, e) : e->code;
	/* Every taxi violation of the catalogue has its points. */
	char origin[256];
	json_t *catalogue = rc ? NULL : read_json("violations", dir, origin, sizeof origin, e);
	if (!rc && !catalogue)
		rc = e->code;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(catalogue, "entries"), i, v)
	{
		const char *code = text_of(v, "code");
		if (rc == 0 && strncmp(code, "taxi_", 5) == 0 && !taxi_violation_find(&book->rules, code))
			rc = err_set(e, ERR_INVALID,
			             "%s: the taxi violation %s of %s has no points in reputation.violations",
			             book->origin, code, origin);
	}
	json_decref(catalogue);
	if (rc) {
		taxi_rulebook_free(book);
		return rc;
	}
	*out = book;
	return 0;
}
