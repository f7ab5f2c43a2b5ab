/* The verdict on one detection: limits, measurement error, penalty, fine.
 * Pure functions of the record, the site and the rules in force. */
#include "overlimit.h"
#include "../base/datetime.h"

const char *const penalty_names[] = { "none", "warning", "fine" };

int64_t overlimit_verdict_mass_steps(const struct overlimit_rules *r, int64_t over_kg)
{
	if (over_kg <= r->warning_max_over_kg)
		return 0;
	return r->round_up ? (over_kg + r->step_kg - 1) / r->step_kg : over_kg / r->step_kg;
}

enum penalty overlimit_verdict_mass_penalty(const struct overlimit_rules *r, int64_t over_kg, int64_t *fine_fen)
{
	*fine_fen = 0;
	if (over_kg <= 0)
		return PENALTY_NONE;
	if (over_kg <= r->warning_max_over_kg)
		return PENALTY_WARNING;
	int64_t fen = overlimit_verdict_mass_steps(r, over_kg) * r->fine_per_step_fen;
	*fine_fen = fen < r->mass_max_fen ? fen : r->mass_max_fen;
	return PENALTY_FINE;
}

static bool within(int32_t value, int32_t max)
{
	return max == 0 || value <= max;
}

int overlimit_verdict_size_band(const struct overlimit_rules *r, int32_t height_mm, int32_t width_mm, int32_t length_mm)
{
	if (height_mm <= r->height_mm && width_mm <= r->width_mm && length_mm <= r->length_mm)
		return -1;
	/* The band is the first whose every bound holds; the last is open. */
	for (int i = 0; i < SIZE_BANDS - 1; i++) {
		const struct size_band *b = &r->band[i];
		if (within(height_mm, b->max_height_mm) && within(width_mm, b->max_width_mm) &&
		    within(length_mm, b->max_length_mm))
			return i;
	}
	return SIZE_BANDS - 1;
}

int64_t overlimit_verdict_size_fine(const struct overlimit_rules *r, int32_t height_mm, int32_t width_mm, int32_t length_mm)
{
	int band = overlimit_verdict_size_band(r, height_mm, width_mm, length_mm);
	return band < 0 ? 0 : r->band[band].fine_fen;
}

static int64_t gross_limit(const struct overlimit_rules *r, const struct detection *d)
{
	int axles = d->axles;
	/* A 2-axle vehicle is judged as a truck, 5+ axle trucks by the train rows. */
	enum vehicle_kind kind = axles == 2 ? VEHICLE_TRUCK : axles >= 5 ? VEHICLE_TRAIN : d->kind;
	int64_t limit = r->limit_kg[axles][kind];
	/* Only a train has a tractor whose drive axle can be single. */
	if (d->kind == VEHICLE_TRAIN && d->single_drive && r->single_drive_limit_kg[axles])
		limit = r->single_drive_limit_kg[axles];
	return limit - (int64_t)d->single_tire_axles * r->single_tire_reduction_kg;
}

void overlimit_verdict_judge(const struct overlimit_rules *r, const struct site *s, const struct detection *d, struct verdict *v)
{
	int cls = overlimit_accuracy_class_index(s->accuracy_class);
	int64_t error_bp = cls >= 0 ? r->error_bp[cls] : 0;

	v->limit_kg = gross_limit(r, d);
	v->judged_kg = d->gross_kg * (10000 - error_bp) / 10000; /* floor: both are >= 0 */
	v->over_kg = v->judged_kg > v->limit_kg ? v->judged_kg - v->limit_kg : 0;
	v->over_size = d->height_mm > r->height_mm || d->width_mm > r->width_mm || d->length_mm > r->length_mm;
	v->ton100 = d->gross_kg >= r->ton100_kg;
	v->overlimit = v->over_kg > 0 || v->over_size;

	v->penalty = overlimit_verdict_mass_penalty(r, v->over_kg, &v->mass_fine_fen);
	v->size_fine_fen = v->over_size ? overlimit_verdict_size_fine(r, d->height_mm, d->width_mm, d->length_mm) : 0;
	if (v->over_size)
		v->penalty = PENALTY_FINE;
	int64_t total = v->mass_fine_fen + v->size_fine_fen;
	v->fine_fen = total < r->cap_fen ? total : r->cap_fen;

	int32_t day = local_day(d->passed_at);
	v->inadmissible = 0;
	if (d->plate.n == 0)
		v->inadmissible |= INADMISSIBLE_PLATE;
	if (day < s->cert_valid_from || day > s->cert_valid_to)
		v->inadmissible |= INADMISSIBLE_CERT;
	v->admissible = v->inadmissible == 0;
}
