/* Bench: split a CSV file into fields with sunroad's record reader and with
 * libcsv (Debian's libcsv-dev), counting records and fields, to choose the
 * parser by measurement (STYLE.md). Usage: csv_split FILE */
#include "base/records.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct counts {
	long records, fields, bytes;
};

static void on_field(void *s, size_t n, void *data)
{
	struct counts *c = data;
	(void)s;
	c->fields++;
	c->bytes += (long)n;
}

static void on_record(int terminator, void *data)
{
	(void)terminator;
	((struct counts *)data)->records++;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return fprintf(stderr, "usage: csv_split FILE\n"), 2;
	static const char *const names[] = { "site", "seq", "passed_at", "plate", "plate_color", "kind", "axles",
					     "gross_kg", "axle_kg", "single_drive", "single_tire_axles", "length_mm",
					     "width_mm", "height_mm", "speed_kmh", "lane" };
	struct record_schema schema = { names, 16, 1, 1u << 3 };

	double t0 = now();
	struct record_reader r;
	struct err e = { 0 };
	struct counts ours = { 0 };
	if (record_open(&r, argv[1], &schema, &e))
		return fprintf(stderr, "%s\n", e.msg), 1;
	while (record_next(&r, &e) == 1) {
		ours.records++;
		for (int f = 0; f < 16; f++) {
			if (r.present & (1u << f)) {
				ours.fields++;
				ours.bytes += (long)r.value[f].n;
			}
		}
	}
	record_close(&r);
	double t1 = now();

	struct csv_parser p;
	struct counts lib = { 0 };
	csv_init(&p, CSV_APPEND_NULL);
	FILE *f = fopen(argv[1], "rb");
	static char chunk[1 << 20];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		csv_parse(&p, chunk, n, on_field, on_record, &lib);
	csv_fini(&p, on_field, on_record, &lib);
	csv_free(&p);
	fclose(f);
	double t2 = now();

	printf("csv split: sunroad %.0f records/s (%.3f s), libcsv %.0f records/s (%.3f s), ratio %.2fx\n",
	       ours.records / (t1 - t0), t1 - t0, lib.records / (t2 - t1), t2 - t1, (t2 - t1) / (t1 - t0));
	printf("           same fields: %s (%ld/%ld records, %ld/%ld fields, %ld/%ld bytes; libcsv counts the header)\n",
	       ours.fields + 16 == lib.fields && ours.records + 1 == lib.records ? "yes" : "NO", ours.records,
	       lib.records, ours.fields, lib.fields, ours.bytes, lib.bytes);
	return 0;
}
