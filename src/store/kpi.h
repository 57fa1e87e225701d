/*
 * kpi.h - the key figures kept as running totals per year, inside the store (store_sqlite.c only).
 *
 * Each figure of enum store_kpi is a ratio of sums over children, so the store keeps those sums
 * ("parts") per year in kpi_total and a figure is read from them in a few milliseconds at any
 * scale. A child's contribution to every part, in every year, is a function of its own child,
 * notification and intervention rows alone; a write that touches a child first holds its old
 * contribution (kpi_hold), then adds the difference the write made (kpi_settle). The definitions
 * follow the engine's SQL for each figure (store_kpi_sql) exactly; tests/unit/test_store.c
 * compares the two on random histories.
 */
#ifndef TRAPPE_STORE_KPI_H
#define TRAPPE_STORE_KPI_H

#include <sqlite3.h>

#include "store/store.h"

struct kpi;

/* The totals' state for connection db (borrowed; outlives the returned object). */
struct kpi *kpi_new(sqlite3 *db);
void kpi_free(struct kpi *k);

/* Before a write that may change child's rows: remember the child's contribution (at most a few
 * children at a time). absent: the child is not stored yet, so it contributes nothing so far
 * (for holding a new child after its insert). */
enum err kpi_hold(struct kpi *k, int64_t child, bool absent, struct strbuf *why) WUR;
/* After the write: add each held child's new contribution minus its old one to the totals. */
enum err kpi_settle(struct kpi *k, struct strbuf *why) WUR;
/* The write failed: forget what is held. */
void kpi_drop(struct kpi *k);

/* The child of notification or intervention row id (0 if there is none). */
enum err kpi_child_of(struct kpi *k, enum record_type t, int64_t id, int64_t *child,
                      struct strbuf *why) WUR;

/* Build the totals again from every child (inside the caller's write transaction). */
enum err kpi_rebuild(struct kpi *k, struct strbuf *why) WUR;
/* Replace the totals by those of sh (finished): a bulk load into an empty file whose records sh
 * saw, all of them and nothing else (inside the caller's write transaction). */
enum err kpi_write_shares(struct kpi *k, const struct store_kpi_shares *sh, struct strbuf *why) WUR;
/* Rebuild if the totals were built by another definition of the parts (or never). */
enum err kpi_ensure(struct kpi *k, struct strbuf *why) WUR;

/* Every key figure for year, from the totals. */
enum err kpi_read(struct kpi *k, int year, double out[KPI__COUNT], double base[KPI__COUNT],
                  struct strbuf *why) WUR;

#endif
