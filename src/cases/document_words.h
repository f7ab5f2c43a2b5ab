/* Days, instants, amounts and counts in the words of a Chinese legal
 * document ("2024年2月6日", "6,000.50", "陆仟元整", "十五"). Pure: no I/O,
 * no globals, no clock. */
#ifndef SUNROAD_CASES_DOCUMENT_WORDS_H
#define SUNROAD_CASES_DOCUMENT_WORDS_H

#include "base/buf.h"

#include <stdint.h>

/* "2024年2月6日" */
void document_day_words(int32_t day, char out[32]);

/* "2024年1月20日10时05分" of an instant (local time). */
void document_instant_words(int64_t unix_s, char out[48]);

/* "6,000" or "6,000.50" (yuan, with thousands separators). */
void document_yuan_text(int64_t fen, char out[40]);

/* The amount in capitals (大写金额) as the financial forms write it,
 * appended to out: 6000.00 → 陆仟元整, 10050.00 → 壹万零伍拾元整,
 * 12.30 → 壹拾贰元叁角整, 0.05 → 伍分. Below 1 万亿 (a fine is). */
void document_yuan_words(int64_t fen, struct buf *out);

/* A small count in Chinese: 3 → 三, 15 → 十五, 60 → 六十, 90 → 九十
 * (digits outside 0 to 99). */
void document_count_words(int n, char out[16]);

#endif
