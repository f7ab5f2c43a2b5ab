/* The content of each document of a case (case_documents.h): the case's
 * facts worded into the document's texts as JSON, on the rules of the
 * document's day. A document is worded once, when it is issued; later
 * requests render the content stored then (document_store.c). */
#include "case_documents.h"
#include "documents_http.h"
#include "document_words.h"
#include "violations.h"
#include "base/datetime.h"
#include "overlimit/api.h"
#include "overlimit/overlimit.h"
#include "overlimit/photos.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A document being worded: its content and the case it words. */
struct wording {
	json_t *content; /* {"kind","agency","number","fields","rows","sections","signature","issued_on",
	                  *  "verify_url","access_code","shown"} */
	json_t *fields, *rows, *sections;
	const struct case_loaded *c;
	const json_t *party; /* the case's, whole; NULL when none */
	struct case_rules r; /* of the document's day */
	int32_t issued_on;
};

static json_t *textf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *textf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_t *s = json_vsprintf(fmt, ap);
	va_end(ap);
	return s;
}

static void field(struct wording *w, const char *label, const char *value)
{
	if (value && *value)
		json_array_append_new(w->fields, json_pack("[ss]", label, value));
}

static void row(struct wording *w, const char *label, const char *value, const char *label2, const char *value2,
                int min_height_mm)
{
	json_array_append_new(w->rows,
	                      json_pack("[ss s?s? i]", label, value ? value : "", label2, value2, min_height_mm));
}

/* A new section's paragraph array. */
static json_t *section(struct wording *w, const char *heading)
{
	json_t *paragraphs = json_array();
	json_array_append_new(w->sections, json_pack("{s:s?,s:o}", "heading", heading, "paragraphs", paragraphs));
	return paragraphs;
}

/* The first event of type in the case ({"seq","type","on","body","sets",...}), or NULL. */
static const json_t *event_of(const struct case_loaded *c, const char *type)
{
	size_t i;
	json_t *ev;
	json_array_foreach(c->events, i, ev)
	{
		if (strcmp(text_of(ev, "type"), type) == 0)
			return ev;
	}
	return NULL;
}

static int32_t event_day(const json_t *ev)
{
	int32_t day = 0;
	if (ev)
		date_parse(slice_from(text_of(ev, "on")), &day);
	return day;
}

/* The last day of a deadline an event set, 0 when it set none. */
static int32_t event_deadline(const json_t *ev, const char *due)
{
	int32_t day = 0;
	const json_t *d = json_object_get(json_object_get(json_object_get(ev, "sets"), "deadlines"), due);
	if (d)
		date_parse(slice_from(text_of(d, "day")), &day);
	return day;
}

static bool organisation(const struct wording *w)
{
	return strcmp(text_of(w->party, "kind"), "organisation") == 0;
}

static const char *you(const struct wording *w)
{
	return organisation(w) ? "你单位" : "你";
}

/* The party's lines (当事人, the ID, address) and the vehicle's. */
static void party_fields(struct wording *w)
{
	const json_t *vehicle = json_object_get(w->c->row, "vehicle");
	field(w, "当事人", text_of(w->party, "name"));
	field(w, organisation(w) ? "统一社会信用代码" : "身份证号码", text_of(w->party, "id_number"));
	if (organisation(w))
		field(w, "法定代表人", text_of(w->party, "representative"));
	field(w, "住址", text_of(w->party, "address"));
	const char *plate = text_of(vehicle, "plate");
	if (*plate) {
		const char *color = overlimit_plate_color_zh(text_of(vehicle, "color"));
		json_t *v = *color ? textf("%s(%s牌)", plate, color) : json_string(plate);
		field(w, "车辆号牌", json_string_value(v));
		json_decref(v);
	}
}

/* "张三(执法证号 B0112341)、李四(执法证号 B0112342)" */
static void officers_text(const struct case_loaded *c, struct buf *out)
{
	size_t i;
	json_t *o;
	json_array_foreach(c->officers, i, o)
	{
		buf_addf(out, "%s%s(执法证号 %s)", i ? "、" : "", text_of(o, "name"), text_of(o, "badge"));
	}
}

/* The violation's entry, or NULL. */
static const struct violation *violation_of(const struct case_loaded *c)
{
	return violation_find(cases_violations(), text_of(c->row, "violation"));
}

/* 违法事实: when, where, what. */
static void facts_section(struct wording *w, const char *heading)
{
	json_t *p = section(w, heading);
	int64_t at = 0;
	const char *why;
	datetime_parse(slice_from(text_of(w->c->row, "occurred_at")), &at, &why);
	char when[48];
	document_instant_words(at, when);
	const struct violation *v = violation_of(w->c);
	json_array_append_new(
	    p, textf("经查，%s于%s在%s，%s", you(w), when, text_of(w->c->row, "place"), text_of(w->c->row, "facts")));
	if (v)
		json_array_append_new(p, textf("违法行为：%s。", v->name));
}

/* 证据: the detection's measurement and photos, or what an on-site case has. */
static int evidence_section(struct db *db, struct wording *w, const char *heading, struct err *e)
{
	json_t *p = section(w, heading);
	const json_t *det = json_object_get(w->c->row, "detection");
	if (!json_is_integer(det)) {
		json_array_append_new(p, textf("1. 现场检查(勘验)笔录：%s，%s。", text_of(w->c->row, "place"),
		                               text_of(w->c->row, "facts")));
		struct buf who;
		buf_init(&who);
		officers_text(w->c, &who);
		json_array_append_new(p, textf("2. 执法人员：%s。", who.p));
		buf_release(&who);
		return 0;
	}
	/* Through overlimit's header: the verdict and site as stored, the
	 * photos by their SHA-256. */
	int64_t id = json_integer_value(det);
	struct overlimit_case_facts f;
	struct buf photos, list;
	buf_init(&photos);
	buf_init(&list);
	int rc = overlimit_case_facts(db, NULL, id, &f, e);
	if (rc == 0)
		rc = err_set(e, ERR_DB, "case %lld names detection %lld, which is not there", (long long)w->c->id,
		             (long long)id);
	rc = rc < 0 ? rc : overlimit_detection_photos(db, &(struct caller){ .sees_all = true }, id, &photos, e);
	if (rc < 0) {
		buf_release(&photos);
		buf_release(&list);
		return rc;
	}
	char when[48];
	document_instant_words(f.passed_at, when);
	json_array_append_new(
	    p, textf("1. 称重检测记录：检测点 %s，检测时间 %s，车货总质量 %lld 千克，限定标准 %lld 千克，"
	             "超限 %lld 千克。",
	             f.site_name, when, (long long)f.gross_kg, (long long)f.limit_kg, (long long)f.over_kg));
	struct slice rest = slice_from(photos.p), kind, ref;
	int n = 0;
	while (overlimit_photo_item(&rest, &kind, &ref))
		buf_addf(&list, "%s%.16s", n++ ? "、" : "", ref.n >= 16 ? ref.p : "");
	if (n)
		json_array_append_new(p, textf("2. 现场照片 %d 张(SHA-256 前16位：%s)。", n, list.p));
	buf_release(&photos);
	buf_release(&list);
	json_array_append_new(p, textf("%d. 检测设备计量检定证书及检测数据电子记录。", n ? 3 : 2));
	return 0;
}

/* 处罚依据: each provision with its words. */
static void basis_section(struct wording *w, const char *heading)
{
	json_t *p = section(w, heading);
	const struct violation *v = violation_of(w->c);
	if (!v)
		return;
	for (size_t i = 0; i < v->nbasis; i++) {
		const struct violation_basis *b = &v->basis[i];
		const char *lead = b->role == VIOLATION_VIOLATED ? "违反了" : "依据";
		const char *tail = b->role == VIOLATION_VIOLATED ? "的规定" : "";
		if (*b->text)
			json_array_append_new(p, textf("%s《%s》%s%s：“%s”", lead, b->law, b->article, tail, b->text));
		else
			json_array_append_new(p, textf("%s《%s》%s%s。", lead, b->law, b->article, tail));
	}
}

/* "罚款人民币6,000元(大写：陆仟元整)" into out. */
static void fine_words(int64_t fen, struct buf *out)
{
	char yuan[40];
	document_yuan_text(fen, yuan);
	buf_addf(out, "罚款人民币%s元(大写：", yuan);
	document_yuan_words(fen, out);
	buf_adds(out, ")");
}

static void add_paragraph_buf(json_t *paragraphs, struct buf *b)
{
	json_array_append_new(paragraphs, json_string(b->p));
	buf_clear(b);
}

static const char *citation(const struct wording *w, enum case_rule rule)
{
	return w->r.citation[rule] ? w->r.citation[rule] : "";
}

static int word_opening(struct db *db, struct wording *w, struct err *e)
{
	(void)db;
	(void)e;
	const struct case_loaded *c = w->c;
	const struct violation *v = violation_of(c);
	const json_t *vehicle = json_object_get(c->row, "vehicle");
	char when[48], opened[32];
	int64_t at = 0;
	const char *why;
	datetime_parse(slice_from(text_of(c->row, "occurred_at")), &at, &why);
	document_instant_words(at, when);
	document_day_words(w->issued_on, opened);
	struct buf b;
	buf_init(&b);
	row(w, "案由", v ? v->name : text_of(c->row, "violation"), NULL, NULL, 0);
	const json_t *det = json_object_get(c->row, "detection");
	row(w, "案件来源", json_is_integer(det) ? "非现场执法检测" : "现场检查", "立案日期", opened, 0);
	row(w, "当事人", w->party ? text_of(w->party, "name") : "", NULL, NULL, 0);
	row(w, organisation(w) ? "统一社会信用代码" : "身份证号码", w->party ? text_of(w->party, "id_number") : "",
	    NULL, NULL, 0);
	row(w, "车辆号牌", text_of(vehicle, "plate"), NULL, NULL, 0);
	json_t *when_where = textf("%s，%s", when, text_of(c->row, "place"));
	row(w, "违法时间、地点", json_string_value(when_where), NULL, NULL, 0);
	json_decref(when_where);
	row(w, "简要案情", text_of(c->row, "facts"), NULL, NULL, 0);
	officers_text(c, &b);
	row(w, "执法人员", b.p, NULL, NULL, 0);
	buf_clear(&b);
	buf_addf(&b, "经初步调查，当事人涉嫌%s，建议立案调查。", v ? v->name : "违法行为");
	if (c->status.proposed_fine_fen) {
		buf_adds(&b, "拟");
		fine_words(c->status.proposed_fine_fen, &b);
		buf_adds(&b, "。");
	}
	row(w, "承办人意见", b.p, NULL, NULL, 0);
	const char *approved = text_of(c->row, "approved_by");
	row(w, "负责人审批意见", *approved ? "同意立案。" : "", NULL, NULL, 12);
	buf_release(&b);
	if (c->status.proposed_fine_fen)
		json_object_set_new(json_object_get(w->content, "shown"), "fine_fen",
		                    json_integer(c->status.proposed_fine_fen));
	return 0;
}

/* What the notice and the decision open with: the party, the facts, the
 * evidence. */
static int party_facts_evidence(struct db *db, struct wording *w, struct err *e)
{
	party_fields(w);
	facts_section(w, "一、违法事实");
	return evidence_section(db, w, "二、证据", e);
}

/* "本机关决定对你作出如下行政处罚：罚款人民币…(大写：…)。" under heading. */
static void penalty_section(struct wording *w, const char *heading, const char *verb, int64_t fine)
{
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "本机关%s对%s作出如下行政处罚：", verb, you(w));
	fine_words(fine, &b);
	buf_adds(&b, "。");
	json_array_append_new(section(w, heading), json_string(b.p));
	buf_release(&b);
}

static int word_notice(struct db *db, struct wording *w, struct err *e)
{
	const json_t *ev = event_of(w->c, "notify");
	int64_t fine = json_integer_value(json_object_get(json_object_get(ev, "body"), "fine_fen"));
	int rc = party_facts_evidence(db, w, e);
	if (rc)
		return rc;
	basis_section(w, "三、处罚依据");
	penalty_section(w, "四、拟作出的行政处罚", "拟", fine);
	struct buf b;
	buf_init(&b);
	json_t *p = section(w, "五、当事人的权利");
	char day[32];
	int32_t statement = event_deadline(ev, "statement");
	if (statement) {
		document_day_words(statement, day);
		buf_addf(&b,
		         "%s有权进行陈述和申辩。%s可于%s前向本机关提出陈述、申辩意见；逾期未提出的，视为放弃此权利。",
		         you(w), you(w), day);
	} else {
		buf_addf(&b, "%s有权进行陈述和申辩。", you(w));
	}
	add_paragraph_buf(p, &b);
	int32_t hearing = event_deadline(ev, "hearing_request");
	if (hearing) {
		document_day_words(hearing, day);
		buf_addf(&b, "%s有权要求举行听证。要求听证的，应当在%s前向本机关提出；逾期未提出的，视为放弃此权利。",
		         you(w), day);
		add_paragraph_buf(p, &b);
	}
	json_array_append_new(p, textf("依据：%s。", citation(w, CASE_RULE_NOTICE)));
	buf_release(&b);
	json_object_set_new(json_object_get(w->content, "shown"), "fine_fen", json_integer(fine));
	return 0;
}

static int word_decision(struct db *db, struct wording *w, struct err *e)
{
	const json_t *ev = event_of(w->c, "decide");
	int64_t fine = json_integer_value(json_object_get(json_object_get(ev, "body"), "fine_fen"));
	int rc = party_facts_evidence(db, w, e);
	if (rc)
		return rc;
	const json_t *notify = event_of(w->c, "notify");
	if (notify) {
		char day[32];
		document_day_words(event_day(notify), day);
		json_array_append_new(
		    section(w, "三、告知与陈述申辩"),
		    textf("本机关已于%s告知%s拟作出行政处罚的内容及事实、理由、依据，并告知%s依法享有的"
		          "陈述、申辩%s权利。",
		          day, you(w), you(w),
		          json_is_true(json_object_get(json_object_get(notify, "sets"), "hearing_offered"))
		              ? "、要求听证等"
		              : ""));
	}
	basis_section(w, notify ? "四、处罚依据" : "三、处罚依据");
	penalty_section(w, notify ? "五、处罚决定" : "四、处罚决定", "决定", fine);
	json_t *p = section(w, notify ? "六、履行方式和期限" : "五、履行方式和期限");
	char days[16], pct[16];
	document_count_words(w->r.payment.days, days);
	document_count_words(w->r.late_fine_per_day_bp / 100, pct);
	json_array_append_new(
	    p, textf("%s应当自收到本决定书之日起%s日内，到指定的银行或者通过电子支付系统缴纳罚款。", you(w), days));
	json_array_append_new(p, textf("到期不缴纳罚款的，本机关将每日按罚款数额的百分之%s加处罚款，加处罚款的数额不得"
	                               "超出罚款的数额。",
	                               pct));
	json_array_append_new(
	    p, textf("依据：%s；%s。", citation(w, CASE_RULE_PAYMENT), citation(w, CASE_RULE_LATE_FINE)));
	p = section(w, notify ? "七、救济途径" : "六、救济途径");
	json_array_append_new(p, textf("%s如不服本处罚决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
	                               "或者在六个月内依法向人民法院提起行政诉讼。",
	                               you(w)));
	json_array_append_new(p, json_string("行政复议和行政诉讼期间，本处罚决定不停止执行，法律另有规定的除外。"));
	json_object_set_new(json_object_get(w->content, "shown"), "fine_fen", json_integer(fine));
	return 0;
}

static int word_receipt(struct db *db, struct wording *w, struct err *e)
{
	(void)db;
	(void)e;
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "行政处罚决定书(%s)", w->c->number);
	row(w, "送达文书名称及文号", b.p, NULL, NULL, 0);
	buf_clear(&b);
	row(w, "受送达人", w->party ? text_of(w->party, "name") : "", NULL, NULL, 0);
	row(w, "送达地点", w->party ? text_of(w->party, "address") : "", NULL, NULL, 0);
	row(w, "送达方式", "", "送达时间", "", 0);
	officers_text(w->c, &b);
	row(w, "送达人", b.p, NULL, NULL, 0);
	row(w, "受送达人签名或盖章", "", NULL, NULL, 24);
	row(w, "代收人及代收理由", "", NULL, NULL, 16);
	row(w, "备注", "", NULL, NULL, 16);
	buf_release(&b);
	return 0;
}

static int word_demand(struct db *db, struct wording *w, struct err *e)
{
	(void)db;
	(void)e;
	const json_t *decide = event_of(w->c, "decide"), *serve = event_of(w->c, "serve");
	int64_t fine = json_integer_value(json_object_get(json_object_get(decide, "body"), "fine_fen"));
	int64_t late = case_late_fine(&w->r, &w->c->status, w->issued_on);
	party_fields(w);
	char decided[32], served[32], due[32], today[32];
	document_day_words(event_day(decide), decided);
	document_day_words(w->issued_on, today);
	struct buf b;
	buf_init(&b);
	json_t *p = section(w, NULL);
	buf_addf(&b, "本机关于%s对%s作出行政处罚决定(%s)：", decided, you(w), w->c->number);
	fine_words(fine, &b);
	buf_adds(&b, "。");
	if (serve) {
		document_day_words(event_day(serve), served);
		buf_addf(&b, "该决定书已于%s送达。", served);
	}
	int32_t payment = serve ? event_deadline(serve, "payment") : 0;
	if (payment) {
		document_day_words(payment, due);
		buf_addf(&b, "%s未在规定期限内(%s前)缴纳罚款。", you(w), due);
	} else {
		buf_addf(&b, "%s未在规定期限内缴纳罚款。", you(w));
	}
	add_paragraph_buf(p, &b);
	char late_yuan[40], total_yuan[40];
	document_yuan_text(late, late_yuan);
	document_yuan_text(fine + late, total_yuan);
	buf_addf(&b,
	         "依据%s及《中华人民共和国行政强制法》第四十五条、第五十四条的规定，现催告%s自收到本催告书之日起"
	         "十日内缴纳罚款，以及截至%s的加处罚款人民币%s元，合计人民币%s元(大写：",
	         citation(w, CASE_RULE_LATE_FINE), you(w), today, late_yuan, total_yuan);
	document_yuan_words(fine + late, &b);
	buf_adds(&b, ")；加处罚款每日按罚款数额的百分之三计算至缴清之日，不超出罚款的数额。");
	add_paragraph_buf(p, &b);
	json_array_append_new(
	    p, textf("%s有权进行陈述和申辩。逾期仍不履行的，本机关将依法申请人民法院强制执行。", you(w)));
	buf_release(&b);
	json_object_set_new(json_object_get(w->content, "shown"), "fine_fen", json_integer(fine));
	return 0;
}

static int word_closing(struct db *db, struct wording *w, struct err *e)
{
	(void)db;
	(void)e;
	const struct case_loaded *c = w->c;
	const struct case_status *s = &c->status;
	const struct violation *v = violation_of(c);
	char day[32];
	struct buf b;
	buf_init(&b);
	row(w, "案由", v ? v->name : text_of(c->row, "violation"), NULL, NULL, 0);
	row(w, "当事人", w->party ? text_of(w->party, "name") : "", "车辆号牌",
	    text_of(json_object_get(c->row, "vehicle"), "plate"), 0);
	document_day_words(s->opened_on, day);
	row(w, "立案日期", day, NULL, NULL, 0);
	const json_t *decide = event_of(c, "decide"), *refer = event_of(c, "refer"), *waive = event_of(c, "waive");
	int64_t fine = 0;
	if (decide) {
		fine = json_integer_value(json_object_get(json_object_get(decide, "body"), "fine_fen"));
		document_day_words(event_day(decide), day);
		buf_addf(&b, "%s作出行政处罚决定：", day);
		fine_words(fine, &b);
	} else if (refer) {
		document_day_words(event_day(refer), day);
		buf_addf(&b, "%s移送公安机关处理：%s", day, text_of(json_object_get(refer, "body"), "reason"));
	} else if (waive) {
		document_day_words(event_day(waive), day);
		buf_addf(&b, "%s决定不予行政处罚(首违不罚)：%s", day,
		         text_of(json_object_get(waive, "body"), "reason"));
	}
	row(w, "处理结果", b.p, NULL, NULL, 0);
	buf_clear(&b);
	const json_t *pay = event_of(c, "pay"), *enforce = event_of(c, "enforce");
	if (pay) {
		char paid[40];
		document_day_words(event_day(pay), day);
		document_yuan_text(s->paid_fen, paid);
		buf_addf(&b, "%s缴纳人民币%s元", day, paid);
		int64_t late = json_integer_value(json_object_get(json_object_get(pay, "sets"), "late_fine_fen"));
		if (late) {
			char late_yuan[40];
			document_yuan_text(late, late_yuan);
			buf_addf(&b, "(含加处罚款%s元)", late_yuan);
		}
		buf_adds(&b, "。");
	} else if (enforce) {
		document_day_words(event_day(enforce), day);
		buf_addf(&b, "%s申请人民法院强制执行。", day);
	}
	row(w, "执行情况", b.p, NULL, NULL, 0);
	buf_clear(&b);
	document_day_words(w->issued_on, day);
	row(w, "结案日期", day, NULL, NULL, 0);
	officers_text(c, &b);
	row(w, "执法人员", b.p, NULL, NULL, 0);
	row(w, "承办人意见", "本案已处理完毕，建议结案。", NULL, NULL, 24);
	row(w, "负责人审批意见", "", NULL, NULL, 24);
	buf_release(&b);
	if (fine)
		json_object_set_new(json_object_get(w->content, "shown"), "fine_fen", json_integer(fine));
	return 0;
}

int32_t case_document_act_day(const struct case_loaded *c, enum document_kind kind)
{
	switch (kind) {
	case DOCUMENT_OPENING:
		return c->status.opened_on;
	case DOCUMENT_NOTICE:
		return event_day(event_of(c, "notify"));
	case DOCUMENT_DECISION:
	case DOCUMENT_RECEIPT:
		return event_day(event_of(c, "decide"));
	case DOCUMENT_DEMAND:
		return event_day(event_of(c, "demand"));
	case DOCUMENT_CLOSING:
		return event_day(event_of(c, "close"));
	default:
		return 0;
	}
}

int case_document_word(struct db *db, const struct case_loaded *c, int k, int32_t day, const char *code, json_t **out,
                       struct err *e)
{
	*out = NULL;
	struct wording w = { .c = c, .issued_on = day };
	const json_t *party = json_object_get(c->row, "party");
	w.party = json_is_object(party) ? party : NULL;
	int rc = cases_rules_of(day, &w.r, e);
	if (rc)
		return rc;
	char issued[11], url[600];
	date_format(day, issued);
	const char *base = cases_document_settings.public_url;
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	snprintf(url, sizeof url, "%.*s/verify/%s", (int)n, base, code);
	const char *agency =
	    cases_document_settings.agency[0] ? cases_document_settings.agency : "交通运输综合行政执法支队";
	const json_t *vehicle = json_object_get(c->row, "vehicle");
	w.fields = json_array();
	w.rows = json_array();
	w.sections = json_array();
	w.content = json_pack(
	    "{s:s,s:s,s:s,s:O,s:O,s:O,s:[s],s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:n}}", "kind", case_document_names[k].name,
	    "agency", agency, "number", c->number, "fields", w.fields, "rows", w.rows, "sections", w.sections,
	    "signature", agency, "issued_on", issued, "verify_url", url, "access_code", code, "shown", "party_kind",
	    w.party ? text_of(w.party, "kind") : "", "party_name", w.party ? text_of(w.party, "name") : "", "id_number",
	    w.party ? text_of(w.party, "id_number") : "", "plate", text_of(vehicle, "plate"), "fine_fen");
	json_decref(w.fields);
	json_decref(w.rows);
	json_decref(w.sections);
	if (!w.content)
		return err_set(e, ERR_NOMEM, "out of memory wording a document");
	static int (*const wording_of[])(struct db *, struct wording *, struct err *) = {
		[DOCUMENT_OPENING] = word_opening, [DOCUMENT_NOTICE] = word_notice, [DOCUMENT_DECISION] = word_decision,
		[DOCUMENT_RECEIPT] = word_receipt, [DOCUMENT_DEMAND] = word_demand, [DOCUMENT_CLOSING] = word_closing,
	};
	rc = wording_of[case_document_names[k].kind](db, &w, e);
	if (rc) {
		json_decref(w.content);
		return rc;
	}
	*out = w.content;
	return 0;
}
