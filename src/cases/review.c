/* The case-file review sheet and its checks (see review.h). */
#include "review.h"
#include "base/datetime.h"
#include "base/rulebook_file.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_names[CHECK_COUNT] = {
	[CHECK_NONE] = "",
	[CHECK_TWO_OFFICERS] = "two_officers",
	[CHECK_APPROVED] = "approved",
	[CHECK_LIMITATION] = "limitation",
	[CHECK_EVIDENCE] = "evidence",
	[CHECK_FINE_MATCHES] = "fine_matches",
	[CHECK_NOTICE] = "notice_before_decision",
	[CHECK_STATEMENT] = "statement_respected",
	[CHECK_HEARING] = "hearing_offered",
	[CHECK_LEGAL_REVIEW] = "legal_review",
	[CHECK_DECISION_TIME] = "decision_in_time",
	[CHECK_SERVED] = "served_in_time",
	[CHECK_CLOSED] = "closed",
	[CHECK_REPORT] = "report_in_time",
	[CHECK_FOOTAGE] = "footage",
	[CHECK_DOCUMENTS] = "documents_issued",
};

const char *review_check_name(enum review_check c)
{
	return c < CHECK_COUNT ? check_names[c] : "";
}

void review_sheet_free(struct review_sheet *sheet)
{
	if (!sheet)
		return;
	json_decref(sheet->root);
	free(sheet->items);
	free(sheet);
}

static int bad(struct err *e, const char *origin, const char *what, const char *id)
{
	return err_set(e, ERR_INVALID, "%s: %s%s%s", origin, what, id ? ": " : "", id ? id : "");
}

int review_sheet_load(const char *dir, struct review_sheet **out, struct err *e)
{
	*out = NULL;
	struct buf text;
	buf_init(&text);
	char origin[512];
	int rc = rulebook_file_read("review", dir, false, &text, origin, sizeof origin, e);
	json_error_t jerr;
	json_t *root = rc ? NULL : json_loadb(text.p, text.n, 0, &jerr);
	buf_release(&text);
	if (rc)
		return rc;
	if (!root)
		return err_set(e, ERR_PARSE, "%s: line %d: %s", origin, jerr.line, jerr.text);
	struct review_sheet *sheet = calloc(1, sizeof *sheet);
	json_t *blocks = json_object_get(root, "blocks"), *grades = json_object_get(root, "grades");
	size_t n = 0, i, j;
	json_t *b, *it;
	json_array_foreach(blocks, i, b) n += json_array_size(json_object_get(b, "items"));
	if (!sheet || !(sheet->items = calloc(n ? n : 1, sizeof *sheet->items))) {
		free(sheet);
		json_decref(root);
		return err_set(e, ERR_NOMEM, "out of memory reading the review sheet");
	}
	sheet->root = root;
	sheet->citation = json_string_value(json_object_get(root, "citation"));
	int total = 0;
	json_array_foreach(blocks, i, b)
	{
		const char *block = json_string_value(json_object_get(b, "id"));
		const char *block_name = json_string_value(json_object_get(b, "name"));
		if (!block || !block_name) {
			rc = bad(e, origin, "a block needs its id and name", block);
			break;
		}
		json_array_foreach(json_object_get(b, "items"), j, it)
		{
			struct review_item *item = &sheet->items[sheet->nitems];
			item->id = json_string_value(json_object_get(it, "id"));
			item->text = json_string_value(json_object_get(it, "text"));
			item->block = block;
			item->block_name = block_name;
			item->points = (int)json_integer_value(json_object_get(it, "points"));
			item->veto = json_is_true(json_object_get(it, "veto"));
			const char *check = json_string_value(json_object_get(it, "check"));
			int k = CHECK_NONE;
			if (check)
				for (k = 1; k < CHECK_COUNT && strcmp(check, check_names[k]); k++)
					;
			item->check = (enum review_check)(k < CHECK_COUNT ? k : CHECK_NONE);
			if (!item->id || !item->text || item->points < 0 || item->points > 100)
				rc = bad(e, origin, "an item needs its id, text and points 0..100", item->id);
			else if (check && k == CHECK_COUNT)
				rc = bad(e, origin, "an unknown check", check);
			else if (review_item_find(sheet, item->id))
				rc = bad(e, origin, "an item twice", item->id);
			if (rc)
				break;
			total += item->points;
			sheet->nitems++;
		}
		if (rc)
			break;
	}
	if (!rc && total != 100)
		rc = err_set(e, ERR_INVALID, "%s: the items' points add up to %d, not 100", origin, total);
	json_array_foreach(grades, i, it)
	{
		if (rc || sheet->ngrades == 8)
			break;
		struct review_grade *g = &sheet->grades[sheet->ngrades];
		g->grade = json_string_value(json_object_get(it, "grade"));
		g->name = json_string_value(json_object_get(it, "name"));
		g->min = (int)json_integer_value(json_object_get(it, "min"));
		if (!g->grade || !g->name || (sheet->ngrades && g->min >= sheet->grades[sheet->ngrades - 1].min))
			rc = bad(e, origin, "grades need grade, name and a min below the one before", g->grade);
		sheet->ngrades++;
	}
	if (!rc && (sheet->ngrades == 0 || sheet->grades[sheet->ngrades - 1].min != 0))
		rc = bad(e, origin, "the last grade starts at 0", NULL);
	if (rc) {
		review_sheet_free(sheet);
		return rc;
	}
	*out = sheet;
	return 0;
}

const struct review_item *review_item_find(const struct review_sheet *sheet, const char *id)
{
	for (size_t i = 0; id && i < sheet->nitems; i++)
		if (strcmp(sheet->items[i].id, id) == 0)
			return &sheet->items[i];
	return NULL;
}

const struct review_grade *review_grade_of(const struct review_sheet *sheet, int score, bool vetoed)
{
	if (vetoed)
		return &sheet->grades[sheet->ngrades - 1];
	for (int i = 0; i < sheet->ngrades; i++)
		if (score >= sheet->grades[i].min)
			return &sheet->grades[i];
	return &sheet->grades[sheet->ngrades - 1];
}

static enum review_result says(bool ok, char *evidence, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static enum review_result says(bool ok, char *evidence, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(evidence, size, fmt, ap);
	va_end(ap);
	return ok ? RESULT_PASS : RESULT_FAIL;
}

enum review_result review_check_run(enum review_check c, const struct review_facts *f, char *evidence, size_t size)
{
	const struct case_status *s = f->s;
	/* Decided, not closed after a referral or a waiver without a decision. */
	bool decided = s->decided_on != 0;
	char a[11], b[11];
	evidence[0] = '\0';
	switch (c) {
	case CHECK_TWO_OFFICERS:
		/* A certificate not on record is the badge alone: the reviewer
		 * sees how many were checked. */
		return f->certified == f->nofficers
		           ? says(f->nofficers >= f->r->min_officers, evidence, size, "执法人员 %d 人,执法证均在有效期内",
		                  f->nofficers)
		           : says(f->nofficers >= f->r->min_officers, evidence, size, "执法人员 %d 人,其中 %d 人执法证有效期未登记",
		                  f->nofficers, f->nofficers - f->certified);
	case CHECK_APPROVED:
		return says(f->approved, evidence, size, f->approved ? "立案已经负责人审批" : "立案未见负责人审批");
	case CHECK_LIMITATION: {
		int y, m, d;
		civil_from_days(f->occurred_day, &y, &m, &d);
		date_format(f->occurred_day, a);
		date_format(s->opened_on, b);
		return says(s->opened_on <= days_from_civil(y + f->r->limitation_years, m, d), evidence, size,
		            "违法行为 %s,立案 %s", a, b);
	}
	case CHECK_EVIDENCE:
		if (!f->from_detection)
			return RESULT_UNKNOWN;
		return says(true, evidence, size, "经人工审核确认、可作证据的检测记录及其照片");
	case CHECK_FINE_MATCHES:
		if (!f->from_detection || !decided)
			return RESULT_UNKNOWN;
		return says(s->fine_fen == f->verdict_fine_fen, evidence, size, "决定罚款 %lld 元,检测结论罚款 %lld 元",
		            (long long)(s->fine_fen / 100), (long long)(f->verdict_fine_fen / 100));
	case CHECK_NOTICE:
		if (!decided)
			return RESULT_UNKNOWN;
		date_format(s->notified_on, a);
		return says(s->notified_on && s->notified_on <= s->decided_on, evidence, size, "%s 告知", a);
	case CHECK_STATEMENT:
		if (!decided)
			return RESULT_UNKNOWN;
		date_format(s->due[DUE_STATEMENT].day, a);
		date_format(s->decided_on, b);
		return says(s->summary || s->stated || s->decided_on > s->due[DUE_STATEMENT].day, evidence, size,
		            "陈述申辩期限 %s,决定 %s%s", a, b, s->stated ? ",当事人已陈述申辩" : "");
	case CHECK_HEARING: {
		if (!s->notified_on)
			return RESULT_UNKNOWN;
		bool due = case_hearing_offered(f->r, s->party, s->notified_fine_fen) && !s->summary;
		return says(!due || s->hearing_offered, evidence, size, due ? "告知了听证权利" : "罚款未达听证标准");
	}
	case CHECK_LEGAL_REVIEW:
		if (!decided)
			return RESULT_UNKNOWN;
		return says(!s->hearing_offered || s->reviewed, evidence, size,
		            s->hearing_offered ? (s->reviewed ? "决定前经法制审核" : "未经法制审核") : "无需法制审核");
	case CHECK_DECISION_TIME:
		if (!decided)
			return RESULT_UNKNOWN;
		date_format(s->decided_on, a);
		date_format(s->due[DUE_DECISION].day, b);
		return says(s->decided_on <= s->due[DUE_DECISION].day, evidence, size, "决定 %s,期限 %s", a, b);
	case CHECK_SERVED:
		if (!s->served_on)
			return RESULT_UNKNOWN;
		date_format(s->served_on, a);
		date_format(s->due[DUE_SERVICE].day, b);
		return says(!f->served_late, evidence, size, "送达 %s,期限 %s", a, b);
	case CHECK_CLOSED:
		return says(s->state == CASE_CLOSED, evidence, size, s->state == CASE_CLOSED ? "已结案" : "未结案");
	case CHECK_REPORT:
		if (s->state != CASE_CLOSED)
			return RESULT_UNKNOWN;
		return says(f->reported && !f->reported_late, evidence, size,
		            !f->reported ? "未抄告" : f->reported_late ? "抄告逾期" : "按期抄告");
	case CHECK_FOOTAGE:
		/* 执法全过程记录: an act on the spot is filmed; a remote record is
		 * its own evidence. */
		if (f->from_detection)
			return says(true, evidence, size, "非现场执法,以检测记录及照片为证");
		return f->footage ? says(true, evidence, size, "关联执法记录仪视频 %d 段", f->footage)
		                  : says(false, evidence, size, "现场执法未关联执法记录仪视频");
	case CHECK_DOCUMENTS:
		if (!decided)
			return RESULT_UNKNOWN;
		if (f->documents_issued)
			return says(true, evidence, size, "系统已出具告知书、处罚决定书、送达回证");
		/* Documents made outside sunroad are the reviewer's to read. */
		snprintf(evidence, size, "%s", "系统内未出具全部文书,请核对纸质文书");
		return RESULT_UNKNOWN;
	default:
		return RESULT_UNKNOWN;
	}
}
