/* The parties of a case and what identifies them: resident ID numbers
 * (GB 11643-1999), unified social credit codes (GB 32100-2015, with the
 * organisation code inside by GB 11714-1997), vehicle plates and phone
 * numbers; and how each is masked in lists and public output.
 *
 * Pure: no I/O, no globals, no clock (today is an argument). A check
 * returns 0, or ERR_INVALID with a stable reason and its arguments in e
 * (err_reason), which the API answers as {reason, args}:
 *
 *   reason              args                       meaning
 *   id_length           length                     not 18 characters
 *   id_chars            position                   a non-digit in 1-17, or 18 not a digit or X
 *   id_region           region                     region code 000000
 *   id_birth_date       birth                      positions 7-14 not a real date from 1900-01-01
 *   id_birth_future     birth                      a birth date after today
 *   id_check_digit      expected, got              the check character is wrong
 *   uscc_length         length                     not 18 characters
 *   uscc_chars          position                   a character outside 0-9 A-H J-N P-R T U W-Y
 *   uscc_org_code       expected, got              the organisation code's check (position 17)
 *   uscc_check_digit    expected, got              the check character (position 18)
 *   plate_length        length                     (characters, not bytes)
 *   plate_province      province                   first character not a province's
 *   plate_authority     authority                  second not a letter (I and O excluded)
 *   plate_chars         position                   a serial character not A-Z (no I, O) or 0-9
 *   plate_new_energy    serial                     six serial characters without D or F first or last
 *   phone_format        (none)                     neither a mobile nor a landline number
 *
 * Positions count from 1, in characters. */
#ifndef SUNROAD_CASES_PARTY_H
#define SUNROAD_CASES_PARTY_H

#include "base/buf.h"
#include "base/err.h"

#include <stdint.h>

/* Room for an 18-character ID or credit code and its NUL. */
#define PARTY_ID_SIZE 19
/* Room for a normalised plate: a province (3 bytes), 7 ASCII characters
 * or 6 and a suffix character (3 bytes), and the NUL. */
#define PARTY_PLATE_SIZE 16
/* Room for a normalised phone number ("0471-12345678") and its NUL. */
#define PARTY_PHONE_SIZE 16

/* ---- resident ID (居民身份证号码, GB 11643-1999) ------------------------ */

/* The check character ('0'..'9' or 'X') of the first 17 digits at digits:
 * weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2, sum mod 11 mapped through
 * "10X98765432". 0 when one of the 17 is not a digit. */
char party_resident_id_check_char(const char *digits);

/* Checks a resident ID number (blanks around it are ignored): 18
 * characters, 17 digits and a check character (a lowercase x is taken for
 * X), a region code other than 000000, a birth date (positions 7-14) that
 * is a real date from 1900-01-01 up to today (a day number of
 * base/datetime.h), and the check character. On success writes the number
 * with an upper-case X into normal (may be NULL) and sets *birth (may be
 * NULL) to the birth day. Errors: ERR_INVALID with the id_* reasons above. */
int party_resident_id_check(struct slice id, int32_t today, char normal[PARTY_ID_SIZE], int32_t *birth, struct err *e);

/* ---- unified social credit code (统一社会信用代码, GB 32100-2015) ------- */

/* The check character of the first 17 characters at code, from the
 * alphabet "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z): weights
 * 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28, check value
 * (31 - sum mod 31) mod 31. 0 when one of the 17 is outside the alphabet. */
char party_credit_code_check_char(const char *code);

/* The GB 11714 check character ('0'..'9' or 'X') of an organisation
 * code's first 8 characters (digits 0-9, letters A-Z valued 10-35):
 * weights 3,7,9,10,5,8,4,2, check 11 - sum mod 11, 10 written X and 11
 * written 0. 0 when one of the 8 is neither. */
char party_org_code_check_char(const char *body);

/* Checks a unified social credit code (blanks around it are ignored;
 * lowercase letters are taken for capitals): 18 characters of the
 * alphabet, the organisation code inside (positions 9-17) right by
 * GB 11714, and the check character. On success writes the code in
 * capitals into normal (may be NULL). Errors: ERR_INVALID with the uscc_*
 * reasons above. */
int party_credit_code_check(struct slice code, char normal[PARTY_ID_SIZE], struct err *e);

/* ---- plates and phones ---------------------------------------------- */

/* Checks a mainland vehicle plate (GA 36-2018), blanks around it ignored,
 * lowercase letters taken for capitals: a province's character (京 津 沪
 * 渝 冀 豫 云 辽 黑 湘 皖 鲁 新 苏 浙 赣 鄂 桂 甘 晋 蒙 陕 吉 闽 贵 粤 青 藏
 * 川 宁 琼), the issuing authority's letter (A-Z but I and O), then a
 * serial of
 *   - 5 letters or digits (no I, O): an ordinary plate, "蒙K12345";
 *   - 6, the first or the last D or F: a new-energy plate, "蒙K12345D";
 *   - 4 and one of 挂 学 警 港 澳 领 试 超: a trailer, learner's, police,
 *     Hong Kong or Macao, consulate, test or temporary plate, "蒙K1234挂".
 * Not accepted: embassy (使), military and armed-police plates, which
 * transport enforcement does not handle. On success writes the plate
 * into normal (may be NULL). Errors: ERR_INVALID with the plate_* reasons. */
int party_plate_check(struct slice plate, char normal[PARTY_PLATE_SIZE], struct err *e);

/* Checks a phone number, blanks around it ignored: a mobile (11 digits,
 * the first 1, the second 3-9: "13912345678"), or a landline with its
 * area code: a 0 and 2 or 3 more digits, an optional "-", then 7 or 8
 * digits not starting with 0 ("0471-1234567", "01012345678"; the
 * area codes 010 and 020-029 have 3 digits, all others 4). No
 * country code, no extension. On success writes the number into normal
 * (may be NULL) as it was given, blanks cut. Errors: ERR_INVALID,
 * phone_format. */
int party_phone_check(struct slice phone, char normal[PARTY_PHONE_SIZE], struct err *e);

/* ---- masking (lists and public output) ------------------------------ */

/* Each writes the masked text and its NUL into out, which holds at least
 * in.n + 1 bytes (a mask is never longer than what it hides), and returns
 * its length in bytes. Characters are counted as UTF-8 (a byte that is
 * not UTF-8 counts as one character); each hidden character becomes one
 * '*'. A text too short to keep its shown ends and hide something is all
 * '*', one per character. Blanks around the text are cut first.
 *
 * Resident ID: the first 6 and last 4 shown, "150102********123X" (any
 * length: an old 15-digit number becomes "150102*****2345"). */
size_t party_mask_resident_id(struct slice in, char *out);

/* Credit code: the first 8 (registration authority, kind and region) and
 * the last 2 shown, "91350100********43". An organisation's code is
 * public register data (it is published whole by the national enterprise
 * credit publicity system and in 双公示); this mask is for lists, where a
 * code is shown beside persons' masked numbers. */
size_t party_mask_credit_code(struct slice in, char *out);

/* Phone: the first 3 and last 4 digits shown, "139****5678"; a landline's
 * "-" is left out: "047****4567" for "0471-1234567". */
size_t party_mask_phone(struct slice in, char *out);

/* A person's name: the first character (the surname) kept and every other
 * hidden: "张*", "张**", "欧***"; a one-character name is "*". Names of
 * organisations are public and not masked: do not call this for them. */
size_t party_mask_name(struct slice in, char *out);

#endif
