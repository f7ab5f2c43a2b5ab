/* Time and calendar dates. Instants are Unix seconds (UTC); calendar dates
 * are day numbers (days since 1970-01-01) of the local calendar, which for
 * the agency is Asia/Shanghai, UTC+08:00 all year (no daylight saving). */
#ifndef SUNROAD_DATETIME_H
#define SUNROAD_DATETIME_H

#include "buf.h"

#include <jansson.h>
#include <stdint.h>

#define LOCAL_UTC_OFFSET_S (8 * 3600)

/* Day number of a proleptic Gregorian date (no validation). */
int32_t days_from_civil(int y, int m, int d);
void civil_from_days(int32_t day, int *y, int *m, int *d);

/* Parses "YYYY-MM-DD" (a real date, years 1900..2999) into a day number. */
int date_parse(struct slice s, int32_t *day);
/* Writes "YYYY-MM-DD" and its NUL into out[11]. */
void date_format(int32_t day, char out[11]);

/* A calendar date as every table stores it: the integer YYYYMMDD, which
 * sorts, groups by month as key / 100 and reads the same on every backend. */
int32_t date_key(int32_t day);
/* The day of a stored YYYYMMDD (no validation: keys come from date_key). */
int32_t date_from_key(int32_t key);

/* Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" (a space
 * may stand for the T) into Unix seconds. A time without an offset is an
 * error: it would be a guess. Fractions of a second are truncated. On error
 * *why names the problem (a static string). */
int datetime_parse(struct slice s, int64_t *unix_s, const char **why);

/* The local (UTC+08:00) calendar day of an instant. */
int32_t local_day(int64_t unix_s);
/* Writes "YYYY-MM-DDTHH:MM:SS+08:00" and its NUL into out[26]. */
void datetime_format_local(int64_t unix_s, char out[26]);

/* The same as new JSON strings, as the API answers days and instants
 * (NULL only without memory). */
json_t *date_json(int32_t day);
json_t *datetime_json_local(int64_t unix_s);

#endif
