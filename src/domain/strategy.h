/*
 * strategy.h - the strategy's follow-up as data: objectives (målsætninger) under a direction,
 * focus area or initiative of config/strategy.jsonl, each linked to a key figure with a target;
 * actions (tiltag) with owner, dates, status and status text; and the half-yearly follow-ups of
 * an action, kept as history. The rules a record must keep, as pure functions.
 */
#ifndef TRAPPE_DOMAIN_STRATEGY_H
#define TRAPPE_DOMAIN_STRATEGY_H

#include "core/strbuf.h"
#include "domain/config.h"

enum strategy_status { SS_PLANNED, SS_ONGOING, SS_DONE, SS_PAUSED, SS_STOPPED };

#define SS__COUNT 5

/* "planned", "ongoing", ...; the Danish label ("Planlagt", "I gang", ...). */
const char *strategy_status_str(enum strategy_status s);
const char *strategy_status_da(enum strategy_status s);
bool strategy_status_parse(const char *s, enum strategy_status *out);

struct strategy_objective {
    int64_t id, version;
    const char *parent_code; /* a code of config/strategy.jsonl (not an activity) */
    const char *title, *description;
    const char *indicator; /* a key figure, "figure" or "figure/value" (fig_indicator_find) */
    const char *better;    /* "higher" or "lower", with an indicator */
    bool has_target;
    double target; /* a share as 0..1, or a count */
    const char *target_note;
    bool example; /* not the municipality's own: the demo's */
    const char *source;
    const char *created_at, *created_by;
};

struct strategy_action {
    int64_t id, version;
    int64_t objective_id; /* 0: directly under parent_code */
    const char *parent_code;
    const char *theme, *content, *owner;
    const char *start_date, *end_date; /* YYYY-MM-DD or NULL */
    enum strategy_status status;
    const char *status_text;
    bool example;
    const char *source;
    const char *created_at, *created_by;
};

struct strategy_followup {
    int64_t id, action_id;
    const char *period; /* "2025-H1" */
    const char *date;   /* YYYY-MM-DD */
    enum strategy_status status;
    const char *status_text;
    bool example;
    const char *at, *by;
};

struct strategy_data {
    struct strategy_objective *objectives;
    size_t nobjectives;
    struct strategy_action *actions;
    size_t nactions;
    struct strategy_followup *followups; /* by action, then period */
    size_t nfollowups;
};

/* Every rule a record breaks, each reported to fn (the field and the rule, in English) and the
 * first also into why as "strategy.<field>: <rule>"; true if none is broken. For a form that
 * shows every error at once. */
typedef void (*strategy_bad_fn)(void *ctx, const char *field, const char *rule);
bool strategy_objective_each_error(const struct config *cfg, const struct strategy_objective *o,
                                   strategy_bad_fn fn, void *ctx, struct strbuf *why);
bool strategy_action_each_error(const struct config *cfg, const struct strategy_action *a,
                                strategy_bad_fn fn, void *ctx, struct strbuf *why);
bool strategy_followup_each_error(const struct strategy_followup *f, strategy_bad_fn fn, void *ctx,
                                  struct strbuf *why);

/* The rules of each record; ERR_INVALID with "strategy.<field>: <rule>" in why. */
enum err strategy_objective_check(const struct config *cfg, const struct strategy_objective *o,
                                  struct strbuf *why) WUR;
enum err strategy_action_check(const struct config *cfg, const struct strategy_action *a,
                               struct strbuf *why) WUR;
enum err strategy_followup_check(const struct strategy_followup *f, struct strbuf *why) WUR;

/* The half year a day is in ("2025-H2"), and the period before or after one. */
void strategy_period_of(struct date d, char out[static 8]);

/* The strategy item of config with code that may hold objectives and actions, or NULL. */
const struct strategy_item *strategy_parent(const struct config *cfg, const char *code);

#endif
