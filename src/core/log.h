/*
 * log.h - the one logger. Lines look like `ts level msg k=v` on stderr.
 *
 * Never log passwords, tokens, session ids or personal data about children (ids only). Control
 * characters in messages are escaped so one call is always one line.
 */
#ifndef TRAPPE_CORE_LOG_H
#define TRAPPE_CORE_LOG_H

#include "core/common.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

extern enum log_level log_threshold;

/* Log when level >= log_threshold; arguments are not evaluated otherwise. */
#define LOG(level, ...)                      \
    do {                                     \
        if ((level) >= log_threshold)        \
            log_write((level), __VA_ARGS__); \
    } while (0)

void log_write(enum log_level level, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
