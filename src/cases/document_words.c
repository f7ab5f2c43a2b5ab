/* The words of days and amounts in a document (document_words.h). */
#include "document_words.h"
#include "base/datetime.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void document_day_words(int32_t day, char out[32])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(out, 32, "%d年%d月%d日", y, m, d);
}

void document_yuan_text(int64_t fen, char out[40])
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

/* One 零 stands for a run of zeros between digits; zeros at the end of a
 * group of four are not written. */
void document_yuan_words(int64_t fen, struct buf *out)
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

void document_count_words(int n, char out[16])
{
	static const char *const d[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	if (n < 0 || n > 99)
		snprintf(out, 16, "%d", n);
	else if (n < 10)
		snprintf(out, 16, "%s", d[n]);
	else
		snprintf(out, 16, "%s十%s", n / 10 == 1 ? "" : d[n / 10], n % 10 ? d[n % 10] : "");
}

void document_instant_words(int64_t unix_s, char out[48])
{
	int64_t local = unix_s + LOCAL_UTC_OFFSET_S;
	int32_t day = (int32_t)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
	int64_t s = local - (int64_t)day * 86400;
	char d[32];
	document_day_words(day, d);
	snprintf(out, 48, "%s%02d时%02d分", d, (int)(s / 3600), (int)(s / 60 % 60));
}
