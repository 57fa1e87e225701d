/*
 * common.h - attributes, the error enum and the allocation helpers shared by every module.
 *
 * This is the only header every file may include. It knows nothing of the application.
 * Banned functions (strcpy, sprintf, atoi, gmtime, ... after git's banned.h) are refused by
 * scripts/checksrc.sh, which `make check` runs; a banned.h cannot work here because project
 * headers are included before system headers.
 */
#ifndef TRAPPE_CORE_COMMON_H
#define TRAPPE_CORE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WUR               __attribute__((warn_unused_result))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN          __attribute__((noreturn))
#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))

/* The one error enum. Functions that can fail return it; OK is zero. */
enum err {
    OK = 0,
    ERR_INVALID,   /* bad input: the caller's fault, nothing was changed */
    ERR_NOT_FOUND, /* the object does not exist (or may not be seen) */
    ERR_CONFLICT,  /* a concurrent change, a duplicate or a stale version */
    ERR_FORBIDDEN, /* the policy refused the operation */
    ERR_TOO_LARGE, /* an input or an arena went over its cap */
    ERR_RATE,      /* too many attempts in a short time: a rate limit */
    ERR_DB,        /* the database failed */
    ERR_FULL,      /* the disk is full: nothing was written */
    ERR_BUSY,      /* the database stayed locked by another process past the timeout */
    ERR_READONLY,  /* the database file or its directory cannot be written */
    ERR_IO,        /* a file or socket failed */
    ERR_INTERNAL,  /* anything else; a bug or an exhausted resource */
};

/* A short English name of an error, e.g. "invalid input". Never NULL. */
const char *err_str(enum err e);

/* Abort with file:line when an invariant is broken. Never for input. */
#define BUG(msg) bug_at(__FILE__, __LINE__, (msg))
NORETURN void bug_at(const char *file, int line, const char *msg);

/* Allocation that aborts on exhaustion; results are owned by the caller. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
