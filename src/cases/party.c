/* Parties: identity numbers, plates and phones checked, and masked for
 * lists. Pure (party.h). */
#include "party.h"
#include "base/datetime.h"

#include <stdbool.h>
#include <string.h>

/* ---- characters ------------------------------------------------------ */

/* The length in bytes of the UTF-8 character at p (n bytes left, n > 0):
 * 1 for ASCII and for a byte that does not start a well-formed character,
 * so that any text is walked to its end. */
static size_t char_len(const char *p, size_t n)
{
	unsigned char c = (unsigned char)p[0];
	size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
	if (k > n)
		return 1;
	for (size_t i = 1; i < k; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			return 1;
	return k;
}

static size_t char_count(struct slice s)
{
	size_t count = 0;
	for (size_t i = 0; i < s.n; i += char_len(s.p + i, s.n - i))
		count++;
	return count;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* One ASCII character as a reason's argument. */
static void char_text(char c, char out[2])
{
	out[0] = c;
	out[1] = '\0';
}

/* The reason for a wrong check character: what it should be and what it is. */
static int wrong_check(struct err *e, const char *reason, char want, char got, const char *what)
{
	char expected[2], given[2];
	char_text(want, expected);
	char_text(got, given);
	return err_reason(e, ERR_INVALID, reason, ERR_ARGS(ERR_TEXT("expected", expected), ERR_TEXT("got", given)),
	                  "the check character of %s is %c but should be %c: a character is wrong", what, got, want);
}

/* Trims *s and checks it holds 18 characters, each one byte. */
static int length_18(struct slice *s, const char *reason, const char *what, struct err *e)
{
	*s = slice_trim(*s);
	size_t count = char_count(*s);
	if (s->n != 18 || count != 18)
		return err_reason(e, ERR_INVALID, reason, ERR_ARGS(ERR_INT("length", count)),
		                  "%s has 18 characters, this one %zu", what, count);
	return 0;
}

/* ---- resident ID ----------------------------------------------------- */

char party_resident_id_check_char(const char *digits)
{
	static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!is_digit(digits[i]))
			return 0;
		sum += (digits[i] - '0') * weights[i];
	}
	return "10X98765432"[sum % 11];
}

/* The number of days of month m of year y. */
static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

int party_resident_id_check(struct slice id, int32_t today, char normal[PARTY_ID_SIZE], int32_t *birth, struct err *e)
{
	if (length_18(&id, "id_length", "a resident ID number", e))
		return ERR_INVALID;
	char n[PARTY_ID_SIZE];
	for (int i = 0; i < 18; i++) {
		n[i] = i == 17 ? upper(id.p[i]) : id.p[i];
		if (!is_digit(n[i]) && !(i == 17 && n[i] == 'X'))
			return err_reason(e, ERR_INVALID, "id_chars", ERR_ARGS(ERR_INT("position", i + 1)),
			                  "character %d of a resident ID number must be a digit%s", i + 1,
			                  i == 17 ? " or X" : "");
	}
	n[18] = '\0';
	if (memcmp(n, "000000", 6) == 0)
		return err_reason(e, ERR_INVALID, "id_region", ERR_ARGS(ERR_TEXT("region", "000000")),
		                  "the region code of a resident ID number (its first 6 digits) cannot be 000000");
	char date[9];
	memcpy(date, n + 6, 8);
	date[8] = '\0';
	int y = (n[6] - '0') * 1000 + (n[7] - '0') * 100 + (n[8] - '0') * 10 + (n[9] - '0');
	int m = (n[10] - '0') * 10 + (n[11] - '0');
	int d = (n[12] - '0') * 10 + (n[13] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return err_reason(e, ERR_INVALID, "id_birth_date", ERR_ARGS(ERR_TEXT("birth", date)),
		                  "digits 7-14 of a resident ID number (%s) must be a birth date from 19000101", date);
	int32_t day = days_from_civil(y, m, d);
	if (day > today)
		return err_reason(e, ERR_INVALID, "id_birth_future", ERR_ARGS(ERR_TEXT("birth", date)),
		                  "the birth date in a resident ID number (%s) is after today", date);
	char want = party_resident_id_check_char(n);
	if (want != n[17])
		return wrong_check(e, "id_check_digit", want, n[17], "a resident ID number");
	if (normal)
		memcpy(normal, n, PARTY_ID_SIZE);
	if (birth)
		*birth = day;
	return 0;
}

/* ---- unified social credit code -------------------------------------- */

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The value of c in the credit code alphabet, -1 when it is not there. */
static int credit_value(char c)
{
	const char *at = c ? strchr(credit_alphabet, c) : NULL;
	return at ? (int)(at - credit_alphabet) : -1;
}

char party_credit_code_check_char(const char *code)
{
	static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = credit_value(code[i]);
		if (v < 0)
			return 0;
		sum += v * weights[i];
	}
	return credit_alphabet[(31 - sum % 31) % 31];
}

char party_org_code_check_char(const char *body)
{
	static const int weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = body[i];
		int v = is_digit(c) ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
		if (v < 0)
			return 0;
		sum += v * weights[i];
	}
	int check = 11 - sum % 11;
	return check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
}

int party_credit_code_check(struct slice code, char normal[PARTY_ID_SIZE], struct err *e)
{
	if (length_18(&code, "uscc_length", "a unified social credit code", e))
		return ERR_INVALID;
	char n[PARTY_ID_SIZE];
	for (int i = 0; i < 18; i++) {
		n[i] = upper(code.p[i]);
		if (credit_value(n[i]) < 0)
			return err_reason(e, ERR_INVALID, "uscc_chars", ERR_ARGS(ERR_INT("position", i + 1)),
			                  "character %d of a unified social credit code must be a digit or a capital "
			                  "letter other than I, O, S, V and Z",
			                  i + 1);
	}
	n[18] = '\0';
	char org = party_org_code_check_char(n + 8);
	if (org != n[16])
		return wrong_check(e, "uscc_org_code", org, n[16],
		                   "the organisation code in a unified social credit code");
	char want = party_credit_code_check_char(n);
	if (want != n[17])
		return wrong_check(e, "uscc_check_digit", want, n[17], "a unified social credit code");
	if (normal)
		memcpy(normal, n, PARTY_ID_SIZE);
	return 0;
}

/* ---- plates ---------------------------------------------------------- */

/* The provinces' characters, each 3 bytes of UTF-8. */
static const char provinces[] = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
/* The last characters of special plates with a 4-character serial. */
static const char suffixes[] = "挂学警港澳领试超";

/* Whether the 3-byte character at p is one of list's. */
static bool in_list(const char *list, const char *p)
{
	for (const char *q = list; *q; q += 3)
		if (memcmp(q, p, 3) == 0)
			return true;
	return false;
}

static bool plate_letter(char c)
{
	return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O';
}

int party_plate_check(struct slice plate, char normal[PARTY_PLATE_SIZE], struct err *e)
{
	plate = slice_trim(plate);
	size_t count = char_count(plate);
	if (count < 7 || count > 8 || plate.n > PARTY_PLATE_SIZE - 1)
		return err_reason(e, ERR_INVALID, "plate_length", ERR_ARGS(ERR_INT("length", count)),
		                  "a plate has 7 or 8 characters (蒙K12345, 蒙K12345D), this one %zu", count);
	char province[8] = "";
	size_t first = char_len(plate.p, plate.n);
	memcpy(province, plate.p, first);
	if (first != 3 || !in_list(provinces, plate.p))
		return err_reason(e, ERR_INVALID, "plate_province", ERR_ARGS(ERR_TEXT("province", province)),
		                  "a plate starts with a province's character (蒙, 陕, 晋...), not '%s'", province);
	char n[PARTY_PLATE_SIZE];
	memcpy(n, plate.p, 3);
	size_t len = 3;
	char authority = upper(plate.p[3]);
	if (!plate_letter(authority)) {
		char text[8] = "";
		memcpy(text, plate.p + 3, char_len(plate.p + 3, plate.n - 3));
		return err_reason(e, ERR_INVALID, "plate_authority", ERR_ARGS(ERR_TEXT("authority", text)),
		                  "the second character of a plate is a capital letter other than I and O, not '%s'",
		                  text);
	}
	n[len++] = authority;
	/* The serial: ASCII letters and digits, and perhaps one suffix character. */
	size_t at = 4, position = 3;
	size_t serial = 0;
	bool suffix = false;
	while (at < plate.n) {
		size_t k = char_len(plate.p + at, plate.n - at);
		char c = upper(plate.p[at]);
		if (k == 3 && at + 3 == plate.n && in_list(suffixes, plate.p + at)) {
			memcpy(n + len, plate.p + at, 3);
			len += 3;
			suffix = true;
		} else if (k == 1 && (plate_letter(c) || is_digit(c))) {
			n[len++] = c;
			serial++;
		} else {
			return err_reason(e, ERR_INVALID, "plate_chars", ERR_ARGS(ERR_INT("position", position)),
			                  "character %zu of a plate must be a digit or a capital letter other than I "
			                  "and O",
			                  position);
		}
		at += k;
		position++;
	}
	n[len] = '\0';
	if (suffix ? serial != 4 : serial != 5 && serial != 6)
		return err_reason(e, ERR_INVALID, "plate_length", ERR_ARGS(ERR_INT("length", count)),
		                  "a plate has 5 letters or digits after its first two characters (6 for a new-energy "
		                  "vehicle, 4 before 挂, 学, 警...)");
	if (serial == 6 && !suffix) {
		const char *s = n + 4;
		if (s[0] != 'D' && s[0] != 'F' && s[5] != 'D' && s[5] != 'F')
			return err_reason(e, ERR_INVALID, "plate_new_energy", ERR_ARGS(ERR_TEXT("serial", s)),
			                  "a new-energy plate's 6 characters %s start or end with D or F", s);
	}
	if (normal)
		memcpy(normal, n, len + 1);
	return 0;
}

/* ---- phones ---------------------------------------------------------- */

static size_t digits_at(struct slice s, size_t from)
{
	size_t k = 0;
	while (from + k < s.n && is_digit(s.p[from + k]))
		k++;
	return k;
}

int party_phone_check(struct slice phone, char normal[PARTY_PHONE_SIZE], struct err *e)
{
	phone = slice_trim(phone);
	const char *p = phone.p;
	size_t head = digits_at(phone, 0), area = 0, local = 0;
	bool ok = false;
	if (head == phone.n && phone.n == 11 && p[0] == '1') {
		ok = p[1] >= '3';
	} else if (head >= 3 && p[0] == '0' && p[1] != '0') {
		/* 010 and 02x are the 3-digit area codes, the others have 4. */
		area = p[1] == '1' || p[1] == '2' ? 3 : 4;
		if (head == phone.n)
			local = phone.n - area;
		else if (head == area && p[head] == '-' && digits_at(phone, head + 1) == phone.n - head - 1)
			local = phone.n - head - 1;
		ok = local >= 7 && local <= 8 && p[phone.n - local] != '0';
	}
	if (!ok)
		return err_reason(e, ERR_INVALID, "phone_format", ERR_NO_ARGS,
		                  "a phone number is a mobile of 11 digits (13912345678) or a landline with its area "
		                  "code (0471-1234567)");
	if (normal) {
		memcpy(normal, p, phone.n);
		normal[phone.n] = '\0';
	}
	return 0;
}

/* ---- masking --------------------------------------------------------- */

/* Keeps the first `first` and last `last` characters of in and writes a
 * '*' for each between; all '*' when nothing would be hidden. A byte that
 * is not UTF-8 is always hidden, so that the mask is UTF-8. */
static size_t mask_middle(struct slice in, size_t first, size_t last, char *out)
{
	in = slice_trim(in);
	size_t count = char_count(in), len = 0, i = 0;
	bool whole = count <= first + last;
	for (size_t c = 0; i < in.n; c++) {
		size_t k = char_len(in.p + i, in.n - i);
		bool invalid = k == 1 && (unsigned char)in.p[i] >= 0x80;
		if (!whole && !invalid && (c < first || c >= count - last)) {
			memcpy(out + len, in.p + i, k);
			len += k;
		} else {
			out[len++] = '*';
		}
		i += k;
	}
	out[len] = '\0';
	return len;
}

size_t party_mask_resident_id(struct slice in, char *out)
{
	return mask_middle(in, 6, 4, out);
}

size_t party_mask_credit_code(struct slice in, char *out)
{
	return mask_middle(in, 8, 2, out);
}

size_t party_mask_phone(struct slice in, char *out)
{
	struct slice s = slice_trim(in);
	/* "0471-1234567": the separator is no digit to hide, and is left out. */
	char digits[PARTY_PHONE_SIZE];
	size_t n = 0;
	for (size_t i = 0; i < s.n && s.n < sizeof digits; i++)
		if (s.p[i] != '-')
			digits[n++] = s.p[i];
	return n && n < s.n ? mask_middle((struct slice){ digits, n }, 3, 4, out) : mask_middle(s, 3, 4, out);
}

size_t party_mask_name(struct slice in, char *out)
{
	return mask_middle(in, 1, 0, out);
}
