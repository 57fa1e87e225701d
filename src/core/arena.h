/*
 * arena.h - a region allocator: many allocations, one free (Lwan lwan-arena.c).
 *
 * Every allocation is freed together by arena_free or arena_reset. The arena has a cap; inputs are
 * capped before they reach it, so going over the cap is a bug and aborts. Built with
 * -Darena_debug=true every allocation is a real malloc, for ASan and Valgrind.
 */
#ifndef TRAPPE_CORE_ARENA_H
#define TRAPPE_CORE_ARENA_H

#include "core/common.h"

struct arena;

/* A new arena that may hold up to cap bytes (0 = 64 MiB). Owned; free with arena_free. */
struct arena *arena_new(size_t cap);
void arena_free(struct arena *a);
/* Free every allocation but keep the arena (and its first block) for reuse. */
void arena_reset(struct arena *a);
/* n bytes, aligned for any type (arena-owned). Aborts over the cap. */
void *arena_alloc(struct arena *a, size_t n);
/* Whether `pieces` more allocations of `bytes` in all surely fit under the cap (each piece counted
 * with its worst rounding): for callers that keep input of no fixed count (a list of every
 * record), to refuse it cleanly before it would abort. */
bool arena_fits(const struct arena *a, size_t bytes, size_t pieces);
/* Copies (arena-owned). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* The strings given, up to a null pointer, one after another (arena-owned): text built of parts
 * without printf's parsing. Call it as ARENA_CAT(a, "x", s, ...), which adds the end. */
char *arena_cat(struct arena *a, ...) __attribute__((sentinel));
#define ARENA_CAT(a, ...) arena_cat((a), __VA_ARGS__, (const char *)NULL)

#endif
