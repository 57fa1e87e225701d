/*
 * strategy.c - the rules of the strategy's records (strategy.h).
 * Must not: do I/O or read the clock.
 */
#include "domain/strategy.h"

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

/* A text of min..max characters (UTF-8 counted as code points), or absent when optional. */
static enum err
text_ok(const char *s, const char *field, size_t max, bool required, struct strbuf *why)
{
    if (!s || !*s)
        return required ? why_set(why, ERR_INVALID, "strategy.%s: is required", field) : OK;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
            return why_set(why, ERR_INVALID, "strategy.%s: must not hold control characters",
                           field);
        n += (*p & 0xc0) != 0x80;
    }
    if (n > max)
        return why_set(why, ERR_INVALID, "strategy.%s: must be at most %zu characters long", field,
                       max);
    return OK;
}

static enum err
date_ok(const char *s, const char *field, struct strbuf *why)
{
    struct date d;
    if (s && date_parse(s, &d) != OK)
        return why_set(why, ERR_INVALID, "strategy.%s: must be a date (YYYY-MM-DD)", field);
    return OK;
}

enum err
strategy_objective_check(const struct config *cfg, const struct strategy_objective *o,
                         struct strbuf *why)
{
    if (!strategy_parent(cfg, o->parent_code))
        return why_set(why, ERR_INVALID,
                       "strategy.parent_code: must be a direction, focus area or initiative of "
                       "config/strategy.jsonl");
    enum err rc = text_ok(o->title, "title", 300, true, why);
    if (!rc)
        rc = text_ok(o->description, "description", 4000, false, why);
    if (!rc)
        rc = text_ok(o->target_note, "target_note", 300, false, why);
    if (!rc)
        rc = text_ok(o->source, "source", 200, false, why);
    if (rc)
        return rc;
    if (o->indicator && !fig_indicator_find(cfg, o->indicator, NULL, NULL))
        return why_set(why, ERR_INVALID,
                       "strategy.indicator: must be a key figure (see 'trappe kpi --definitions')");
    if (!o->indicator != !o->better)
        return why_set(why, ERR_INVALID, "strategy.better: goes with an indicator");
    if (o->better && strcmp(o->better, "higher") != 0 && strcmp(o->better, "lower") != 0)
        return why_set(why, ERR_INVALID, "strategy.better: must be higher or lower");
    if (o->has_target && !o->indicator)
        return why_set(why, ERR_INVALID, "strategy.target: goes with an indicator");
    if (o->has_target && !(o->target >= 0 && o->target <= 1e9))
        return why_set(why, ERR_INVALID, "strategy.target: must be a number of 0 or more");
    if (o->target_note && !o->has_target)
        return why_set(why, ERR_INVALID, "strategy.target_note: goes with a target");
    return OK;
}

enum err
strategy_action_check(const struct config *cfg, const struct strategy_action *a, struct strbuf *why)
{
    if (!strategy_parent(cfg, a->parent_code))
        return why_set(why, ERR_INVALID,
                       "strategy.parent_code: must be a direction, focus area or initiative of "
                       "config/strategy.jsonl");
    enum err rc = text_ok(a->theme, "theme", 300, true, why);
    if (!rc)
        rc = text_ok(a->content, "content", 8000, false, why);
    if (!rc)
        rc = text_ok(a->owner, "owner", 200, false, why);
    if (!rc)
        rc = text_ok(a->status_text, "status_text", 8000, false, why);
    if (!rc)
        rc = text_ok(a->source, "source", 200, false, why);
    if (!rc)
        rc = date_ok(a->start_date, "start_date", why);
    if (!rc)
        rc = date_ok(a->end_date, "end_date", why);
    if (!rc && a->start_date && a->end_date && strcmp(a->end_date, a->start_date) < 0)
        rc = why_set(why, ERR_INVALID, "strategy.end_date: must not be before start_date");
    if (!rc && (unsigned)a->status >= SS__COUNT)
        rc = why_set(why, ERR_INVALID,
                     "strategy.status: must be planned, ongoing, done, paused or stopped");
    return rc;
}

enum err
strategy_followup_check(const struct strategy_followup *f, struct strbuf *why)
{
    int year, half;
    char tail;
    if (!f->period || strlen(f->period) != 7 ||
        sscanf(f->period, "%4d-H%1d%c", &year, &half, &tail) != 2 || year < 1900 || year > 2200 ||
        (half != 1 && half != 2))
        return why_set(why, ERR_INVALID, "strategy.period: must be a half year such as 2025-H1");
    if (!f->date)
        return why_set(why, ERR_INVALID, "strategy.date: is required");
    enum err rc = date_ok(f->date, "date", why);
    if (!rc && (unsigned)f->status >= SS__COUNT)
        rc = why_set(why, ERR_INVALID,
                     "strategy.status: must be planned, ongoing, done, paused or stopped");
    if (!rc)
        rc = text_ok(f->status_text, "status_text", 8000, true, why);
    return rc;
}

void
strategy_period_of(struct date d, char out[static 8])
{
    snprintf(out, 8, "%04d-H%d", d.y % 10000, d.m <= 6 ? 1 : 2);
}
