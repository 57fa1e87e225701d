/*
 * strategy.c - the strategy's follow-up (app/strategy.h): authorize, validate, write the new
 * version with the old one kept, audit, in one transaction.
 * Must not: contain SQL.
 */
#include "app/strategy.h"

#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "domain/date.h"
#include "json/json.h"

enum err
app_strategy_read(struct app *app, struct arena *a, struct strategy_data *out, struct strbuf *why)
{
    memset(out, 0, sizeof(*out));
    enum err rc = app_capability(app, CAP_KEY_FIGURES, "strategy", why);
    if (rc)
        return rc;
    rc = store_begin_read(app->store, why);
    if (!rc)
        rc = store_strategy_load(app->store, a, out, why);
    store_rollback(app->store);
    if (!rc)
        rc = audit_read(app, "read", NULL, 0, 0, "strategy", why);
    return rc;
}

/* The current version of objective or action id, for keeping it (NULL: none). */
static enum err
load_one(struct app *app, struct arena *a, bool objective, int64_t id,
         const struct strategy_objective **o, const struct strategy_action **x,
         struct strategy_data *all, struct strbuf *why)
{
    enum err rc = store_strategy_load(app->store, a, all, why);
    *o = NULL;
    *x = NULL;
    for (size_t i = 0; !rc && objective && i < all->nobjectives; i++)
        if (all->objectives[i].id == id)
            *o = &all->objectives[i];
    for (size_t i = 0; !rc && !objective && i < all->nactions; i++)
        if (all->actions[i].id == id)
            *x = &all->actions[i];
    return rc;
}

static enum err
finish(struct app *app, enum err rc, const char *action, const char *what, int64_t id,
       struct strbuf *why)
{
    char detail[96];
    snprintf(detail, sizeof(detail), "strategy %s %lld", what, (long long)id);
    if (!rc)
        rc = audit(app, action, NULL, 0, 0, detail, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}

enum err
app_strategy_objective_save(struct app *app, struct arena *a, struct strategy_objective *o,
                            int64_t expected_version, struct strbuf *why)
{
    char at[DATETIME_BUF];
    struct strbuf old = STRBUF_INIT;
    struct strategy_data all;
    const struct strategy_objective *cur;
    const struct strategy_action *unused;
    enum err rc = app_capability(app, CAP_STRATEGY_EDIT, "strategy edit", why);
    if (!rc)
        rc = strategy_objective_check(&app->cfg, o, why);
    if (rc)
        return rc;
    datetime_format(app->now(), at);
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    if (o->id) {
        rc = load_one(app, a, true, o->id, &cur, &unused, &all, why);
        if (!rc && !cur)
            rc = why_set(why, ERR_NOT_FOUND, "strategy objective %lld: there is none",
                         (long long)o->id);
        if (!rc)
            rc = json_strategy_objective_encode(cur, &old);
    }
    bool is_new = !o->id;
    if (!rc)
        rc = store_strategy_objective_put(app->store, o, expected_version, strbuf_str(&old), at,
                                          app->actor, why);
    strbuf_release(&old);
    return finish(app, rc, is_new ? "create" : "update", "objective", o->id, why);
}

enum err
app_strategy_action_save(struct app *app, struct arena *a, struct strategy_action *x,
                         int64_t expected_version, struct strbuf *why)
{
    char at[DATETIME_BUF];
    struct strbuf old = STRBUF_INIT;
    struct strategy_data all;
    const struct strategy_objective *parent = NULL, *unused;
    const struct strategy_action *cur;
    enum err rc = app_capability(app, CAP_STRATEGY_EDIT, "strategy edit", why);
    if (rc)
        return rc;
    datetime_format(app->now(), at);
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    /* An action under an objective stands under the objective's direction too. */
    if (x->objective_id) {
        rc = load_one(app, a, true, x->objective_id, &parent, &cur, &all, why);
        if (!rc && !parent)
            rc = why_set(why, ERR_INVALID, "strategy.objective_id: there is no such objective");
        else if (!rc)
            x->parent_code = parent->parent_code;
    }
    if (!rc)
        rc = strategy_action_check(&app->cfg, x, why);
    if (!rc && x->id) {
        rc = load_one(app, a, false, x->id, &unused, &cur, &all, why);
        if (!rc && !cur)
            rc = why_set(why, ERR_NOT_FOUND, "strategy action %lld: there is none",
                         (long long)x->id);
        else if (!rc)
            rc = json_strategy_action_encode(cur, &old);
    }
    bool is_new = !x->id;
    if (!rc)
        rc = store_strategy_action_put(app->store, x, expected_version, strbuf_str(&old), at,
                                       app->actor, why);
    strbuf_release(&old);
    return finish(app, rc, is_new ? "create" : "update", "action", x->id, why);
}

enum err
app_strategy_followup_add(struct app *app, struct arena *a, struct strategy_followup *f,
                          struct strbuf *why)
{
    char at[DATETIME_BUF];
    struct strbuf old = STRBUF_INIT;
    struct strategy_data all;
    const struct strategy_objective *unused;
    const struct strategy_action *cur;
    enum err rc = app_capability(app, CAP_STRATEGY_EDIT, "strategy edit", why);
    if (!rc)
        rc = strategy_followup_check(f, why);
    if (rc)
        return rc;
    datetime_format(app->now(), at);
    f->at = arena_strdup(a, at);
    f->by = arena_strdup(a, app->actor);
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = load_one(app, a, false, f->action_id, &unused, &cur, &all, why);
    if (!rc && !cur)
        rc = why_set(why, ERR_INVALID, "strategy.action_id: there is no such action");
    if (!rc)
        rc = store_strategy_followup_add(app->store, f, why);
    /* The action takes the follow-up's status; its version before is kept. */
    if (!rc && cur)
        rc = json_strategy_action_encode(cur, &old);
    if (!rc && cur) {
        struct strategy_action x = *cur;
        x.status = f->status;
        x.status_text = f->status_text;
        rc = store_strategy_action_put(app->store, &x, cur->version, strbuf_str(&old), at,
                                       app->actor, why);
    }
    strbuf_release(&old);
    return finish(app, rc, "create", "follow-up", f->id, why);
}
