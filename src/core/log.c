/*
 * log.c - one-line, escaped log records on stderr.
 * Must not: write personal data (callers pass ids only) or raw control characters.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "core/strbuf.h"

enum log_level log_threshold = LOG_INFO;

static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_write(enum log_level level, const char *fmt, ...)
{
    struct strbuf msg = STRBUF_INIT;
    struct strbuf line = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&msg, fmt, ap);
    va_end(ap);

    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strbuf_addf(&line, "%04d-%02d-%02dT%02d:%02d:%02dZ %s ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, level_names[level]);
    for (size_t i = 0; i < msg.len; i++) {
        unsigned char c = (unsigned char)msg.buf[i];
        if (c < 0x20 || c == 0x7f)
            strbuf_addf(&line, "\\x%02x", c);
        else
            strbuf_addch(&line, (char)c);
    }
    strbuf_addch(&line, '\n');
    fputs(strbuf_str(&line), stderr);
    strbuf_release(&msg);
    strbuf_release(&line);
}
