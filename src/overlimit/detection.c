/* Detection records: the field schema, validation into struct detection, and
 * the content digest that tells a re-sent record from a changed one. */
#include "overlimit.h"
#include "photos.h"
#include "../base/datetime.h"
#include "../base/photo_store.h"
#include "../base/hash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const detection_field_names[DF_COUNT] = {
	[DF_SITE] = "site",
	[DF_SEQ] = "seq",
	[DF_PASSED_AT] = "passed_at",
	[DF_PLATE] = "plate",
	[DF_PLATE_COLOR] = "plate_color",
	[DF_KIND] = "kind",
	[DF_AXLES] = "axles",
	[DF_GROSS_KG] = "gross_kg",
	[DF_AXLE_KG] = "axle_kg",
	[DF_SINGLE_DRIVE] = "single_drive",
	[DF_SINGLE_TIRE_AXLES] = "single_tire_axles",
	[DF_LENGTH_MM] = "length_mm",
	[DF_WIDTH_MM] = "width_mm",
	[DF_HEIGHT_MM] = "height_mm",
	[DF_SPEED_KMH] = "speed_kmh",
	[DF_LANE] = "lane",
	[DF_PHOTOS] = "photos",
};

const struct record_schema detection_schema = {
	.names = detection_field_names,
	.count = DF_COUNT,
	.required = 1u << DF_SITE | 1u << DF_SEQ | 1u << DF_PASSED_AT | 1u << DF_PLATE | 1u << DF_KIND |
	            1u << DF_AXLES | 1u << DF_GROSS_KG,
	.text = 1u << DF_PLATE,
};

/* Plausibility bounds: a reading outside them is a device fault, not a
 * vehicle, and must not become a verdict. */
enum {
	GROSS_MIN_KG = 500,
	GROSS_MAX_KG = 300000,
	AXLE_MAX_KG = 80000,
	LENGTH_MAX_MM = 50000,
	WIDTH_MAX_MM = 6000,
	HEIGHT_MAX_MM = 8000,
	SIZE_MIN_MM = 500,
	LANE_MAX = 16,
	PHOTOS_MAX = 16,
};

static const char *const plate_colors[] = { "yellow", "blue", "green", "yellow-green", "white", "black" };
static const char *const plate_colors_zh[] = { "黄", "蓝", "绿", "黄绿", "白", "黑" };

const char *overlimit_plate_color_zh(const char *color)
{
	for (size_t i = 0; i < sizeof plate_colors / sizeof plate_colors[0]; i++)
		if (strcmp(color, plate_colors[i]) == 0)
			return plate_colors_zh[i];
	return "";
}

static __attribute__((noinline)) int int_field_error(const struct slice v[], int f, int64_t min, int64_t max,
                                                     struct err *e)
{
	struct slice s = slice_trim(v[f]);
	int64_t n = 0;
	if (slice_to_int(s, &n))
		return err_set(e, ERR_INVALID, "%s '%.*s' is not a whole number", detection_field_names[f],
		               (int)(s.n > 24 ? 24 : s.n), s.p);
	return err_set(e, ERR_INVALID, "%s %lld is outside %lld..%lld", detection_field_names[f], (long long)n,
	               (long long)min, (long long)max);
}

/* Hot: one call per numeric field, so the messages live out of line. */
static inline int int_field(const struct slice v[], int f, int64_t min, int64_t max, int64_t *out, struct err *e)
{
	if (slice_to_int(slice_trim(v[f]), out) || *out < min || *out > max)
		return int_field_error(v, f, min, max, e);
	return 0;
}

/* An optional size: absent or empty is 0 (not measured). */
static int size_field(const struct slice v[], uint32_t present, int f, int32_t max, int32_t *out, struct err *e)
{
	*out = 0;
	if (!(present & (1u << f)) || slice_trim(v[f]).n == 0)
		return 0;
	int64_t mm = 0;
	int rc = int_field(v, f, SIZE_MIN_MM, max, &mm, e);
	*out = (int32_t)mm;
	return rc;
}

static inline bool given(const struct slice v[], uint32_t present, int f)
{
	return (present & (1u << f)) && slice_trim(v[f]).n > 0;
}

static int parse_axle_kg(struct slice s, struct detection *d, struct err *e)
{
	d->axle_count = 0;
	size_t i = 0;
	for (;;) {
		size_t end = i;
		while (end < s.n && s.p[end] != ';')
			end++;
		struct slice item = slice_trim((struct slice){ s.p + i, end - i });
		int64_t kg;
		if (d->axle_count == MAX_AXLES)
			return err_set(e, ERR_INVALID, "axle_kg has more than %d values", MAX_AXLES);
		if (slice_to_int(item, &kg) || kg < 1 || kg > AXLE_MAX_KG)
			return err_set(e, ERR_INVALID, "axle_kg value %d '%.*s' is not a mass in 1..%d kg",
			               d->axle_count + 1, (int)(item.n > 16 ? 16 : item.n), item.p, AXLE_MAX_KG);
		d->axle_kg[d->axle_count++] = (int32_t)kg;
		if (end == s.n)
			break;
		i = end + 1;
	}
	if (d->axle_count != d->axles)
		return err_set(e, ERR_INVALID, "axle_kg has %d values but axles is %d", d->axle_count, d->axles);
	return 0;
}

static int parse_photos(struct slice s, struct err *e)
{
	int count = 0;
	struct slice kind, ref;
	while (overlimit_photo_item(&s, &kind, &ref)) {
		if (++count > PHOTOS_MAX)
			return err_set(e, ERR_INVALID, "photos has more than %d items", PHOTOS_MAX);
		if (kind.n && !overlimit_photo_kind_known(kind))
			return err_set(e, ERR_INVALID, "photos item %d: kind '%.*s' is not %s", count,
			               (int)(kind.n > 16 ? 16 : kind.n), kind.p, OVERLIMIT_PHOTO_KINDS);
		if (!photo_hash_valid(ref))
			return err_set(e, ERR_INVALID, "photos item %d is not a 64-digit sha256%s", count,
			               kind.n ? "" : " (or kind:sha256)");
	}
	return 0;
}

/* A plain decimal "62.5" (at most 6 decimals), without strtod's cost;
 * JSON numbers in exponent form go through strtod. */
static int parse_speed(struct slice s, double *out)
{
	int64_t whole = 0, frac = 0, scale = 1;
	size_t i = 0;
	while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9' && i < 6)
		whole = whole * 10 + (s.p[i++] - '0');
	if (i < s.n && s.p[i] == '.') {
		size_t start = ++i;
		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9' && i - start < 6) {
			frac = frac * 10 + (s.p[i++] - '0');
			scale *= 10;
		}
		if (i == start)
			return -1;
	}
	if (i == s.n && i > 0) {
		*out = (double)whole + (double)frac / (double)scale;
	} else {
		char tmp[32], *end;
		if (s.n == 0 || s.n >= sizeof tmp)
			return -1;
		memcpy(tmp, s.p, s.n);
		tmp[s.n] = '\0';
		*out = strtod(tmp, &end);
		if (*end || !isfinite(*out))
			return -1;
	}
	return *out < 0 || *out > 250 ? -1 : 0;
}

static bool site_code_valid(struct slice s)
{
	if (s.n == 0 || s.n > 16)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
		      c == '_'))
			return false;
	}
	return true;
}

int overlimit_detection_parse(const struct slice v[], uint32_t present, struct detection *d, struct err *e)
{
	int64_t n = 0;
	int rc;
	memset(d, 0, sizeof *d);

	uint32_t missing = detection_schema.required & ~present;
	if (missing)
		return err_set(e, ERR_INVALID, "%s is missing", detection_field_names[__builtin_ctz(missing)]);

	d->site = slice_trim(v[DF_SITE]);
	if (!site_code_valid(d->site))
		return err_set(e, ERR_INVALID, "site '%.*s' is not a site code (1-16 letters, digits, - or _)",
		               (int)(d->site.n > 20 ? 20 : d->site.n), d->site.p);
	if ((rc = int_field(v, DF_SEQ, 0, SEQ_MAX, &d->seq, e)))
		return rc;

	const char *why;
	struct slice when = slice_trim(v[DF_PASSED_AT]);
	if (datetime_parse(when, &d->passed_at, &why))
		return err_set(e, ERR_INVALID, "passed_at '%.*s': %s", (int)(when.n > 40 ? 40 : when.n), when.p, why);

	d->plate = slice_trim(v[DF_PLATE]);
	if (d->plate.n > 32)
		return err_set(e, ERR_INVALID, "plate is longer than 32 bytes");
	for (size_t i = 0; i < d->plate.n; i++)
		if ((unsigned char)d->plate.p[i] < 0x20)
			return err_set(e, ERR_INVALID, "plate holds a control character");

	if (present & (1u << DF_PLATE_COLOR)) {
		d->plate_color = slice_trim(v[DF_PLATE_COLOR]);
		bool ok = d->plate_color.n == 0;
		for (size_t i = 0; i < sizeof plate_colors / sizeof plate_colors[0] && !ok; i++)
			ok = slice_eq(d->plate_color, plate_colors[i]);
		if (!ok)
			return err_set(
			    e, ERR_INVALID,
			    "plate_color '%.*s' is not one of yellow, blue, green, yellow-green, white, black",
			    (int)(d->plate_color.n > 20 ? 20 : d->plate_color.n), d->plate_color.p);
	}

	struct slice kind = slice_trim(v[DF_KIND]);
	if (slice_eq(kind, "truck"))
		d->kind = VEHICLE_TRUCK;
	else if (slice_eq(kind, "train"))
		d->kind = VEHICLE_TRAIN;
	else
		return err_set(e, ERR_INVALID, "kind '%.*s' is not truck or train", (int)(kind.n > 20 ? 20 : kind.n),
		               kind.p);

	if ((rc = int_field(v, DF_AXLES, 2, MAX_AXLES, &n, e)))
		return rc;
	d->axles = (int)n;
	if ((rc = int_field(v, DF_GROSS_KG, GROSS_MIN_KG, GROSS_MAX_KG, &d->gross_kg, e)))
		return rc;
	if (given(v, present, DF_AXLE_KG) && (rc = parse_axle_kg(slice_trim(v[DF_AXLE_KG]), d, e)))
		return rc;
	if (given(v, present, DF_SINGLE_DRIVE)) {
		if ((rc = int_field(v, DF_SINGLE_DRIVE, 0, 1, &n, e)))
			return rc;
		d->single_drive = n == 1;
	}
	if (given(v, present, DF_SINGLE_TIRE_AXLES)) {
		/* At least one axle drives: it is never counted here. */
		if ((rc = int_field(v, DF_SINGLE_TIRE_AXLES, 0, d->axles - 1, &n, e)))
			return rc;
		d->single_tire_axles = (int)n;
	}
	if ((rc = size_field(v, present, DF_LENGTH_MM, LENGTH_MAX_MM, &d->length_mm, e)) ||
	    (rc = size_field(v, present, DF_WIDTH_MM, WIDTH_MAX_MM, &d->width_mm, e)) ||
	    (rc = size_field(v, present, DF_HEIGHT_MM, HEIGHT_MAX_MM, &d->height_mm, e)))
		return rc;
	if (given(v, present, DF_SPEED_KMH)) {
		struct slice s = slice_trim(v[DF_SPEED_KMH]);
		if (parse_speed(s, &d->speed_kmh))
			return err_set(e, ERR_INVALID, "speed_kmh '%.*s' is not a speed in 0..250 km/h",
			               (int)(s.n > 24 ? 24 : s.n), s.p);
		d->has_speed = true;
	}
	if (given(v, present, DF_LANE)) {
		if ((rc = int_field(v, DF_LANE, 1, LANE_MAX, &n, e)))
			return rc;
		d->lane = (int)n;
	}
	if (given(v, present, DF_PHOTOS)) {
		d->photos = slice_trim(v[DF_PHOTOS]);
		if ((rc = parse_photos(d->photos, e)))
			return rc;
	}
	return 0;
}

static uint64_t hash_slice(uint64_t h, struct slice s)
{
	return hash_bytes(h, s.p, s.n);
}

uint64_t overlimit_detection_digest(const struct detection *d)
{
	uint64_t h = HASH_SEED;
	h = hash_slice(h, d->site);
	h = hash_int(h, d->seq);
	h = hash_int(h, d->passed_at);
	h = hash_slice(h, d->plate);
	h = hash_slice(h, d->plate_color);
	h = hash_int(h, d->kind);
	h = hash_int(h, d->axles);
	h = hash_int(h, d->gross_kg);
	h = hash_int(h, d->axle_count);
	for (int i = 0; i < d->axle_count; i++)
		h = hash_int(h, d->axle_kg[i]);
	h = hash_int(h, d->single_drive);
	h = hash_int(h, d->single_tire_axles);
	h = hash_int(h, d->length_mm);
	h = hash_int(h, d->width_mm);
	h = hash_int(h, d->height_mm);
	h = hash_int(h, d->has_speed ? (int64_t)llround(d->speed_kmh * 1000) : -1);
	h = hash_int(h, d->lane);
	h = hash_slice(h, d->photos);
	return h;
}
