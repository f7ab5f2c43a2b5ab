/* Parties: resident IDs (GB 11643) and credit codes (GB 32100, GB 11714)
 * at every check's edge, plates, phones, and the masks of lists and public
 * output on ordinary, short and odd inputs. Valid numbers are computed
 * here from the published samples, never typed from memory. */
#include "base/datetime.h"
#include "cases/party.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The tests' "today". */
static int32_t today(void)
{
	return days_from_civil(2026, 12, 2);
}

/* 17 digits and the check character they call for, in out[19]. */
static const char *with_check(const char *digits17, char out[PARTY_ID_SIZE])
{
	assert_int_equal(strlen(digits17), 17);
	memcpy(out, digits17, 17);
	out[17] = party_resident_id_check_char(digits17);
	assert_true(out[17] != 0);
	out[18] = '\0';
	return out;
}

/* Checks id and returns the reason (NULL when it is valid). */
static const char *id_reason(const char *id, struct err *e)
{
	*e = (struct err){ 0 };
	if (party_resident_id_check(slice_from(id), today(), NULL, NULL, e) == 0)
		return NULL;
	assert_int_equal(e->code, ERR_INVALID);
	assert_non_null(e->reason);
	return e->reason;
}

static void test_id_sample(void **state)
{
	(void)state;
	/* The public sample of GB 11643 and its check character. */
	assert_int_equal(party_resident_id_check_char("11010519491231002"), 'X');
	struct err e = { 0 };
	char normal[PARTY_ID_SIZE];
	int32_t birth = 0;
	assert_int_equal(party_resident_id_check(slice_from("11010519491231002X"), today(), normal, &birth, &e), 0);
	assert_string_equal(normal, "11010519491231002X");
	assert_int_equal(birth, days_from_civil(1949, 12, 31));
	/* A lowercase x is taken for X; blanks around are cut. */
	assert_int_equal(party_resident_id_check(slice_from(" 11010519491231002x\t"), today(), normal, NULL, &e), 0);
	assert_string_equal(normal, "11010519491231002X");
	assert_int_equal(party_resident_id_check_char("1101051949123100A"), 0);
}

static void test_id_check_digit(void **state)
{
	(void)state;
	struct err e;
	char id[PARTY_ID_SIZE];
	/* A check character one off either way. */
	assert_string_equal(id_reason("110105194912310029", &e), "id_check_digit");
	assert_non_null(strstr(e.args, "\"expected\":\"X\""));
	assert_non_null(strstr(e.args, "\"got\":\"9\""));
	with_check("15010219800101123", id);
	assert_null(id_reason(id, &e));
	char last = id[17];
	id[17] = last == 'X' ? '0' : last == '9' ? 'X' : (char)(last + 1);
	assert_string_equal(id_reason(id, &e), "id_check_digit");
	id[17] = last == 'X' ? '9' : last == '0' ? '1' : (char)(last - 1);
	assert_string_equal(id_reason(id, &e), "id_check_digit");
	/* A body digit one off (the check no longer matches). */
	id[17] = last;
	id[16] = id[16] == '9' ? '8' : (char)(id[16] + 1);
	assert_string_equal(id_reason(id, &e), "id_check_digit");
}

static void test_id_length_and_chars(void **state)
{
	(void)state;
	struct err e;
	assert_string_equal(id_reason("", &e), "id_length");
	assert_string_equal(id_reason("11010519491231002", &e), "id_length");
	assert_non_null(strstr(e.args, "\"length\":17"));
	assert_string_equal(id_reason("11010519491231002X1", &e), "id_length");
	/* 18 characters but more bytes. */
	assert_string_equal(id_reason("1101051949123100二", &e), "id_length");
	assert_string_equal(id_reason("1101A519491231002X", &e), "id_chars");
	assert_non_null(strstr(e.args, "\"position\":5"));
	assert_string_equal(id_reason("11010519491231002Y", &e), "id_chars");
	assert_non_null(strstr(e.args, "\"position\":18"));
	assert_string_equal(id_reason("X10105194912310021", &e), "id_chars");
	/* An old 15-digit number is not accepted. */
	assert_string_equal(id_reason("130503670401001", &e), "id_length");
}

static void test_id_region(void **state)
{
	(void)state;
	struct err e;
	char id[PARTY_ID_SIZE];
	assert_string_equal(id_reason(with_check("00000019800101123", id), &e), "id_region");
	assert_null(id_reason(with_check("00000119800101123", id), &e));
}

static void test_id_birth_date(void **state)
{
	(void)state;
	struct err e;
	char id[PARTY_ID_SIZE];
	/* Every date with a right check character, so that only the date can fail. */
	static const struct {
		const char *birth;
		const char *reason; /* NULL: valid */
	} cases[] = {
		{ "19000101", NULL },
		{ "18991231", "id_birth_date" },
		{ "20230229", "id_birth_date" },
		{ "19000229", "id_birth_date" },
		{ "20000229", NULL },
		{ "20240229", NULL },
		{ "19801301", "id_birth_date" },
		{ "19800001", "id_birth_date" },
		{ "19800100", "id_birth_date" },
		{ "19800431", "id_birth_date" },
		{ "19800430", NULL },
		{ "19801231", NULL },
		{ "20261202", NULL },
		{ "20261203", "id_birth_future" },
		{ "20270101", "id_birth_future" },
		{ "99991231", "id_birth_future" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char digits[18];
		snprintf(digits, sizeof digits, "150102%s123", cases[i].birth);
		const char *got = id_reason(with_check(digits, id), &e);
		if (cases[i].reason == NULL ? got != NULL : got == NULL || strcmp(got, cases[i].reason) != 0)
			fail_msg("birth %s: got %s, want %s (%s)", cases[i].birth, got ? got : "valid",
			         cases[i].reason ? cases[i].reason : "valid", e.msg);
	}
	assert_string_equal(id_reason(with_check("15010220230229123", id), &e), "id_birth_date");
	assert_non_null(strstr(e.args, "\"birth\":\"20230229\""));
	/* Born today is valid on the day; the day before it is not yet. */
	with_check("15010220261202123", id);
	assert_int_equal(party_resident_id_check(slice_from(id), today() - 1, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.reason, "id_birth_future");
}

/* Checks a credit code and returns the reason (NULL when it is valid). */
static const char *code_reason(const char *code, struct err *e)
{
	*e = (struct err){ 0 };
	if (party_credit_code_check(slice_from(code), NULL, e) == 0)
		return NULL;
	assert_int_equal(e->code, ERR_INVALID);
	return e->reason;
}

/* A credit code from its first 8 characters and an organisation code body
 * of 8: the GB 11714 check, then the GB 32100 check. */
static const char *make_code(const char *head8, const char *org8, char out[PARTY_ID_SIZE])
{
	snprintf(out, PARTY_ID_SIZE, "%s%s", head8, org8);
	out[16] = party_org_code_check_char(org8);
	out[17] = party_credit_code_check_char(out);
	out[18] = '\0';
	return out;
}

static void test_credit_code(void **state)
{
	(void)state;
	struct err e;
	char normal[PARTY_ID_SIZE], code[PARTY_ID_SIZE];
	/* The commonly cited example: both its checks computed here. */
	assert_int_equal(party_org_code_check_char("M000100Y"), '4');
	assert_int_equal(party_credit_code_check_char("91350100M000100Y4"), '3');
	assert_null(code_reason("91350100M000100Y43", &e));
	assert_int_equal(party_credit_code_check(slice_from(" 91350100m000100y43 "), normal, &e), 0);
	assert_string_equal(normal, "91350100M000100Y43");
	/* GB 11714: check 10 is X, 11 is 0. */
	assert_string_equal(make_code("91150602", "MA0N1234", code), code);
	assert_null(code_reason(code, &e));
	assert_int_equal(party_org_code_check_char("00000000"), '0');
	char org[9] = "0000000";
	for (char c = '0'; c <= '9'; c++) {
		org[7] = c; /* weight 2: sums 0, 2, ..., 18 give checks 0, 9, ..., X */
		char check = party_org_code_check_char(org);
		int sum = (c - '0') * 2, want = 11 - sum % 11;
		assert_int_equal(check, want == 10 ? 'X' : want == 11 ? '0' : '0' + want);
	}
	assert_int_equal(party_org_code_check_char("0000000a"), 0);

	/* The check character one step off in the alphabet either way. */
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	const char *at = strchr(alphabet, '3');
	char wrong[PARTY_ID_SIZE];
	memcpy(wrong, "91350100M000100Y43", PARTY_ID_SIZE);
	wrong[17] = at[1];
	assert_string_equal(code_reason(wrong, &e), "uscc_check_digit");
	assert_non_null(strstr(e.args, "\"expected\":\"3\""));
	wrong[17] = at[-1];
	assert_string_equal(code_reason(wrong, &e), "uscc_check_digit");
	/* The organisation code's check one off: refused for it first. */
	memcpy(wrong, "91350100M000100Y53", PARTY_ID_SIZE);
	assert_string_equal(code_reason(wrong, &e), "uscc_org_code");
	assert_non_null(strstr(e.args, "\"expected\":\"4\""));

	/* Letters outside the alphabet, anywhere. */
	static const char banned[] = "IOZSV";
	for (const char *b = banned; *b; b++) {
		memcpy(wrong, "91350100M000100Y43", PARTY_ID_SIZE);
		wrong[9] = *b;
		assert_string_equal(code_reason(wrong, &e), "uscc_chars");
		assert_non_null(strstr(e.args, "\"position\":10"));
	}
	assert_string_equal(code_reason("91350100M000100Y4-", &e), "uscc_chars");
	assert_string_equal(code_reason("91350100M000100Y4", &e), "uscc_length");
	assert_string_equal(code_reason("91350100M000100Y433", &e), "uscc_length");
	assert_string_equal(code_reason("", &e), "uscc_length");
	/* A resident ID is no credit code. */
	assert_non_null(code_reason("11010519491231002X", &e));
	assert_int_equal(party_credit_code_check_char("91350100M000100I4"), 0);
}

/* Checks a plate; returns the reason (NULL when valid) and the normal form. */
static const char *plate_reason(const char *plate, char normal[PARTY_PLATE_SIZE], struct err *e)
{
	*e = (struct err){ 0 };
	normal[0] = '\0';
	if (party_plate_check(slice_from(plate), normal, e) == 0)
		return NULL;
	assert_int_equal(e->code, ERR_INVALID);
	return e->reason;
}

static void test_plate(void **state)
{
	(void)state;
	struct err e;
	char n[PARTY_PLATE_SIZE];
	static const struct {
		const char *plate, *normal, *reason;
	} cases[] = {
		{ "蒙K12345", "蒙K12345", NULL },
		{ " 蒙k1a2b3 ", "蒙K1A2B3", NULL },
		{ "陕KA1234", "陕KA1234", NULL },
		{ "蒙K12345D", "蒙K12345D", NULL }, /* a large new-energy vehicle */
		{ "蒙KD12345", "蒙KD12345", NULL }, /* a small one */
		{ "京AF1234X", "京AF1234X", NULL },
		{ "蒙K1234挂", "蒙K1234挂", NULL },
		{ "晋H0123学", "晋H0123学", NULL },
		{ "粤Z1234港", "粤Z1234港", NULL },
		{ "蒙K123456", NULL, "plate_new_energy" },
		{ "蒙K1234", NULL, "plate_length" },
		{ "蒙K1234567", NULL, "plate_length" },
		{ "蒙K12345挂", NULL, "plate_length" },
		{ "蒙K123挂", NULL, "plate_length" },
		{ "", NULL, "plate_length" },
		{ "AK123456", NULL, "plate_province" },
		{ "中K12345", NULL, "plate_province" },
		{ "使123456", NULL, "plate_province" },
		{ "蒙I12345", NULL, "plate_authority" },
		{ "蒙O12345", NULL, "plate_authority" },
		{ "蒙112345", NULL, "plate_authority" },
		{ "蒙K12O45", NULL, "plate_chars" },
		{ "蒙K12I45", NULL, "plate_chars" },
		{ "蒙K12-45", NULL, "plate_chars" },
		{ "蒙K12挂45", NULL, "plate_chars" },
		{ "蒙K1234警1", NULL, "plate_chars" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = plate_reason(cases[i].plate, n, &e);
		if (cases[i].reason == NULL ? got != NULL : got == NULL || strcmp(got, cases[i].reason) != 0)
			fail_msg("plate '%s': got %s, want %s (%s)", cases[i].plate, got ? got : "valid",
			         cases[i].reason ? cases[i].reason : "valid", e.msg);
		if (cases[i].normal)
			assert_string_equal(n, cases[i].normal);
	}
	assert_string_equal(plate_reason("蒙K12O45", n, &e), "plate_chars");
	assert_non_null(strstr(e.args, "\"position\":5"));
	assert_string_equal(plate_reason("XK12345", n, &e), "plate_province");
	assert_non_null(strstr(e.args, "\"province\":\"X\""));
}

static void test_phone(void **state)
{
	(void)state;
	static const struct {
		const char *phone;
		bool valid;
	} cases[] = {
		{ "13912345678", true },    { " 19912345678 ", true },   { "12912345678", false },
		{ "1391234567", false },    { "139123456789", false },   { "139-1234-5678", false },
		{ "0471-1234567", true },   { "0471-12345678", true },   { "04711234567", true },
		{ "047112345678", true },   { "010-12345678", true },    { "01012345678", true },
		{ "021-6123456", true },    { "0471-0234567", false },   { "0471-1234567", true },
		{ "047-11234567", false },  { "0471-123456", false },    { "0471-123456789", false },
		{ "0471--1234567", false }, { "00471234567", false },    { "", false },
		{ "139 1234 5678", false }, { "+8613912345678", false }, { "0471-123456a", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e = { 0 };
		char normal[PARTY_PHONE_SIZE];
		int rc = party_phone_check(slice_from(cases[i].phone), normal, &e);
		if ((rc == 0) != cases[i].valid)
			fail_msg("phone '%s': %s, want %s", cases[i].phone, rc ? e.msg : "valid",
			         cases[i].valid ? "valid" : "refused");
		if (rc)
			assert_string_equal(e.reason, "phone_format");
	}
	char normal[PARTY_PHONE_SIZE];
	assert_int_equal(party_phone_check(slice_from(" 0471-1234567 "), normal, NULL), 0);
	assert_string_equal(normal, "0471-1234567");
}

/* Masks in with fn into a buffer of exactly in's length + 1 (so that the
 * sanitizers see a write past it) and compares. */
static void check_mask(size_t (*fn)(struct slice, char *), const char *in, const char *want)
{
	size_t n = strlen(in);
	char *out = malloc(n + 1);
	assert_non_null(out);
	size_t len = fn(slice_from(in), out);
	if (strcmp(out, want) != 0)
		fail_msg("mask of '%s' is '%s', want '%s'", in, out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

static void test_mask(void **state)
{
	(void)state;
	check_mask(party_mask_resident_id, "11010519491231002X", "110105********002X");
	check_mask(party_mask_resident_id, "150102198001011236", "150102********1236");
	check_mask(party_mask_resident_id, "130503670401001", "130503*****1001");
	check_mask(party_mask_resident_id, "1234567890", "**********");
	check_mask(party_mask_resident_id, "12345678901", "123456*8901");
	check_mask(party_mask_resident_id, "", "");
	check_mask(party_mask_credit_code, "91350100M000100Y43", "91350100********43");
	check_mask(party_mask_credit_code, " 91350100M000100Y43 ", "91350100********43");
	check_mask(party_mask_credit_code, "9135010043", "**********");
	check_mask(party_mask_phone, "13912345678", "139****5678");
	check_mask(party_mask_phone, "0471-1234567", "047****4567");
	check_mask(party_mask_phone, "010-12345678", "010****5678");
	check_mask(party_mask_phone, "12345", "*****");
	check_mask(party_mask_phone, "1234567", "*******");
	check_mask(party_mask_phone, "12345678", "123*5678");
	check_mask(party_mask_phone, "-", "*");
	check_mask(party_mask_phone, "", "");
	check_mask(party_mask_name, "张三", "张*");
	check_mask(party_mask_name, "张三丰", "张**");
	check_mask(party_mask_name, "欧阳娜娜", "欧***");
	check_mask(party_mask_name, " 李四 ", "李*");
	check_mask(party_mask_name, "张", "*");
	check_mask(party_mask_name, "", "");
	check_mask(party_mask_name, "Li Lei", "L*****");
	check_mask(party_mask_name, "阿卜杜·热合曼", "阿******");
	/* Bytes that are not UTF-8 are hidden, whatever their place. */
	check_mask(party_mask_name, "\xff\xfe", "**");
	check_mask(party_mask_name, "张\xe4\xb8", "张**");
	check_mask(party_mask_phone,
	           "139\xff"
	           "2345678",
	           "139****5678");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_sample),
		cmocka_unit_test(test_id_check_digit),
		cmocka_unit_test(test_id_length_and_chars),
		cmocka_unit_test(test_id_region),
		cmocka_unit_test(test_id_birth_date),
		cmocka_unit_test(test_credit_code),
		cmocka_unit_test(test_plate),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
