/*
 * figures.h - the leaders' key figures as an operation: who may read them (leadership: all; a
 * team leader: the own team's; the local operator: all), one read of every child's records in a
 * snapshot, counts below each figure's minimum suppressed, and an audit row for the read.
 */
#ifndef TRAPPE_APP_FIGURES_H
#define TRAPPE_APP_FIGURES_H

#include "app/app.h"
#include "domain/figures.h"

/*
 * The figures of q into out (arena a). A team leader's query is limited to the own team whatever
 * q->team says; a leader may ask for one team. ERR_FORBIDDEN (audited) for roles without key
 * figures; ERR_INVALID naming the field for a period that ends before it starts.
 */
enum err app_figures(struct app *app, const struct fig_query *q, struct arena *a,
                     struct fig_table *out, struct strbuf *why) WUR;

/* The same for n queries in one pass over the children (out: n tables). */
enum err app_figures_many(struct app *app, const struct fig_query *qs, size_t n, struct arena *a,
                          struct fig_table *out, struct strbuf *why) WUR;

#endif
