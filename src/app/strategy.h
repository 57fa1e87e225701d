/*
 * strategy.h - the strategy's follow-up as operations: leaders (and the local operator) add and
 * edit objectives and actions and record each half-yearly follow-up; leaders and team leaders
 * read it. Every change is validated (domain/strategy.c), versioned and audited in one
 * transaction; an edit of a version someone else replaced is refused (ERR_CONFLICT).
 */
#ifndef TRAPPE_APP_STRATEGY_H
#define TRAPPE_APP_STRATEGY_H

#include "app/app.h"
#include "domain/strategy.h"

/* Everything, in arena a; ERR_FORBIDDEN (audited) for roles without key figures. */
enum err app_strategy_read(struct app *app, struct arena *a, struct strategy_data *out,
                           struct strbuf *why) WUR;

/* Add (o->id 0) or replace o if still at expected_version. */
enum err app_strategy_objective_save(struct app *app, struct arena *a, struct strategy_objective *o,
                                     int64_t expected_version, struct strbuf *why) WUR;
enum err app_strategy_action_save(struct app *app, struct arena *a, struct strategy_action *x,
                                  int64_t expected_version, struct strbuf *why) WUR;

/* Record a follow-up of action f->action_id, which then takes its status and status text (the
 * action's earlier version is kept). f->at and f->by are set here. */
enum err app_strategy_followup_add(struct app *app, struct arena *a, struct strategy_followup *f,
                                   struct strbuf *why) WUR;

#endif
