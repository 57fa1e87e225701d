/*
 * str.h - safe parsing and formatting of small strings.
 */
#ifndef TRAPPE_CORE_STR_H
#define TRAPPE_CORE_STR_H

#include "core/common.h"

/*
 * Parse a whole decimal integer (optional leading '-') into *out. Rejects empty input, leading
 * spaces or '+', trailing junk and values outside [min, max]. Returns OK or ERR_INVALID.
 */
enum err parse_i64(const char *s, int64_t min, int64_t max, int64_t *out) WUR;

/* snprintf that treats truncation as an error: ERR_TOO_LARGE, or OK. */
enum err xsnprintf(char *buf, size_t size, const char *fmt, ...) WUR PRINTF_LIKE(3, 4);

/* v in decimal into buf, NUL-terminated, without printf; the length written. */
#define FMT_I64_BUF 21
size_t fmt_i64(char buf[static FMT_I64_BUF], int64_t v);

/* YYYY-MM-DDTHH:MM:SSZ without printf (audit rows and log lines are stamped per request); y must
 * be 0-9999, the rest in range. The length written, 20. */
#define FMT_STAMP_BUF 21
size_t fmt_utc_stamp(char buf[static FMT_STAMP_BUF], int y, int mo, int d, int h, int mi, int s);

/* True if s[0..n) is valid UTF-8 with no NUL and no C0 control except tab, LF and CR. */
bool utf8_text_valid(const char *s, size_t n);

/* Number of Unicode code points in valid UTF-8 s[0..n). */
size_t utf8_len(const char *s, size_t n);

/* v with decimals decimals the Danish way: a dot between thousands, a comma before decimals
 * ("1.234,5"); the length written. */
#define FMT_NUMBER_DA_BUF 64
size_t fmt_number_da(char buf[static FMT_NUMBER_DA_BUF], double v, int decimals);

/* True if s equals one of the NULL-terminated list; *index gets its position. */
bool str_in_list(const char *s, const char *const *list, size_t *index);

#endif
