/* A stored verdict explained as a legal reviewer reads it: the limit and
 * why, the measured and the judged mass, the excess, the fine with its
 * steps and its maximum, the size excess by dimension and its band, the
 * sum and its cap, and the penalty decided. Chinese first, the English of
 * each line beside it; figures grouped by thousands ("33 500 kg"), no
 * programmer's notation. Pure: no I/O, no clock. */
#include "overlimit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Figures in words: each call writes into the next of a few buffers, so
 * that one line can hold several. */
struct figures {
	char text[12][32];
	int next;
};

/* v with its digits grouped by three: "33 500". */
static const char *grouped(struct figures *f, int64_t v)
{
	char *out = f->text[f->next++ % 12];
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	char *p = out;
	if (v < 0)
		*p++ = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			*p++ = ' ';
		*p++ = digits[i];
	}
	*p = '\0';
	return out;
}

/* Money in yuan: "16 500", or "16 500.50" for a part of a yuan. */
static const char *yuan(struct figures *f, int64_t fen)
{
	const char *whole = grouped(f, fen / 100);
	if (fen % 100 == 0)
		return whole;
	char *out = f->text[f->next++ % 12];
	snprintf(out, 32, "%s.%02lld", whole, (long long)(fen < 0 ? -fen : fen) % 100);
	return out;
}

/* A percentage from basis points: "5", "0.2", "0.25". */
static const char *percent(struct figures *f, int64_t bp)
{
	char *out = f->text[f->next++ % 12];
	if (bp % 100 == 0)
		snprintf(out, 32, "%lld", (long long)(bp / 100));
	else if (bp % 10 == 0)
		snprintf(out, 32, "%lld.%lld", (long long)(bp / 100), (long long)(bp % 100 / 10));
	else
		snprintf(out, 32, "%lld.%02lld", (long long)(bp / 100), (long long)(bp % 100));
	return out;
}

/* Appends to the current line of one language. */
static void add(char line[EXPLAIN_LINE], const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(char line[EXPLAIN_LINE], const char *fmt, ...)
{
	size_t n = strlen(line);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, EXPLAIN_LINE - n, fmt, ap);
	va_end(ap);
}

/* Starts a new line in both languages; returns its index. */
static int new_line(struct overlimit_explanation *x)
{
	int i = x->nlines < EXPLAIN_MAX_LINES ? x->nlines++ : EXPLAIN_MAX_LINES - 1;
	x->zh[i][0] = x->en[i][0] = '\0';
	return i;
}

static int class_used(const struct overlimit_rules *r, int hint, const struct detection *d, int64_t judged_kg)
{
	int k = overlimit_accuracy_class_index(hint);
	if (k >= 0 && d->gross_kg * (10000 - r->error_bp[k]) / 10000 == judged_kg)
		return k;
	for (k = 0; k < ACCURACY_CLASS_COUNT; k++)
		if (d->gross_kg * (10000 - r->error_bp[k]) / 10000 == judged_kg)
			return k;
	return -1;
}

/* The limit and where it comes from. */
static void explain_limit(struct overlimit_explanation *x, const struct overlimit_rules *r, const struct detection *d,
                          const struct verdict *v, struct figures *f)
{
	int i = new_line(x);
	const char *kind_zh = d->kind == VEHICLE_TRUCK ? "货车" : "汽车列车";
	const char *kind_en = d->kind == VEHICLE_TRUCK ? "truck" : "train";
	int64_t reduction = (int64_t)d->single_tire_axles * r->single_tire_reduction_kg;
	add(x->zh[i], "车货总质量限值 %s kg(%d 轴%s", grouped(f, v->limit_kg + reduction), d->axles, kind_zh);
	add(x->en[i], "gross mass limit %s kg (%d-axle %s", grouped(f, v->limit_kg + reduction), d->axles, kind_en);
	/* 62号令 Art.3: a 2-axle vehicle by the truck row, 5+ axle trucks by the train rows. */
	if (d->axles == 2 && d->kind == VEHICLE_TRAIN) {
		add(x->zh[i], ",按 2 轴货车的限值");
		add(x->en[i], ", judged by the 2-axle truck row");
	} else if (d->axles >= 5 && d->kind == VEHICLE_TRUCK) {
		add(x->zh[i], ",按 %d 轴汽车列车的限值", d->axles);
		add(x->en[i], ", judged by the %d-axle train row", d->axles);
	} else if (d->kind == VEHICLE_TRAIN && d->single_drive && r->single_drive_limit_kg[d->axles]) {
		add(x->zh[i], ",牵引车驱动轴为单轴");
		add(x->en[i], ", tractor with a single drive axle");
	}
	add(x->zh[i], ")");
	add(x->en[i], ")");
	if (d->single_tire_axles > 0) {
		add(x->zh[i], ";%d 根非驱动轴为单轮胎,每根核减 %s kg,核减后限值 %s kg", d->single_tire_axles,
		    grouped(f, r->single_tire_reduction_kg), grouped(f, v->limit_kg));
		add(x->en[i], "; %d non-drive axle%s with single tyres, %s kg off each: limit %s kg",
		    d->single_tire_axles, d->single_tire_axles == 1 ? "" : "s", grouped(f, r->single_tire_reduction_kg),
		    grouped(f, v->limit_kg));
	}
}

/* The measured mass, the device's error, the judged mass. */
static void explain_mass(struct overlimit_explanation *x, const struct detection *d, const struct verdict *v,
                         struct figures *f)
{
	int i = new_line(x);
	add(x->zh[i], "实测车货总质量 %s kg,", grouped(f, d->gross_kg));
	add(x->en[i], "measured gross mass %s kg, ", grouped(f, d->gross_kg));
	if (x->accuracy_class < 0) {
		add(x->zh[i], "认定 %s kg", grouped(f, v->judged_kg));
		add(x->en[i], "judged %s kg", grouped(f, v->judged_kg));
	} else if (x->error_bp == 0) {
		add(x->zh[i], "不扣除计量误差,认定 %s kg", grouped(f, v->judged_kg));
		add(x->en[i], "no measurement error deducted: judged %s kg", grouped(f, v->judged_kg));
	} else {
		char cls[8];
		overlimit_accuracy_class_format(accuracy_classes[x->accuracy_class], cls);
		/* The deduction is rounded up (the judged mass down): in the party's favour. */
		add(x->zh[i], "扣除 %s 级衡器的最大允许误差 %s%%(%s kg),认定 %s kg", cls, percent(f, x->error_bp),
		    grouped(f, d->gross_kg - v->judged_kg), grouped(f, v->judged_kg));
		add(x->en[i], "less the class %s device's maximum permissible error of %s %% (%s kg): judged %s kg",
		    cls, percent(f, x->error_bp), grouped(f, d->gross_kg - v->judged_kg), grouped(f, v->judged_kg));
	}
	i = new_line(x);
	if (v->over_kg > 0) {
		add(x->zh[i], "认定质量 %s kg,超过限值 %s kg,超限 %s kg", grouped(f, v->judged_kg),
		    grouped(f, v->limit_kg), grouped(f, v->over_kg));
		add(x->en[i], "judged %s kg, above the limit of %s kg by %s kg", grouped(f, v->judged_kg),
		    grouped(f, v->limit_kg), grouped(f, v->over_kg));
	} else {
		add(x->zh[i], "认定质量 %s kg,未超过限值 %s kg", grouped(f, v->judged_kg), grouped(f, v->limit_kg));
		add(x->en[i], "judged %s kg, not above the limit of %s kg", grouped(f, v->judged_kg),
		    grouped(f, v->limit_kg));
	}
}

/* The penalty for the excess mass (Art.43 ¶1(2)). */
static void explain_mass_fine(struct overlimit_explanation *x, const struct overlimit_rules *r, const struct verdict *v,
                              struct figures *f)
{
	if (v->over_kg <= 0)
		return;
	int i = new_line(x);
	if (v->over_kg <= r->warning_max_over_kg) {
		add(x->zh[i], "超限 %s kg,未超过 %s kg,予以警告,不罚款", grouped(f, v->over_kg),
		    grouped(f, r->warning_max_over_kg));
		add(x->en[i], "over by %s kg, not more than %s kg: a warning, no fine", grouped(f, v->over_kg),
		    grouped(f, r->warning_max_over_kg));
		return;
	}
	add(x->zh[i], "超限 %s kg,", grouped(f, v->over_kg));
	add(x->en[i], "over by %s kg, ", grouped(f, v->over_kg));
	if (r->round_up) {
		add(x->zh[i], "每 %s kg 罚 %s 元(不足 %s kg 的按 %s kg 计)", grouped(f, r->step_kg),
		    yuan(f, r->fine_per_step_fen), grouped(f, r->step_kg), grouped(f, r->step_kg));
		add(x->en[i], "%s yuan for each %s kg or part of it", yuan(f, r->fine_per_step_fen),
		    grouped(f, r->step_kg));
	} else {
		add(x->zh[i], "每满 %s kg 罚 %s 元", grouped(f, r->step_kg), yuan(f, r->fine_per_step_fen));
		add(x->en[i], "%s yuan for each full %s kg", yuan(f, r->fine_per_step_fen), grouped(f, r->step_kg));
	}
	int64_t full = x->steps * r->fine_per_step_fen;
	if (x->mass_capped) {
		add(x->zh[i], ",计 %lld 档,合计 %s 元,超过最高 %s 元,按 %s 元处罚", (long long)x->steps, yuan(f, full),
		    yuan(f, r->mass_max_fen), yuan(f, r->mass_max_fen));
		add(x->en[i], ": %lld step%s, %s yuan, more than the maximum of %s yuan: %s yuan", (long long)x->steps,
		    x->steps == 1 ? "" : "s", yuan(f, full), yuan(f, r->mass_max_fen), yuan(f, r->mass_max_fen));
	} else {
		add(x->zh[i], ",计 %lld 档,应罚 %s 元", (long long)x->steps, yuan(f, full));
		add(x->en[i], ": %lld step%s, %s yuan", (long long)x->steps, x->steps == 1 ? "" : "s", yuan(f, full));
	}
}

/* The band's bounds and legal range, in words. */
static void band_words(struct overlimit_explanation *x, int i, const struct overlimit_rules *r, struct figures *f)
{
	const struct size_band *b = &r->band[x->size_band];
	if (x->size_band == SIZE_BANDS - 1) {
		add(x->zh[i], "属第 %d 档(超出第 %d 档,", x->size_band + 1, x->size_band);
		add(x->en[i], "band %d (beyond band %d, ", x->size_band + 1, x->size_band);
	} else {
		add(x->zh[i], "属第 %d 档(高度不超过 %s mm、宽度不超过 %s mm、长度不超过 %s mm,", x->size_band + 1,
		    grouped(f, b->max_height_mm), grouped(f, b->max_width_mm), grouped(f, b->max_length_mm));
		add(x->en[i], "band %d (height up to %s mm, width up to %s mm, length up to %s mm, ", x->size_band + 1,
		    grouped(f, b->max_height_mm), grouped(f, b->max_width_mm), grouped(f, b->max_length_mm));
	}
	if (b->min_fen == 0) {
		add(x->zh[i], "罚款 %s 元以下)", yuan(f, b->max_fen));
		add(x->en[i], "a fine of up to %s yuan)", yuan(f, b->max_fen));
	} else {
		add(x->zh[i], "罚款 %s 元至 %s 元)", yuan(f, b->min_fen), yuan(f, b->max_fen));
		add(x->en[i], "a fine of %s to %s yuan)", yuan(f, b->min_fen), yuan(f, b->max_fen));
	}
	add(x->zh[i], ",按裁量基准罚款 %s 元", yuan(f, b->fine_fen));
	add(x->en[i], ": %s yuan by the discretion standard", yuan(f, b->fine_fen));
}

/* The size excess, dimension by dimension, and its band (Art.43 ¶1(1)). */
static void explain_size(struct overlimit_explanation *x, const struct overlimit_rules *r, const struct detection *d,
                         struct figures *f)
{
	if (x->size_band < 0)
		return;
	const struct {
		int32_t value, limit;
		const char *zh, *en;
	} dims[] = {
		{ d->height_mm, r->height_mm, "车货总高度", "height" },
		{ d->width_mm, r->width_mm, "车货总宽度", "width" },
		{ d->length_mm, r->length_mm, "车货总长度", "length" },
	};
	int i = new_line(x);
	for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
		if (dims[k].value <= dims[k].limit)
			continue;
		add(x->zh[i], "%s%s %s mm,限值 %s mm,超出 %s mm", x->zh[i][0] ? ";" : "", dims[k].zh,
		    grouped(f, dims[k].value), grouped(f, dims[k].limit), grouped(f, dims[k].value - dims[k].limit));
		add(x->en[i], "%s%s %s mm, limit %s mm, %s mm over", x->en[i][0] ? "; " : "", dims[k].en,
		    grouped(f, dims[k].value), grouped(f, dims[k].limit), grouped(f, dims[k].value - dims[k].limit));
	}
	add(x->zh[i], ",");
	add(x->en[i], ": ");
	band_words(x, i, r, f);
}

/* Mass and size fines summed, and the cap on the sum (Art.43 ¶2). */
static void explain_sum(struct overlimit_explanation *x, const struct overlimit_rules *r, struct figures *f)
{
	int64_t sum = x->mass_fine_fen + x->size_fine_fen;
	bool both = x->mass_fine_fen && x->size_fine_fen;
	if (!both && !x->capped)
		return;
	int i = new_line(x);
	if (both) {
		add(x->zh[i], "质量罚款 %s 元与外廓尺寸罚款 %s 元合计 %s 元", yuan(f, x->mass_fine_fen),
		    yuan(f, x->size_fine_fen), yuan(f, sum));
		add(x->en[i], "the mass fine of %s yuan and the size fine of %s yuan make %s yuan",
		    yuan(f, x->mass_fine_fen), yuan(f, x->size_fine_fen), yuan(f, sum));
	} else {
		add(x->zh[i], "罚款 %s 元", yuan(f, sum));
		add(x->en[i], "a fine of %s yuan", yuan(f, sum));
	}
	if (x->capped) {
		add(x->zh[i], ",超过最高 %s 元,按 %s 元处罚", yuan(f, r->cap_fen), yuan(f, r->cap_fen));
		add(x->en[i], ", more than the maximum of %s yuan: %s yuan", yuan(f, r->cap_fen), yuan(f, r->cap_fen));
	}
}

/* The 100-tonne label, and the penalty as decided (the stored one). */
static void explain_decision(struct overlimit_explanation *x, const struct overlimit_rules *r,
                             const struct detection *d, const struct verdict *v, struct figures *f)
{
	int i;
	if (v->ton100) {
		i = new_line(x);
		add(x->zh[i], "实测车货总质量 %s kg,达到 %s kg,标记为百吨王(不单独处罚)", grouped(f, d->gross_kg),
		    grouped(f, r->ton100_kg));
		add(x->en[i],
		    "measured gross mass %s kg, at least %s kg: marked a 100-tonne truck (no penalty of its own)",
		    grouped(f, d->gross_kg), grouped(f, r->ton100_kg));
	}
	i = new_line(x);
	switch (v->penalty) {
	case PENALTY_FINE:
		add(x->zh[i], "处罚:罚款 %s 元", yuan(f, v->fine_fen));
		add(x->en[i], "penalty: a fine of %s yuan", yuan(f, v->fine_fen));
		break;
	case PENALTY_WARNING:
		add(x->zh[i], "处罚:警告");
		add(x->en[i], "penalty: a warning");
		break;
	case PENALTY_NONE:
		add(x->zh[i], "未超限,不予处罚");
		add(x->en[i], "not over the limit: no penalty");
		break;
	}
}

void overlimit_explain(const struct overlimit_rules *r, int class_hint, const struct detection *d,
                       const struct verdict *v, struct overlimit_explanation *out)
{
	memset(out, 0, sizeof *out);
	struct figures f = { .next = 0 };
	out->accuracy_class = class_used(r, class_hint, d, v->judged_kg);
	out->error_bp = out->accuracy_class >= 0 ? r->error_bp[out->accuracy_class] : 0;
	out->steps = v->over_kg > 0 ? overlimit_verdict_mass_steps(r, v->over_kg) : 0;
	overlimit_verdict_mass_penalty(r, v->over_kg, &out->mass_fine_fen);
	out->mass_capped = out->steps * r->fine_per_step_fen > r->mass_max_fen;
	out->size_band = v->over_size ? overlimit_verdict_size_band(r, d->height_mm, d->width_mm, d->length_mm) : -1;
	out->size_fine_fen = out->size_band >= 0 ? r->band[out->size_band].fine_fen : 0;
	out->capped = out->mass_fine_fen + out->size_fine_fen > r->cap_fen;

	explain_limit(out, r, d, v, &f);
	explain_mass(out, d, v, &f);
	explain_mass_fine(out, r, v, &f);
	explain_size(out, r, d, &f);
	explain_sum(out, r, &f);
	explain_decision(out, r, d, v, &f);

	out->cited[RULE_GROSS_LIMIT] = out->cited[RULE_MEASUREMENT_ERROR] = true;
	out->cited[RULE_SINGLE_TIRE] = d->single_tire_axles > 0;
	out->cited[RULE_MASS_FINE] = v->over_kg > 0;
	out->cited[RULE_SIZE_LIMIT] = out->cited[RULE_SIZE_FINE] = v->over_size;
	out->cited[RULE_FINE_CAP] = out->capped;
	out->cited[RULE_TON100] = v->ton100;
}
