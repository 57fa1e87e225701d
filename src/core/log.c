/*
 * log.c - one-line, escaped log records on stderr, each in one write(2): no stdio lock for the
 * server's threads to queue on, and whole lines even when several threads log at once (a write to
 * a pipe of at most PIPE_BUF bytes, or to a file, is not interleaved with another).
 * Must not: write personal data (callers pass ids only) or raw control characters.
 */
#include "core/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/str.h"
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
    char stamp[FMT_STAMP_BUF];
    strbuf_add(&line, stamp,
               fmt_utc_stamp(stamp, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                             tm.tm_min, tm.tm_sec));
    strbuf_addch(&line, ' ');
    strbuf_addstr(&line, level_names[level]);
    strbuf_addch(&line, ' ');
    const char *m = strbuf_str(&msg);
    size_t run = 0; /* where the printable text not yet copied starts */
    for (size_t i = 0; i < msg.len; i++) {
        unsigned char c = (unsigned char)m[i];
        if (c >= 0x20 && c != 0x7f)
            continue;
        strbuf_add(&line, m + run, i - run);
        strbuf_addf(&line, "\\x%02x", c);
        run = i + 1;
    }
    strbuf_add(&line, m + run, msg.len - run);
    strbuf_addch(&line, '\n');
    const char *p = strbuf_str(&line);
    size_t left = strlen(p);
    while (left) {
        ssize_t n = write(STDERR_FILENO, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* nowhere to report it */
        p += n;
        left -= (size_t)n;
    }
    strbuf_release(&msg);
    strbuf_release(&line);
}
