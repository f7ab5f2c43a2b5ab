/* Functions banned from sunroad, as Git bans them: too easy to misuse
 * (no bounds, no error report), and each use a question in every review.
 * The build includes this file before every source file (-include); it
 * first includes the headers that declare them, so that their declarations
 * are not renamed, then turns every later call into a compile error.
 * Use snprintf, buf_addf, memcpy with a size, strtol/strtoll with an end
 * check (or slice_to_int) instead. */
#ifndef SUNROAD_BANNED_H
#define SUNROAD_BANNED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(x) BANNED(gets)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)

#endif
