#include "datetime.h"

#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days algorithms. */
int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		unsigned c = (unsigned char)p[i] - '0';
		if (c > 9)
			return -1;
		v = v * 10 + (int)c;
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dim[m - 1];
}

static int ymd_parse(const char *p, int32_t *day)
{
	if (p[4] != '-' || p[7] != '-')
		return -1;
	int y = digits(p, 4), m = digits(p + 5, 2), d = digits(p + 8, 2);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*day = days_from_civil(y, m, d);
	return 0;
}

int date_parse(struct slice s, int32_t *day)
{
	if (s.n != 10)
		return -1;
	return ymd_parse(s.p, day);
}

static char *put_digits(char *p, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

static char *put_date(char *p, int32_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	return put_digits(p, d, 2);
}

void date_format(int32_t day, char out[11])
{
	*put_date(out, day) = '\0';
}

int datetime_parse(struct slice s, int64_t *unix_s, const char **why)
{
	const char *p = s.p;
	size_t n = s.n;
	int32_t day;
	*why = "not an ISO 8601 date-time like 2023-03-01T08:15:30+08:00";
	if (n < 19 || ymd_parse(p, &day) || (p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':')
		return -1;
	int hh = digits(p + 11, 2), mm = digits(p + 14, 2), ss = digits(p + 17, 2);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return -1;
	size_t i = 19;
	if (i < n && p[i] == '.') {
		size_t start = ++i;
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++;
		if (i == start)
			return -1;
	}
	int offset;
	if (i == n) {
		*why = "date-time has no UTC offset (write it like 2023-03-01T08:15:30+08:00)";
		return -1;
	}
	if (p[i] == 'Z' && i + 1 == n) {
		offset = 0;
	} else if ((p[i] == '+' || p[i] == '-') && i + 6 == n && p[i + 3] == ':') {
		int oh = digits(p + i + 1, 2), om = digits(p + i + 4, 2);
		if (oh < 0 || oh > 14 || om < 0 || om > 59)
			return -1;
		offset = (oh * 60 + om) * 60 * (p[i] == '-' ? -1 : 1);
	} else {
		return -1;
	}
	*unix_s = (int64_t)day * 86400 + hh * 3600 + mm * 60 + ss - offset;
	return 0;
}

int32_t local_day(int64_t unix_s)
{
	int64_t t = unix_s + LOCAL_UTC_OFFSET_S;
	return (int32_t)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
}

void datetime_format_local(int64_t unix_s, char out[26])
{
	int32_t day = local_day(unix_s);
	int64_t sec = unix_s + LOCAL_UTC_OFFSET_S - (int64_t)day * 86400;
	char *p = put_date(out, day);
	*p++ = 'T';
	p = put_digits(p, (int)(sec / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (int)(sec / 60 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (int)(sec % 60), 2);
	memcpy(p, "+08:00", 7);
}

int32_t date_key(int32_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

int32_t date_from_key(int32_t key)
{
	return days_from_civil(key / 10000, key / 100 % 100, key % 100);
}

json_t *date_json(int32_t day)
{
	char text[11];
	date_format(day, text);
	return json_string(text);
}

json_t *datetime_json_local(int64_t unix_s)
{
	char text[26];
	datetime_format_local(unix_s, text);
	return json_string(text);
}
