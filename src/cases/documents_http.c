/* The case documents over HTTP (docs/api.md, docs/documents.md).
 *
 * A document exists once its act has happened. Its first request issues
 * it: the case's facts are worded into the document's texts (a JSON
 * "content"), the content is rendered (document.c), and the content, the
 * SHA-256 of the bytes and a random access code are stored in
 * case_documents, audited `case.document`. Every later request renders the
 * stored content again, never the case as it is today nor today's
 * rulebook: a legal record says what it said when it was issued. A
 * re-render whose bytes hash otherwise than the stored SHA-256 (the fonts
 * or cairo changed under the server) is refused with 500
 * `document_changed`: a different document is never served silently.
 *
 * The QR code of each page leads to GET /verify/<code>, a public page that
 * shows what the document shows, masked as for the public. */
#include "documents_http.h"
#include "document.h"
#include "party.h"
#include "violations.h"
#include "base/access.h"
#include "base/audit.h"
#include "base/datetime.h"
#include "overlimit/api.h"
#include "overlimit/overlimit.h"
#include "overlimit/photos.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct cases_document_settings cases_document_settings;

const struct http_route cases_document_routes[] = { CASES_DOCUMENT_ROUTES, { 0 } };

/* The documents by name, in the order of the procedure. */
static const struct {
	const char *name;
	enum document_kind kind;
} names[] = {
	{ "opening", DOCUMENT_OPENING }, { "notice", DOCUMENT_NOTICE }, { "decision", DOCUMENT_DECISION },
	{ "receipt", DOCUMENT_RECEIPT }, { "demand", DOCUMENT_DEMAND }, { "closing", DOCUMENT_CLOSING },
};
#define NAME_COUNT (sizeof names / sizeof names[0])

/* An access code: 10 characters without 0, 1, I and O (read aloud or typed
 * from paper without doubt); 32^10 = 2^50 codes. */
#define CODE_ALPHABET "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
#define CODE_LEN      10

static int name_index(const char *name)
{
	for (size_t i = 0; i < NAME_COUNT; i++)
		if (strcmp(names[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ---- words ------------------------------------------------------------- */

/* "2024年2月6日" */
static void day_words(int32_t day, char out[32])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, 32, "%d年%d月%d日", y, m, d);
}

/* "6,000" or "6,000.50" (yuan, with thousands separators). */
static void yuan_text(int64_t fen, char out[40])
{
	char digits[24];
	snprintf(digits, sizeof digits, "%lld", (long long)(fen / 100));
	size_t n = strlen(digits), k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	if (fen % 100)
		snprintf(out + k, 40 - k, ".%02lld", (long long)(fen % 100));
}

/* The amount in capitals (大写金额) as the financial forms write it:
 * 6000.00 → 陆仟元整, 10050.00 → 壹万零伍拾元整, 12.30 → 壹拾贰元叁角整,
 * 0.05 → 伍分. One 零 stands for a run of zeros between digits; zeros at
 * the end of a group of four are not written. Below 1 万亿 (a fine is). */
static void yuan_words(int64_t fen, struct buf *out)
{
	static const char *const digit[] = { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖" };
	static const char *const unit[] = { "", "拾", "佰", "仟" };
	static const char *const group[] = { "", "万", "亿" };
	static const int pow10[] = { 1, 10, 100, 1000 };
	int64_t yuan = fen / 100;
	int jiao = (int)(fen / 10 % 10), cents = (int)(fen % 10);
	if (yuan > 0) {
		int groups[3] = { 0 }, ng = 0;
		for (int64_t y = yuan; y && ng < 3; y /= 10000)
			groups[ng++] = (int)(y % 10000);
		bool started = false, zero = false;
		for (int g = ng - 1; g >= 0; g--) {
			int v = groups[g];
			if (v == 0) {
				zero = started;
				continue;
			}
			for (int k = 3; k >= 0; k--) {
				int d = v / pow10[k] % 10;
				if (d == 0) {
					zero = zero || started;
					continue;
				}
				if (zero)
					buf_adds(out, "零");
				zero = false;
				buf_adds(out, digit[d]);
				buf_adds(out, unit[k]);
				started = true;
			}
			buf_adds(out, group[g]);
		}
		buf_adds(out, "元");
	}
	if (jiao == 0 && cents == 0) {
		buf_adds(out, yuan > 0 ? "整" : "零元整");
		return;
	}
	if (jiao) {
		buf_adds(out, digit[jiao]);
		buf_adds(out, "角");
	} else if (yuan > 0) {
		buf_adds(out, "零");
	}
	if (cents) {
		buf_adds(out, digit[cents]);
		buf_adds(out, "分");
	} else {
		buf_adds(out, "整");
	}
}

/* A small count in Chinese: 3 → 三, 15 → 十五, 60 → 六十, 90 → 九十. */
static void count_words(int n, char out[16])
{
	static const char *const d[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	if (n < 0 || n > 99)
		snprintf(out, 16, "%d", n);
	else if (n < 10)
		snprintf(out, 16, "%s", d[n]);
	else
		snprintf(out, 16, "%s十%s", n / 10 == 1 ? "" : d[n / 10], n % 10 ? d[n % 10] : "");
}

/* "2024年1月20日10时05分" of an instant. */
static void instant_words(int64_t unix_s, char out[48])
{
	int64_t local = unix_s + LOCAL_UTC_OFFSET_S;
	int32_t day = (int32_t)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
	int64_t s = local - (int64_t)day * 86400;
	char d[32];
	day_words(day, d);
	snprintf(out, 48, "%s%02d时%02d分", d, (int)(s / 3600), (int)(s / 60 % 60));
}

/* ---- the content: a document's texts as JSON ------------------------------- */

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

static const char *text_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
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
	instant_words(at, when);
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
	instant_words(f.passed_at, when);
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
	yuan_text(fen, yuan);
	buf_addf(out, "罚款人民币%s元(大写：", yuan);
	yuan_words(fen, out);
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
	instant_words(at, when);
	day_words(w->issued_on, opened);
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
		day_words(statement, day);
		buf_addf(&b,
		         "%s有权进行陈述和申辩。%s可于%s前向本机关提出陈述、申辩意见；逾期未提出的，视为放弃此权利。",
		         you(w), you(w), day);
	} else {
		buf_addf(&b, "%s有权进行陈述和申辩。", you(w));
	}
	add_paragraph_buf(p, &b);
	int32_t hearing = event_deadline(ev, "hearing_request");
	if (hearing) {
		day_words(hearing, day);
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
		day_words(event_day(notify), day);
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
	count_words(w->r.payment.days, days);
	count_words(w->r.late_fine_per_day_bp / 100, pct);
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
	day_words(event_day(decide), decided);
	day_words(w->issued_on, today);
	struct buf b;
	buf_init(&b);
	json_t *p = section(w, NULL);
	buf_addf(&b, "本机关于%s对%s作出行政处罚决定(%s)：", decided, you(w), w->c->number);
	fine_words(fine, &b);
	buf_adds(&b, "。");
	if (serve) {
		day_words(event_day(serve), served);
		buf_addf(&b, "该决定书已于%s送达。", served);
	}
	int32_t payment = serve ? event_deadline(serve, "payment") : 0;
	if (payment) {
		day_words(payment, due);
		buf_addf(&b, "%s未在规定期限内(%s前)缴纳罚款。", you(w), due);
	} else {
		buf_addf(&b, "%s未在规定期限内缴纳罚款。", you(w));
	}
	add_paragraph_buf(p, &b);
	char late_yuan[40], total_yuan[40];
	yuan_text(late, late_yuan);
	yuan_text(fine + late, total_yuan);
	buf_addf(&b,
	         "依据%s及《中华人民共和国行政强制法》第四十五条、第五十四条的规定，现催告%s自收到本催告书之日起"
	         "十日内缴纳罚款，以及截至%s的加处罚款人民币%s元，合计人民币%s元(大写：",
	         citation(w, CASE_RULE_LATE_FINE), you(w), today, late_yuan, total_yuan);
	yuan_words(fine + late, &b);
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
	day_words(s->opened_on, day);
	row(w, "立案日期", day, NULL, NULL, 0);
	const json_t *decide = event_of(c, "decide"), *refer = event_of(c, "refer"), *waive = event_of(c, "waive");
	int64_t fine = 0;
	if (decide) {
		fine = json_integer_value(json_object_get(json_object_get(decide, "body"), "fine_fen"));
		day_words(event_day(decide), day);
		buf_addf(&b, "%s作出行政处罚决定：", day);
		fine_words(fine, &b);
	} else if (refer) {
		day_words(event_day(refer), day);
		buf_addf(&b, "%s移送公安机关处理：%s", day, text_of(json_object_get(refer, "body"), "reason"));
	} else if (waive) {
		day_words(event_day(waive), day);
		buf_addf(&b, "%s决定不予行政处罚(首违不罚)：%s", day,
		         text_of(json_object_get(waive, "body"), "reason"));
	}
	row(w, "处理结果", b.p, NULL, NULL, 0);
	buf_clear(&b);
	const json_t *pay = event_of(c, "pay"), *enforce = event_of(c, "enforce");
	if (pay) {
		char paid[40];
		day_words(event_day(pay), day);
		yuan_text(s->paid_fen, paid);
		buf_addf(&b, "%s缴纳人民币%s元", day, paid);
		int64_t late = json_integer_value(json_object_get(json_object_get(pay, "sets"), "late_fine_fen"));
		if (late) {
			char late_yuan[40];
			yuan_text(late, late_yuan);
			buf_addf(&b, "(含加处罚款%s元)", late_yuan);
		}
		buf_adds(&b, "。");
	} else if (enforce) {
		day_words(event_day(enforce), day);
		buf_addf(&b, "%s申请人民法院强制执行。", day);
	}
	row(w, "执行情况", b.p, NULL, NULL, 0);
	buf_clear(&b);
	day_words(w->issued_on, day);
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

/* The day a document's act happened, 0 while it has not. */
static int32_t act_day(const struct case_loaded *c, enum document_kind kind)
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

/* A new access code. */
static void access_code_new(char out[CODE_LEN + 1])
{
	for (int i = 0; i < CODE_LEN; i++)
		out[i] = CODE_ALPHABET[randombytes_uniform(sizeof CODE_ALPHABET - 1)];
	out[CODE_LEN] = '\0';
}

/* Words document k of case c as issued on day: its content into *out. */
static int word(struct db *db, const struct case_loaded *c, int k, int32_t day, const char *code, json_t **out,
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
	    "{s:s,s:s,s:s,s:O,s:O,s:O,s:[s],s:s,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:n}}", "kind", names[k].name, "agency",
	    agency, "number", c->number, "fields", w.fields, "rows", w.rows, "sections", w.sections, "signature",
	    agency, "issued_on", issued, "verify_url", url, "access_code", code, "shown", "party_kind",
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
	rc = wording_of[names[k].kind](db, &w, e);
	if (rc) {
		json_decref(w.content);
		return rc;
	}
	*out = w.content;
	return 0;
}

/* ---- rendering the content ------------------------------------------------- */

/* Renders content (as word() makes it, or as stored) into pdf and its
 * SHA-256 (hex) into sha256. */
static int render(const json_t *content, struct buf *pdf, char sha256[65], struct err *e)
{
	int k = name_index(text_of(content, "kind"));
	if (k < 0)
		return err_set(e, ERR_DB, "a stored document has no known kind");
	const json_t *fields = json_object_get(content, "fields"), *rows = json_object_get(content, "rows"),
	             *sections = json_object_get(content, "sections"),
	             *signature = json_object_get(content, "signature");
	size_t nf = json_array_size(fields), nr = json_array_size(rows), ns = json_array_size(sections),
	       nsig = json_array_size(signature), npar = 0;
	for (size_t i = 0; i < ns; i++)
		npar += json_array_size(json_object_get(json_array_get(sections, i), "paragraphs"));
	struct document_field *f = calloc(nf + 1, sizeof *f);
	struct document_row *r = calloc(nr + 1, sizeof *r);
	struct document_section *s = calloc(ns + 1, sizeof *s);
	const char **par = calloc(npar + 1, sizeof *par), **sig = calloc(nsig + 1, sizeof *sig);
	int rc = 0;
	if (!f || !r || !s || !par || !sig)
		rc = err_set(e, ERR_NOMEM, "out of memory rendering a document");
	for (size_t i = 0; !rc && i < nf; i++) {
		const json_t *x = json_array_get(fields, i);
		f[i] = (struct document_field){ json_string_value(json_array_get(x, 0)),
			                        json_string_value(json_array_get(x, 1)) };
	}
	for (size_t i = 0; !rc && i < nr; i++) {
		const json_t *x = json_array_get(rows, i);
		r[i] = (struct document_row){ json_string_value(json_array_get(x, 0)),
			                      json_string_value(json_array_get(x, 1)),
			                      json_string_value(json_array_get(x, 2)),
			                      json_string_value(json_array_get(x, 3)),
			                      (int)json_integer_value(json_array_get(x, 4)) };
	}
	size_t at = 0;
	for (size_t i = 0; !rc && i < ns; i++) {
		const json_t *x = json_array_get(sections, i), *ps = json_object_get(x, "paragraphs");
		s[i] = (struct document_section){ json_string_value(json_object_get(x, "heading")), par + at,
			                          json_array_size(ps) };
		for (size_t j = 0; j < json_array_size(ps); j++)
			par[at++] = json_string_value(json_array_get(ps, j));
	}
	for (size_t i = 0; !rc && i < nsig; i++)
		sig[i] = json_string_value(json_array_get(signature, i));
	struct document d = {
		.kind = names[k].kind,
		.agency = json_string_value(json_object_get(content, "agency")),
		.number = json_string_value(json_object_get(content, "number")),
		.fields = f,
		.field_count = nf,
		.rows = r,
		.row_count = nr,
		.sections = s,
		.section_count = ns,
		.signature = sig,
		.signature_count = nsig,
		.issued_on = json_string_value(json_object_get(content, "issued_on")),
		.verify_url = json_string_value(json_object_get(content, "verify_url")),
		.access_code = json_string_value(json_object_get(content, "access_code")),
	};
	if (!rc)
		rc = document_render_pdf(&d, pdf, e);
	if (!rc) {
		unsigned char hash[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(hash, (const unsigned char *)pdf->p, pdf->n);
		sodium_bin2hex(sha256, 65, hash, sizeof hash);
	}
	free(f);
	free(r);
	free(s);
	free(par);
	free(sig);
	return rc;
}

/* ---- GET /api/v1/cases/{id}/documents/{name}.pdf ----------------------------- */

/* The stored document (name k of case id): 1 with its content (the
 * caller's) and SHA-256, 0 when not issued yet. */
static int stored(struct db *db, int64_t id, int k, json_t **content, char sha256[65], struct err *e)
{
	struct db_stmt *st;
	*content = NULL;
	int rc = db_row(db, "SELECT content, sha256 FROM case_documents WHERE case_id = $1 AND name = $2",
	                DB_ARGS(DB_INT(id), DB_TEXT(names[k].name)), &st, e);
	if (rc <= 0)
		return rc;
	*content = json_loads(db_col_text(st, 0), 0, NULL);
	snprintf(sha256, 65, "%s", db_col_text(st, 1));
	db_row_done(st);
	if (!*content)
		return err_set(e, ERR_DB, "the stored content of %s of case %lld is not JSON", names[k].name,
		               (long long)id);
	return 1;
}

/* Issues document k of case c: words it, renders it, stores it with the
 * audit entry. 1 when issued; 0 when another request issued it first. */
static int issue(struct http_request *rq, const struct case_loaded *c, int k, int32_t day, struct buf *pdf,
                 char sha256[65], struct err *e)
{
	char code[CODE_LEN + 1];
	access_code_new(code);
	json_t *content;
	int rc = word(rq->db, c, k, day, code, &content, e);
	if (rc)
		return rc;
	/* Rendered from the text that is stored, parsed again: what a later
	 * request renders is exactly this. */
	char *text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(content);
	json_t *parsed = text ? json_loads(text, 0, NULL) : NULL;
	rc = parsed ? render(parsed, pdf, sha256, e) : err_set(e, ERR_NOMEM, "out of memory storing a document");
	json_decref(parsed);
	const char *login = caller_of(rq)->login;
	int64_t now = (int64_t)time(NULL);
	int64_t inserted = 0;
	if (!rc && !(rc = db_begin(rq->db, e))) {
		rc = db_get_int(rq->db,
		                "INSERT INTO case_documents (case_id, name, issued_on, access_code, sha256, content,"
		                " created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
		                " ON CONFLICT DO NOTHING RETURNING 1",
		                DB_ARGS(DB_INT(c->id), DB_TEXT(names[k].name), DB_INT(date_key(day)), DB_TEXT(code),
		                        DB_TEXT(sha256), DB_TEXT(text), DB_INT(now), DB_TEXT(login)),
		                &inserted, e);
		if (rc == 1) {
			char object[32], issued[11];
			snprintf(object, sizeof object, "case:%lld", (long long)c->id);
			date_format(day, issued);
			rc = audit_append_json(rq->db, login, "case.document", object, NULL,
			                       json_pack("{s:s,s:s,s:s,s:s}", "document", names[k].name, "number",
			                                 c->number, "issued_on", issued, "sha256", sha256),
			                       now, e);
			rc = rc ? rc : db_commit(rq->db, e);
			rc = rc ? rc : 1;
		}
		if (rc <= 0)
			db_rollback(rq->db);
	}
	free(text);
	return rc;
}

/* Percent-encodes s for filename*= (RFC 5987: attr-char kept). */
static void percent_encode(const char *s, struct buf *out)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p))
			buf_addc(out, (char)*p);
		else
			buf_addf(out, "%%%02X", *p);
	}
}

static int send_pdf(struct http_request *rq, const struct case_loaded *c, int k, const struct buf *pdf,
                    const char *sha256)
{
	struct buf name, header;
	buf_init(&name);
	buf_init(&header);
	buf_addf(&name, "%s_%s.pdf", c->number, document_kind_title(names[k].kind));
	buf_addf(&header, "inline; filename=\"case-%lld_%s.pdf\"; filename*=UTF-8''", (long long)c->id, names[k].name);
	percent_encode(name.p, &header);
	http_add_header(rq, "Content-Disposition", header.p);
	http_add_header(rq, "Cache-Control", "private");
	http_add_header(rq, "X-Document-SHA256", sha256);
	buf_release(&name);
	buf_release(&header);
	buf_add(&rq->out, pdf->p, pdf->n);
	return http_send(rq, 200, "application/pdf");
}

int case_document_get(struct http_request *rq, struct err *e)
{
	int64_t id;
	if (slice_to_int(rq->param[0], &id) || id < 1)
		return err_reason(e, ERR_NOTFOUND, "case_unknown", ERR_NO_ARGS, "no such case");
	char name[16] = "";
	struct slice p = rq->param[1];
	int k = -1;
	if (p.n > 4 && p.n < sizeof name + 4 && memcmp(p.p + p.n - 4, ".pdf", 4) == 0) {
		memcpy(name, p.p, p.n - 4);
		name[p.n - 4] = '\0';
		k = name_index(name);
	}
	struct case_loaded c;
	int rc = cases_load(rq->db, caller_of(rq), id, &c, e);
	if (!rc && k < 0)
		rc = err_reason(e, ERR_NOTFOUND, "document_unknown", ERR_ARGS(ERR_TEXT("name", name)),
		                "no document '%.*s': opening, notice, decision, receipt, demand or closing (.pdf)",
		                (int)p.n, p.p);
	struct buf pdf;
	buf_init(&pdf);
	json_t *content = NULL;
	char sha256[65] = "", again[65] = "";
	int found = rc ? rc : stored(rq->db, id, k, &content, sha256, e);
	if (found == 0) {
		int32_t day = act_day(&c, names[k].kind);
		if (!day)
			found =
			    err_reason(e, ERR_CONFLICT, "document_not_yet",
			               ERR_ARGS(ERR_TEXT("document", names[k].name),
			                        ERR_TEXT("state", case_state_name(c.status.state))),
			               "the %s of case %s is issued once its act is recorded", names[k].name, c.number);
		else
			found = issue(rq, &c, k, day, &pdf, sha256, e);
		/* Issued by another request meanwhile: serve that one. */
		if (found == 0 && (found = stored(rq->db, id, k, &content, sha256, e)) == 0)
			found = err_set(e, ERR_CONFLICT, "the document could not be stored: try again");
	}
	if (found == 1 && content) {
		buf_clear(&pdf);
		rc = render(content, &pdf, again, e);
		if (!rc && strcmp(again, sha256) != 0)
			rc =
			    err_reason(e, ERR_IO, "document_changed",
			               ERR_ARGS(ERR_TEXT("document", names[k].name), ERR_TEXT("sha256", sha256)),
			               "the %s of case %s renders now to SHA-256 %s, not the %s issued (fonts or cairo "
			               "changed?): not served",
			               names[k].name, c.number, again, sha256);
		found = rc ? rc : 1;
	}
	rc = found < 0 ? found : send_pdf(rq, &c, k, &pdf, sha256);
	json_decref(content);
	buf_release(&pdf);
	cases_loaded_free(&c);
	return rc;
}

/* ---- the documents of CASE ---------------------------------------------------- */

json_t *cases_documents_json(struct db *db, int64_t case_id)
{
	json_t *out = json_array(), *by_name[NAME_COUNT] = { 0 };
	struct err e = { 0 };
	struct db_stmt *st =
	    db_prepare(db, "SELECT name, issued_on, sha256, access_code FROM case_documents WHERE case_id = $1", &e);
	if (!st)
		return out;
	db_bind_int(st, 1, case_id);
	while (db_step(st, &e) == DB_ROW) {
		int k = name_index(db_col_text(st, 0));
		if (k < 0 || by_name[k])
			continue;
		char issued[11], url[96];
		date_format(date_from_key((int32_t)db_col_int(st, 1)), issued);
		snprintf(url, sizeof url, "/api/v1/cases/%lld/documents/%s.pdf", (long long)case_id, names[k].name);
		by_name[k] = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "name", names[k].name, "title",
		                       document_kind_title(names[k].kind), "issued_on", issued, "sha256",
		                       db_col_text(st, 2), "access_code", db_col_text(st, 3), "url", url);
	}
	for (size_t k = 0; k < NAME_COUNT; k++)
		if (by_name[k])
			json_array_append_new(out, by_name[k]);
	return out;
}

/* ---- verification: GET /verify/{code}, GET /api/v1/verify/{code} ---------------- */

/* The document of an access code, as the public may see it: {"title",
 * "kind","number","issued_on","agency","party":{"kind","name","id_number"},
 * "plate","fine_fen","sha256"}, masked. *out NULL when no document has it. */
static int verified(struct db *db, struct slice given, json_t **out, struct err *e)
{
	*out = NULL;
	char code[CODE_LEN + 1];
	if (given.n != CODE_LEN)
		return 0;
	for (size_t i = 0; i < CODE_LEN; i++) {
		char ch = given.p[i] >= 'a' && given.p[i] <= 'z' ? (char)(given.p[i] - 'a' + 'A') : given.p[i];
		if (!ch || !strchr(CODE_ALPHABET, ch))
			return 0;
		code[i] = ch;
	}
	code[CODE_LEN] = '\0';
	struct db_stmt *st;
	int rc = db_row(db, "SELECT content, sha256 FROM case_documents WHERE access_code = $1", DB_ARGS(DB_TEXT(code)),
	                &st, e);
	if (rc <= 0)
		return rc;
	json_t *content = json_loads(db_col_text(st, 0), 0, NULL);
	char sha256[65];
	snprintf(sha256, sizeof sha256, "%s", db_col_text(st, 1));
	db_row_done(st);
	if (!content)
		return err_set(e, ERR_DB, "the stored content of document %s is not JSON", code);
	const json_t *shown = json_object_get(content, "shown");
	int k = name_index(text_of(content, "kind"));
	const char *kind = text_of(shown, "party_kind"), *name = text_of(shown, "party_name"),
	           *id = text_of(shown, "id_number");
	bool person = strcmp(kind, "organisation") != 0;
	char *masked_name = malloc(strlen(name) + 1), *masked_id = malloc(strlen(id) + 1);
	if (masked_name && masked_id) {
		if (person)
			party_mask_name(slice_from(name), masked_name);
		else
			snprintf(masked_name, strlen(name) + 1, "%s", name);
		if (person)
			party_mask_resident_id(slice_from(id), masked_id);
		else
			party_mask_credit_code(slice_from(id), masked_id);
		*out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:s,s:O,s:s}", "title",
		                 k < 0 ? "" : document_kind_title(names[k].kind), "kind", text_of(content, "kind"),
		                 "number", text_of(content, "number"), "issued_on", text_of(content, "issued_on"),
		                 "agency", text_of(content, "agency"), "party", "kind", kind, "name", masked_name,
		                 "id_number", masked_id, "plate", text_of(shown, "plate"), "fine_fen",
		                 json_object_get(shown, "fine_fen") ? json_object_get(shown, "fine_fen") : json_null(),
		                 "sha256", sha256);
	}
	free(masked_name);
	free(masked_id);
	json_decref(content);
	return *out ? 1 : err_set(e, ERR_NOMEM, "out of memory verifying a document");
}

int document_verify_get(struct http_request *rq, struct err *e)
{
	json_t *v;
	int rc = verified(rq->db, rq->param[0], &v, e);
	if (rc < 0)
		return rc;
	if (!v)
		return err_reason(e, ERR_NOTFOUND, "document_code_unknown", ERR_NO_ARGS,
		                  "no document has this access code");
	return http_json(rq, 200, v);
}

static void html_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		case '\'':
			buf_adds(out, "&#39;");
			break;
		default:
			buf_addc(out, *s);
		}
	}
}

static void html_item(struct buf *out, const char *label, const char *value)
{
	buf_adds(out, "<dt>");
	html_escaped(out, label);
	buf_adds(out, "</dt><dd>");
	html_escaped(out, value);
	buf_adds(out, "</dd>\n");
}

int document_verify_page(struct http_request *rq, struct err *e)
{
	json_t *v;
	int rc = verified(rq->db, rq->param[0], &v, e);
	if (rc < 0)
		return rc;
	struct buf *out = &rq->out;
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	              "<title>执法文书查验</title>\n<link rel=\"stylesheet\" href=\"/app.css\">\n</head>\n"
	              "<body class=\"verify\">\n<main class=\"verify-page\">\n<h1>执法文书查验</h1>\n");
	if (!v) {
		buf_adds(out, "<p class=\"verify-result verify-unknown\">未找到该查验码对应的文书。</p>\n"
		              "<p>请核对文书左下角二维码下方的查验码(10位，不含数字0、1和字母I、O)，"
		              "或向出具文书的执法机构核实。</p>\n</main>\n</body>\n</html>\n");
		return http_send(rq, 404, "text/html; charset=utf-8");
	}
	const json_t *party = json_object_get(v, "party");
	buf_adds(out, "<p class=\"verify-result verify-ok\">该文书由");
	html_escaped(out, text_of(v, "agency"));
	buf_adds(out, "出具，登记信息如下。</p>\n<dl class=\"verify-facts\">\n");
	html_item(out, "文书", text_of(v, "title"));
	html_item(out, "文号", text_of(v, "number"));
	char day[32] = "";
	int32_t d;
	if (date_parse(slice_from(text_of(v, "issued_on")), &d) == 0)
		day_words(d, day);
	html_item(out, "出具日期", day);
	html_item(out, "当事人", text_of(party, "name"));
	if (*text_of(party, "id_number"))
		html_item(out, strcmp(text_of(party, "kind"), "organisation") == 0 ? "统一社会信用代码" : "身份证号码",
		          text_of(party, "id_number"));
	if (*text_of(v, "plate"))
		html_item(out, "车辆号牌", text_of(v, "plate"));
	const json_t *fine = json_object_get(v, "fine_fen");
	if (json_is_integer(fine)) {
		char yuan[40], text[64];
		yuan_text(json_integer_value(fine), yuan);
		snprintf(text, sizeof text, "%s元", yuan);
		html_item(out, "罚款金额", text);
	}
	html_item(out, "执法机构", text_of(v, "agency"));
	html_item(out, "文件 SHA-256", text_of(v, "sha256"));
	buf_adds(out, "</dl>\n<p class=\"verify-note\">请核对纸质文书的文号、当事人和金额与上述一致；"
	              "电子文件的 SHA-256 与上述一致即为出具的原件。为保护当事人信息，姓名和证件号码部分隐去。</p>\n"
	              "</main>\n</body>\n</html>\n");
	json_decref(v);
	return http_send(rq, 200, "text/html; charset=utf-8");
}
