/*
 * leaders.h - what the leaders' pages share: the period and split asked for, and figures as
 * Danish text.
 */
#ifndef TRAPPE_PAGES_LEADERS_H
#define TRAPPE_PAGES_LEADERS_H

#include "app/figures.h"
#include "http/http.h"

struct leaders_query {
    struct fig_query q;
    int step_months; /* between the ladder chart's points: 1, 3, 6 or 12 */
};

/* The period (?fra=, ?til=; default this year up to today), split (?opdeling=) and team (?team=)
 * asked for; false after a 400 naming the field and its rule. */
bool leaders_query_or_respond(struct req *req, struct app *app, struct leaders_query *lq);

/* A figure's value in Danish ("42 %", "1.234", "214 dage", "+1,5", "12.345 kr."; "<5" when
 * suppressed, "–" when there is nothing), escaped. */
void leaders_value(struct strbuf *b, const struct fig_desc *d, const struct fig_value *v);

/* The strategy as it stands (pages/strategy.c): the directions of the configuration with the
 * objectives (each with its key figure in t, or none when t is NULL, and its target) and
 * actions under them; with edit links for an editor. */
struct strategy_data;
void strategy_tree(struct strbuf *b, const struct config *cfg, const struct strategy_data *s,
                   const struct fig_table *t, bool editor);

#endif
