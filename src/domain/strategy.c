/*
 * strategy.c - the rules of the strategy's records (strategy.h).
 * Must not: do I/O or read the clock.
 */
#include "domain/strategy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "domain/date.h"
#include "domain/figures.h"

static const char *const names[SS__COUNT] = { "planned", "ongoing", "done", "paused", "stopped" };
static const char *const names_da[SS__COUNT] = { "Planlagt", "I gang", "Gennemført", "Sat i bero",
                                                 "Stoppet" };

const char *
strategy_status_str(enum strategy_status s)
{
    return (unsigned)s < SS__COUNT ? names[s] : "";
}

const char *
strategy_status_da(enum strategy_status s)
{
    return (unsigned)s < SS__COUNT ? names_da[s] : "";
}

bool
strategy_status_parse(const char *s, enum strategy_status *out)
{
    for (int i = 0; s && i < SS__COUNT; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum strategy_status)i;
            return true;
        }
    return false;
}

const struct strategy_item *
strategy_parent(const struct config *cfg, const char *code)
{
    for (size_t i = 0; code && i < cfg->nstrategy; i++)
        if (cfg->strategy[i].kind != SK_ACTIVITY && strcmp(cfg->strategy[i].code, code) == 0)
            return &cfg->strategy[i];
    return NULL;
}

/* Reports each broken rule: to the caller's function, and the first into why. */
struct errors {
    strategy_bad_fn fn;
    void *ctx;
    struct strbuf *why;
    int n;
};

static void PRINTF_LIKE(3, 4) bad(struct errors *e, const char *field, const char *fmt, ...)
{
    char rule[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rule, sizeof(rule), fmt, ap);
    va_end(ap);
    if (!e->n++ && e->why)
        why_set(e->why, ERR_INVALID, "strategy.%s: %s", field, rule);
    if (e->fn)
        e->fn(e->ctx, field, rule);
}

/* A text of at most max characters (code points), present when required, without control
 * characters but line breaks and tabs. */
static void
text_ok(struct errors *e, const char *s, const char *field, size_t max, bool required)
{
    if (!s || !*s) {
        if (required)
            bad(e, field, "is required");
        return;
    }
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') {
            bad(e, field, "must not hold control characters");
            return;
        }
        n += (*p & 0xc0) != 0x80;
    }
    if (n > max)
        bad(e, field, "must be at most %zu characters long", max);
}

static bool
date_ok(struct errors *e, const char *s, const char *field)
{
    struct date d;
    if (s && date_parse(s, &d) != OK) {
        bad(e, field, "must be a date (YYYY-MM-DD)");
        return false;
    }
    return true;
}

static void
parent_ok(struct errors *e, const struct config *cfg, const char *code)
{
    if (!strategy_parent(cfg, code))
        bad(e, "parent_code",
            "must be a direction, focus area or initiative of config/strategy.jsonl");
}

bool
strategy_objective_each_error(const struct config *cfg, const struct strategy_objective *o,
                              strategy_bad_fn fn, void *ctx, struct strbuf *why)
{
    struct errors e = { fn, ctx, why, 0 };
    parent_ok(&e, cfg, o->parent_code);
    text_ok(&e, o->title, "title", 300, true);
    text_ok(&e, o->description, "description", 4000, false);
    text_ok(&e, o->source, "source", 200, false);
    if (o->indicator && !fig_indicator_find(cfg, o->indicator, NULL, NULL))
        bad(&e, "indicator", "must be a key figure (see 'trappe kpi --definitions')");
    if (o->better && strcmp(o->better, "higher") != 0 && strcmp(o->better, "lower") != 0)
        bad(&e, "better", "must be higher or lower");
    else if (o->indicator && !o->better)
        bad(&e, "better", "must be higher or lower, with an indicator");
    else if (!o->indicator && o->better)
        bad(&e, "better", "goes with an indicator");
    if (o->has_target && !o->indicator)
        bad(&e, "target", "goes with an indicator");
    else if (o->has_target && !(o->target >= 0 && o->target <= 1e9))
        bad(&e, "target", "must be a number of 0 or more");
    if (o->target_note && !o->has_target)
        bad(&e, "target_note", "goes with a target");
    else
        text_ok(&e, o->target_note, "target_note", 300, false);
    return e.n == 0;
}

bool
strategy_action_each_error(const struct config *cfg, const struct strategy_action *a,
                           strategy_bad_fn fn, void *ctx, struct strbuf *why)
{
    struct errors e = { fn, ctx, why, 0 };
    parent_ok(&e, cfg, a->parent_code);
    text_ok(&e, a->theme, "theme", 300, true);
    text_ok(&e, a->content, "content", 8000, false);
    text_ok(&e, a->owner, "owner", 200, false);
    text_ok(&e, a->status_text, "status_text", 8000, false);
    text_ok(&e, a->source, "source", 200, false);
    bool dates = date_ok(&e, a->start_date, "start_date");
    dates = date_ok(&e, a->end_date, "end_date") && dates;
    if (dates && a->start_date && a->end_date && strcmp(a->end_date, a->start_date) < 0)
        bad(&e, "end_date", "must not be before start_date");
    if ((unsigned)a->status >= SS__COUNT)
        bad(&e, "status", "must be planned, ongoing, done, paused or stopped");
    return e.n == 0;
}

bool
strategy_followup_each_error(const struct strategy_followup *f, strategy_bad_fn fn, void *ctx,
                             struct strbuf *why)
{
    struct errors e = { fn, ctx, why, 0 };
    int year, half;
    char tail;
    if (!f->period || !*f->period)
        bad(&e, "period", "is required");
    else if (strlen(f->period) != 7 || sscanf(f->period, "%4d-H%1d%c", &year, &half, &tail) != 2 ||
             year < 1900 || year > 2200 || (half != 1 && half != 2))
        bad(&e, "period", "must be a half year such as 2025-H1");
    if (!f->date)
        bad(&e, "date", "is required");
    else
        date_ok(&e, f->date, "date");
    if ((unsigned)f->status >= SS__COUNT)
        bad(&e, "status", "must be planned, ongoing, done, paused or stopped");
    text_ok(&e, f->status_text, "status_text", 8000, true);
    return e.n == 0;
}

enum err
strategy_objective_check(const struct config *cfg, const struct strategy_objective *o,
                         struct strbuf *why)
{
    return strategy_objective_each_error(cfg, o, NULL, NULL, why) ? OK : ERR_INVALID;
}

enum err
strategy_action_check(const struct config *cfg, const struct strategy_action *a, struct strbuf *why)
{
    return strategy_action_each_error(cfg, a, NULL, NULL, why) ? OK : ERR_INVALID;
}

enum err
strategy_followup_check(const struct strategy_followup *f, struct strbuf *why)
{
    return strategy_followup_each_error(f, NULL, NULL, why) ? OK : ERR_INVALID;
}

void
strategy_period_of(struct date d, char out[static 8])
{
    unsigned year = (unsigned)d.y % 10000u;

    snprintf(out, 8, "%04u-H%c", year, d.m <= 6 ? '1' : '2');
}
