/*
 * app.c - operations on the case records: authorize -> validate -> write -> audit, in one
 * transaction; reads are audited and committed before the data is returned.
 * Must not: contain SQL (store/ does), or hand out personal data before its audit row is durable.
 */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/internal.h"
#include "app/policy.h"
#include "core/log.h"
#include "domain/calendar.h"
#include "domain/date.h"
#include "json/json.h"

static int
record_id_cmp(const void *x, const void *y)
{
    int64_t a = ((const struct record *)x)->id, b = ((const struct record *)y)->id;
    return (a > b) - (a < b);
}

/* Collects one type's records of a child: into a growing array on the heap, then into the arena
 * at its exact size (gather_settle), so the arena holds each record once, not the copies a
 * doubling array leaves behind. */
struct gather {
    struct arena *a;
    struct record *items;
    size_t n, cap;
    struct strbuf *why;
};

/* More records than the arena could take are ERR_TOO_LARGE (the caller's operation holds too
 * much), not an abort: a child's history has no upper bound. */
static enum err
gather_one(void *ctx, const struct record *r)
{
    struct gather *g = ctx;
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 8;
        if (!arena_fits(g->a, (g->n + 1) * sizeof(struct record), 1))
            return why_set(g->why, ERR_TOO_LARGE, "%s: more records than one operation may hold",
                           r->desc->name);
        g->items = xrealloc(g->items, cap * sizeof(*g->items));
        g->cap = cap;
    }
    g->items[g->n++] = *r;
    return OK;
}

/* The gathered records into the arena, in id order if sort; the heap array is freed either way. */
static enum err
gather_settle(struct gather *g, bool sort, const struct record **out)
{
    enum err rc = OK;
    *out = NULL;
    if (g->n && !arena_fits(g->a, g->n * sizeof(struct record), 1)) {
        rc = why_set(g->why, ERR_TOO_LARGE,
                     "%zu records of one type: more than one operation may hold", g->n);
    } else if (g->n) {
        if (sort && g->n > 1)
            qsort(g->items, g->n, sizeof(*g->items), record_id_cmp);
        struct record *copy = arena_alloc(g->a, g->n * sizeof(struct record));
        memcpy(copy, g->items, g->n * sizeof(struct record));
        *out = copy;
    }
    free(g->items);
    g->items = NULL;
    g->cap = 0;
    return rc;
}

static int64_t
clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

/* The key file as last read: a change (a rotation, a prune) is read again before a request. */
void
app_keys_seen(struct app *app)
{
    struct stat sb;
    if (stat(app->key_path, &sb) == 0) {
        app->key_seen.ino = sb.st_ino;
        app->key_seen.size = sb.st_size;
        app->key_seen.mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    }
}

void
app_keys_fresh(struct app *app)
{
    struct stat sb;
    if (stat(app->key_path, &sb) != 0 ||
        (sb.st_ino == app->key_seen.ino && sb.st_size == app->key_seen.size &&
         (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec == app->key_seen.mtime_ns))
        return;
    struct keyring *ring = xmalloc(sizeof(*ring));
    struct strbuf why = STRBUF_INIT;
    enum err rc = crypto_keyfile_load(app->key_path, false, ring, &why);
    if (!rc)
        rc = store_keys_check(app->store, ring, &why);
    if (rc) {
        /* Kept: the keys in use still open what they sealed. Tried again at the next request. */
        LOG(LOG_WARN, "key file changed but was not taken: %s", strbuf_str(&why));
    } else {
        int cur;
        (void)keyring_current(ring, &cur);
        memcpy(&app->ring, ring, sizeof(*ring)); /* the store borrows &app->ring */
        app_keys_seen(app);
        LOG(LOG_INFO, "key file read again: %d keys, key %d current", ring->n, cur);
    }
    crypto_wipe(ring, sizeof(*ring));
    free(ring);
    strbuf_release(&why);
}

enum err
app_anchor_settle(struct app *app, struct strbuf *why)
{
    struct store_anchor an = { ANCHOR_NONE, 0, 0 };
    enum err rc = store_anchor_compare(app->store, &an, why);
    if (rc || an.state == ANCHOR_OK || an.state == ANCHOR_NONE)
        return rc;
    char detail[160];
    if (an.state == ANCHOR_AHEAD)
        snprintf(detail, sizeof(detail), "rows %lld-%lld named by the anchor are missing",
                 (long long)an.chain_id + 1, (long long)an.anchor_id);
    else if (an.state == ANCHOR_DIFFERS)
        snprintf(detail, sizeof(detail), "row %lld differs from the anchor",
                 (long long)an.anchor_id);
    else
        snprintf(detail, sizeof(detail), "the anchor file is damaged");
    LOG(LOG_ERROR,
        "audit chain: %s (a lost or damaged -wal file, or an older copy of the database put in "
        "place); recorded in the chain as audit_chain_loss",
        detail);
    char keep[sizeof(app->actor)];
    memcpy(keep, app->actor, sizeof(keep));
    snprintf(app->actor, sizeof(app->actor), "system");
    rc = audit_alone(app, "audit_chain_loss", detail, why);
    if (!rc)
        rc = store_anchor_reset(app->store, why);
    memcpy(app->actor, keep, sizeof(keep));
    return rc;
}

enum err
app_open(struct app *app, const struct app_options *opt, struct strbuf *why)
{
    enum err rc;
    memset(app, 0, sizeof(*app));
    app->now = clock_now;
    rc = config_load(&app->cfg, opt->config_dir, why);
    if (rc)
        return rc;
    /* The strategy's indicators name key figures the system computes. */
    for (size_t i = 0; i < app->cfg.nstrategy; i++) {
        const struct strategy_item *s = &app->cfg.strategy[i];
        if (s->indicator && !fig_indicator_find(&app->cfg, s->indicator, NULL, NULL)) {
            rc = why_set(why, ERR_INVALID,
                         "%s:%d: indicator: '%s' is not a key figure (see 'trappe kpi "
                         "--definitions')",
                         s->at.file, s->at.line, s->indicator);
            config_release(&app->cfg);
            return rc;
        }
    }
    /* The key file lives outside the database (S-24); init makes one. It is read first: the
     * database is checked against it before anything is written (store_open_keyed). */
    const char *env = getenv("TRAPPE_KEY_FILE");
    if (opt->key_path)
        snprintf(app->key_path, sizeof(app->key_path), "%s", opt->key_path);
    else if (env && *env)
        snprintf(app->key_path, sizeof(app->key_path), "%s", env);
    else
        snprintf(app->key_path, sizeof(app->key_path), "%s.key", opt->db_path);
    bool exists = access(opt->db_path, F_OK) == 0;
    rc = exists || opt->create ? crypto_keyfile_load(app->key_path, opt->create, &app->ring, why)
                               : OK;
    if (!rc)
        rc = store_open_keyed(opt->db_path,
                              (opt->create ? STORE_CREATE : 0) | (opt->check ? STORE_CHECK : 0),
                              &app->ring, &app->store, why);
    if (rc) {
        config_release(&app->cfg);
        crypto_wipe(&app->ring, sizeof(app->ring));
        return rc;
    }
    app_keys_seen(app);
    /* Rows the anchor outside the file names but the chain lacks are recorded as lost. */
    rc = app_anchor_settle(app, why);
    /* Read-audit rows a server left in its read log when it stopped short go into the chain
     * before anything reads or extends it. */
    if (!rc)
        rc = store_readlog_recover(app->store, why);
    if (rc) {
        store_close(app->store);
        config_release(&app->cfg);
        crypto_wipe(&app->ring, sizeof(app->ring));
        return rc;
    }
    if (strncmp(opt->actor, "cli:", 4) == 0)
        app_set_operator(app, opt->actor);
    else
        app_set_nobody(app);
    return OK;
}

enum err
app_consent_withdraw(struct app *app, struct arena *a, int64_t id, int64_t *child,
                     struct strbuf *why)
{
    const struct record_desc *d = record_desc_get(RT_consent);
    struct record r;
    *child = 0;
    enum err rc = app_record_get(app, d, id, a, &r, why);
    if (rc)
        return rc;
    *child = record_get_i(&r, "child_id", 0);
    char today[DATE_BUF];
    date_format(calendar_cph_date(app->now()), today);
    const char *from = record_get_s(&r, "from_date"), *to = record_get_s(&r, "to_date");
    if (record_get_s(&r, "withdrawn"))
        return why_set(why, ERR_INVALID, "consent.withdrawn: the consent is withdrawn already");
    if (to && strcmp(to, today) < 0)
        return why_set(why, ERR_INVALID, "consent.withdrawn: the consent has run out already");
    /* At once: from today, or from its first day if it has not begun (it never shares). */
    const char *day = from && strcmp(from, today) > 0 ? from : today;
    rc = record_set_text(&r, a, record_field_index(d, "withdrawn"), day, why);
    return rc ? rc : app_record_update(app, a, &r, r.version, why);
}

enum err
app_server_lock(const char *db_path, int *fd, struct strbuf *why)
{
    return store_server_lock(db_path, fd, why);
}

enum err
app_health(struct app *app, int64_t *free_mib, struct strbuf *why)
{
    return store_health(app->store, free_mib, why);
}

void
app_set_operator(struct app *app, const char *actor)
{
    snprintf(app->actor, sizeof(app->actor), "%s", actor);
    memset(&app->who, 0, sizeof(app->who));
    app->who_name[0] = '\0';
    app->who.kind = ACTOR_CLI;
}

void
app_set_nobody(struct app *app)
{
    snprintf(app->actor, sizeof(app->actor), "anonymous");
    memset(&app->who, 0, sizeof(app->who));
    app->who_name[0] = '\0';
    app->who.kind = ACTOR_NONE;
}

void
app_close(struct app *app)
{
    store_close(app->store);
    config_release(&app->cfg);
    crypto_wipe(&app->ring, sizeof(app->ring));
    memset(app, 0, sizeof(*app));
}

int64_t
child_of(const struct record *r)
{
    if (r->desc->type == RT_child)
        return r->id;
    return r->desc->child_field >= 0 ? r->v[r->desc->child_field].i : 0;
}

enum err
audit(struct app *app, const char *action, const struct record_desc *d, int64_t id, int64_t child,
      const char *detail, struct strbuf *why)
{
    char at[DATETIME_BUF];
    datetime_format(app->now(), at);
    struct audit_entry e = { at, app->actor, action, d ? d->name : NULL,
                             id, child,      detail, app->request_id };
    return store_audit_append(app->store, &e, why);
}

enum err
audit_alone(struct app *app, const char *action, const char *detail, struct strbuf *why)
{
    enum err rc = store_begin(app->store, why);
    if (!rc)
        rc = audit(app, action, NULL, 0, 0, detail, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}

/* Audit a refusal in its own transaction and return ERR_FORBIDDEN. */
static enum err
policy_refused(struct app *app, enum policy_op op, const struct record_desc *d, int64_t child,
               struct strbuf *why)
{
    if (!why || !why->len)
        why_set(why, ERR_FORBIDDEN, "%s: not allowed", policy_op_str(op));
    if (store_begin(app->store, NULL) == OK) {
        if (audit(app, "refused", d, 0, child, policy_op_str(op), NULL) == OK &&
            store_commit(app->store, NULL) == OK)
            return ERR_FORBIDDEN;
        store_rollback(app->store);
    }
    return ERR_FORBIDDEN;
}

static enum err
relation_to(struct app *app, int64_t child, struct relation *rel, struct strbuf *why)
{
    char day[DATE_BUF];
    date_format(calendar_cph_date(app->now()), day);
    return store_child_relation(app->store, child, app->who.login, app->who.team, day,
                                &rel->assigned, &rel->in_team, &rel->consent, why);
}

void
redact(const struct app *app, struct record *r)
{
    for (int i = 0; i < r->desc->nfields; i++)
        if (r->v[i].set && !policy_field_visible(&app->who, &r->desc->fields[i]))
            r->v[i].set = false;
}

enum err
scope_child_records(struct app *app, int64_t child, struct arena *a, struct child_records *cr,
                    struct strbuf *why)
{
    struct relation rel = { false, false, 0 };
    if (!policy_by_consent(&app->who))
        return OK;
    enum err rc = relation_to(app, child, &rel, why);
    if (!rc)
        scope_child_records_as(app, &rel, a, cr);
    return rc;
}

void
scope_child_records_as(struct app *app, const struct relation *rel, struct arena *a,
                       struct child_records *cr)
{
    if (!policy_by_consent(&app->who))
        return;
    for (int t = 0; t < RT__COUNT; t++) {
        if (!cr->n[t])
            continue;
        if (policy_check(&app->who, OP_READ, record_desc_get((enum record_type)t), rel, NULL)) {
            cr->n[t] = 0; /* outside the consent's scope: as if there were none */
            continue;
        }
        struct record *copy = arena_alloc(a, cr->n[t] * sizeof(*copy));
        memcpy(copy, cr->recs[t], cr->n[t] * sizeof(*copy));
        for (size_t i = 0; i < cr->n[t]; i++)
            redact(app, &copy[i]);
        cr->recs[t] = copy;
    }
    struct record *c = arena_alloc(a, sizeof(*c));
    *c = *cr->child;
    redact(app, c);
    cr->child = c;
}

struct visible {
    struct app *app;
    const struct record_desc *d;
    store_id_fn fn;
    void *ctx;
    struct strbuf *why;
};

static enum err
visible_one(void *ctx, int64_t child)
{
    struct visible *v = ctx;
    struct relation rel;
    if (v->app->who.kind != ACTOR_CLI) {
        enum err rc = relation_to(v->app, child, &rel, v->why);
        if (rc)
            return rc;
        if (policy_check(&v->app->who, OP_READ, v->d, &rel, NULL) != OK)
            return OK; /* not this actor's to see: as if it were not there */
    }
    return v->fn(v->ctx, child);
}

enum err
visible_children(struct app *app, const struct record_desc *d, const char *day,
                 const char *caseworker, const char *team, store_id_fn fn, void *ctx,
                 struct strbuf *why)
{
    struct visible v = { app, d, fn, ctx, why };
    switch (policy_list_source(&app->who)) {
    case LIST_ALL:
        return store_caseload(app->store, caseworker, team, day, visible_one, &v, why);
    case LIST_ASSIGNED:
        return store_caseload(app->store, app->who.login, NULL, day, visible_one, &v, why);
    case LIST_TEAM:
        return store_caseload(app->store, NULL, app->who.team, day, visible_one, &v, why);
    case LIST_CONSENTED:
        return store_consented_children(app->store, app->who.login, day, visible_one, &v, why);
    case LIST_NONE:
        break;
    }
    return why_set(why, ERR_FORBIDDEN, "list: your role has no lists of children");
}

enum err
authorize_check(struct app *app, enum policy_op op, const struct record_desc *d, int64_t child,
                struct relation *rel, struct strbuf *why)
{
    const struct relation *relp = NULL;
    *rel = (struct relation){ false, false, 0 };
    if (app->who.kind == ACTOR_CLI)
        return OK;
    if (child > 0 && app->who.kind == ACTOR_USER) {
        enum err rc = relation_to(app, child, rel, why);
        if (rc)
            return rc;
        relp = rel;
    } else if (child < 0 && app->who.kind == ACTOR_USER && d) {
        return why_set(why, ERR_FORBIDDEN, "%s: not allowed", policy_op_str(op));
    }
    return policy_check(&app->who, op, d, relp, why);
}

enum err
authorize_refused(struct app *app, enum policy_op op, const struct record_desc *d, int64_t child,
                  struct strbuf *why)
{
    return policy_refused(app, op, d, child > 0 ? child : 0, why);
}

/*
 * Check the policy for op on records of type d about child (0: no child; -1: a list that is not
 * about one child). The relation to the child is looked up for users. A refusal is itself audited,
 * in its own transaction, so call this outside one.
 */
enum err
authorize(struct app *app, enum policy_op op, const struct record_desc *d, int64_t child,
          struct strbuf *why)
{
    struct relation rel;
    enum err rc = authorize_check(app, op, d, child, &rel, why);
    if (rc != ERR_FORBIDDEN)
        return rc;
    return authorize_refused(app, op, d, child, why);
}

struct lookup_ctx {
    struct app *app;
    struct arena *arena;
};

static enum err
lookup_get(void *ctx, const struct record_desc *d, int64_t id, struct record *out,
           struct strbuf *why)
{
    struct lookup_ctx *lc = ctx;
    return store_record_get_ref(lc->app->store, d, id, lc->arena, out, why);
}

enum err
check_refs(struct app *app, struct arena *a, struct record *r, struct strbuf *why)
{
    struct lookup_ctx lc = { app, a };
    struct record_lookup lk = { &lc, lookup_get };
    return record_check_refs(r, &app->cfg, &lk, why);
}

/* The lookup of check_referrers: the record being changed as it will be, others from the store. */
struct override_ctx {
    struct lookup_ctx lc;
    const struct record *changed;
};

static enum err
override_get(void *ctx, const struct record_desc *d, int64_t id, struct record *out,
             struct strbuf *why)
{
    struct override_ctx *oc = ctx;
    if (d == oc->changed->desc && id == oc->changed->id) {
        *out = *oc->changed;
        return OK;
    }
    return lookup_get(&oc->lc, d, id, out, why);
}

struct referrers {
    struct app *app;
    const struct record *changed;
    int field; /* the referring field of the type being read */
    struct record_lookup lk;
    struct strbuf *why;
};

static enum err
check_referrer(void *ctx, const struct record *r)
{
    struct referrers *x = ctx;
    if (!r->v[x->field].set || r->v[x->field].i != x->changed->id)
        return OK;
    return record_check_refs(r, &x->app->cfg, &x->lk, x->why);
}

/*
 * The rules between records hold whichever record changes: a record that others refer to (a
 * conversation a decision rests on, a placement a supervision visit is of) may change only so
 * that every record referring to it still passes its check, as the import checks it. So what
 * the database holds always exports into a file that imports. Inside the transaction.
 */
static enum err
check_referrers(struct app *app, struct arena *a, const struct record *r, struct strbuf *why)
{
    if (!record_ref_field(r->desc))
        return OK;
    int64_t child = child_of(r);
    struct override_ctx oc = { { app, a }, r };
    for (int t = 0; t < RT__COUNT; t++) {
        const struct record_desc *d = record_desc_get((enum record_type)t);
        if (d->child_field < 0)
            continue;
        for (int i = 0; i < d->nfields; i++) {
            if (d->fields[i].kind != FK_REF || !d->fields[i].ref ||
                strcmp(d->fields[i].ref, r->desc->name) != 0)
                continue;
            struct referrers x = { app, r, i, { &oc, override_get }, why };
            enum err rc =
                store_record_each_of_child(app->store, d, child, a, check_referrer, &x, why);
            if (rc)
                return rc;
        }
    }
    return OK;
}

/* The fields that name an account, and what the account must be allowed (policy.c's table). */
static const struct {
    enum record_type type;
    const char *field;
    enum capability cap;
    const char *rule;
} account_fields[] = {
    { RT_case, "caseworker", CAP_HOLD_CASES,
      "must be the login of an account with the caseworker role" },
    /* A consent shares with one account that sees by consent: a partner, the task force. */
    { RT_consent, "grantee", CAP_BE_GRANTEE,
      "must be the login of a partner's or the task force's account" },
    { RT_taskforce, "owner", CAP_LEAD_TASKFORCE, "must be the login of the task force's account" },
};

enum err
check_account_fields(struct app *app, const struct record *r, bool history, struct strbuf *why)
{
    for (size_t i = 0; i < ARRAY_SIZE(account_fields); i++) {
        if (r->desc->type != account_fields[i].type)
            continue;
        const char *login = record_get_s(r, account_fields[i].field);
        char role[32];
        enum err rc = login ? store_user_role(app->store, login, role, why) : OK;
        if (!login || (rc == ERR_NOT_FOUND && history))
            continue;
        if (rc == ERR_NOT_FOUND ||
            (!rc && !policy_role_may(policy_role(role), account_fields[i].cap)))
            return why_set(why, ERR_INVALID, "%s.%s: %s", r->desc->name, account_fields[i].field,
                           account_fields[i].rule);
        if (rc)
            return rc;
    }
    return OK;
}

/* What is recorded as having happened cannot have happened later than now (a few minutes'
 * difference between clocks allowed): a birth, a receipt, an assessment and its steps, a
 * conversation, a decision, a plan made, a measurement, a visit, a meeting, a contact, an action
 * done. A planned date (planned_end, due, target_date) or an end may lie ahead. */
static const struct {
    enum record_type type;
    const char *field;
    bool datetime;
} happened[] = {
    { RT_notification, "received_at", true },
    { RT_notification, "assessed_at", true },
    { RT_child, "birth_date", false },
    { RT_screening, "date", false },
    { RT_assessment, "aware_date", false },
    { RT_assessment, "started", false },
    { RT_assessment, "provisional_date", false },
    { RT_assessment, "completed", false },
    { RT_conversation, "date", false },
    { RT_decision, "date", false },
    { RT_plan, "date", false },
    { RT_followup, "date", false },
    { RT_supervision, "date", false },
    { RT_inquiry, "since", false },
    { RT_taskforce_action, "done", false },
    { RT_taskforce_meeting, "date", false },
    { RT_aftercare_contact, "date", false },
};

bool
app_field_happened(const struct record_desc *d, const char *field)
{
    for (size_t i = 0; i < ARRAY_SIZE(happened); i++)
        if (d->type == happened[i].type && strcmp(field, happened[i].field) == 0)
            return true;
    return false;
}

static enum err
check_not_future(const struct app *app, const struct record *r, struct strbuf *why)
{
    int64_t now = app->now();
    struct date today = calendar_cph_date(now);
    for (size_t i = 0; i < ARRAY_SIZE(happened); i++) {
        if (r->desc->type != happened[i].type)
            continue;
        const char *v = record_get_s(r, happened[i].field);
        int64_t at = 0;
        struct date d = { 0, 0, 0 };
        bool later = false;
        if (v && happened[i].datetime)
            later = datetime_parse(v, &at) == OK && at > now + 600;
        else if (v)
            later = date_parse(v, &d) == OK && date_cmp(d, today) > 0;
        if (later)
            return why_set(why, ERR_INVALID, "%s.%s: must not be in the future", r->desc->name,
                           happened[i].field);
    }
    return OK;
}

/* Defaults, field rules and the rules against referenced records (inside the transaction). */
enum err
check_record(struct app *app, struct arena *a, struct record *r, struct strbuf *why)
{
    record_fill_defaults(r, &app->cfg);
    enum err rc = record_validate(r, &app->cfg, why);
    if (!rc)
        rc = check_not_future(app, r, why);
    if (!rc)
        rc = check_refs(app, a, r, why);
    if (!rc)
        rc = check_account_fields(app, r, false, why);
    return rc;
}

/*
 * Least intrusive first: an intervention above the child's current step must say which lower
 * steps were tried or why they were skipped (DOMAIN.md rule 2). Checked when a caseworker adds
 * one (CLI, web), not on import, which carries history already decided.
 */
static enum err
check_least_intrusive(struct app *app, struct arena *a, const struct record *r, struct strbuf *why)
{
    struct child_records cr;
    struct gather g = { a, NULL, 0, 0, why };
    struct date start, since;
    if (r->desc->type != RT_intervention || record_get_s(r, "lower_steps"))
        return OK;
    if (date_parse(record_get_s(r, "start"), &start) != OK)
        return OK;
    memset(&cr, 0, sizeof(cr));
    enum err rc = store_record_each_of_child(app->store, r->desc, record_get_i(r, "child_id", 0), a,
                                             gather_one, &g, why);
    cr.n[RT_intervention] = g.n;
    enum err settled = gather_settle(&g, false, &cr.recs[RT_intervention]);
    if (rc || settled)
        return rc ? rc : settled;
    int current = ladder_step_on(&cr, start, &since);
    /* Step 1 is early help in the general services: nothing lies below it to try first. */
    if (record_get_i(r, "step", 0) > current && record_get_i(r, "step", 0) > 1)
        return why_set(why, ERR_INVALID,
                       "intervention.lower_steps: the child is on step %d; say which lower steps "
                       "were tried or why they were skipped (least intrusive first)",
                       current);
    return OK;
}

/* The form's one-time token, claimed inside the write's transaction (see struct app). */
enum err
claim_once(struct app *app, struct strbuf *why)
{
    memset(&app->once_first, 0, sizeof(app->once_first));
    if (!app->once)
        return OK;
    enum err rc =
        store_once_claim(app->store, app->once, app->actor, app->now(), &app->once_first, why);
    if (rc == ERR_CONFLICT)
        return why_set(why, ERR_CONFLICT,
                       app->once_first.other_actor
                           ? "engang: the form was sent from another account"
                           : "engang: this form was saved before; it was not saved again");
    return rc;
}

/* Two records of one type with the same values in every field (ids and versions aside), except
 * the fields at index skip1 and skip2 (-1: none). */
static bool
same_content(const struct record *a, const struct record *b, int skip1, int skip2)
{
    for (int i = 0; i < a->desc->nfields; i++) {
        if (i == skip1 || i == skip2)
            continue;
        const struct value *x = &a->v[i], *y = &b->v[i];
        if (x->set != y->set)
            return false;
        if (!x->set)
            continue;
        if (x->s || y->s) {
            if (!x->s || !y->s || strcmp(x->s, y->s) != 0)
                return false;
        } else if (x->i != y->i) {
            return false;
        }
    }
    return true;
}

#define RESUBMIT_SECONDS (10 * 60)

/* Name the earlier save a resubmitted copy is answered with (as claim_once does for a token). */
static void
first_was(struct app *app, const char *type, int64_t id, int64_t child)
{
    memset(&app->once_first, 0, sizeof(app->once_first));
    snprintf(app->once_first.type, sizeof(app->once_first.type), "%s", type);
    app->once_first.id = id;
    app->once_first.child = child;
}

/*
 * A form sent again with a fresh token: the back button reloads a form page (pages with personal
 * data are never cached) and the browser fills in what was typed, so the one-time token alone
 * cannot see the copy. The same record, field for field, saved by the same account for the same
 * child through a form in the last ten minutes is that copy: answered like a second submit of the
 * same form (ERR_CONFLICT, once_first naming the first).
 */
static enum err
refuse_resubmitted(struct app *app, struct arena *a, const struct record *r, struct strbuf *why)
{
    int64_t ids[8];
    enum err rc;
    if (!app->once)
        return OK;
    size_t n = store_once_recent(app->store, app->actor, r->desc->name, child_of(r),
                                 app->now() - RESUBMIT_SECONDS, ids, ARRAY_SIZE(ids), why, &rc);
    for (size_t i = 0; !rc && i < n; i++) {
        struct record old;
        rc = store_record_get(app->store, r->desc, ids[i], a, &old, why);
        if (rc == ERR_NOT_FOUND) {
            rc = OK;
            continue;
        }
        if (!rc && same_content(&old, r, -1, -1)) {
            first_was(app, r->desc->name, old.id, child_of(r));
            return why_set(why, ERR_CONFLICT,
                           "engang: the same %s was saved from a form minutes ago; it was not "
                           "saved again",
                           r->desc->name);
        }
    }
    return rc;
}

enum err
once_done(struct app *app, const struct record *r, struct strbuf *why)
{
    return app->once
               ? store_once_done(app->store, app->once, r->desc->name, r->id, child_of(r), why)
               : OK;
}

enum err
app_record_add(struct app *app, struct arena *a, struct record *r, struct strbuf *why)
{
    enum err rc = authorize(app, OP_CREATE, r->desc, child_of(r), why);
    if (rc)
        return rc;
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = claim_once(app, why);
    if (!rc)
        rc = check_record(app, a, r, why);
    if (!rc)
        rc = refuse_resubmitted(app, a, r, why);
    if (!rc)
        rc = check_least_intrusive(app, a, r, why);
    struct figure_keep keep;
    if (!rc)
        rc = figures_keep_begin(app, child_of(r), a, &keep, why);
    if (!rc)
        rc = store_record_insert(app->store, r, why);
    if (!rc)
        rc = figures_keep_end(app, child_of(r), &keep, a, why);
    if (!rc)
        rc = audit(app, "create", r->desc, r->id, child_of(r), NULL, why);
    if (!rc)
        rc = once_done(app, r, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}

/* The intake's copy of refuse_resubmitted: the same notification about a child with the same
 * details, taken in by the same account in the last ten minutes, is not taken in again (a second
 * child would be a duplicate of the first). */
static enum err
refuse_retaken(struct app *app, struct arena *a, struct record *child, struct record *notif,
               struct strbuf *why)
{
    int64_t ids[8];
    enum err rc;
    if (!app->once)
        return OK;
    record_fill_defaults(child, &app->cfg);
    record_fill_defaults(notif, &app->cfg);
    size_t n = store_once_recent(app->store, app->actor, "notification", 0,
                                 app->now() - RESUBMIT_SECONDS, ids, ARRAY_SIZE(ids), why, &rc);
    int nchild = notif->desc->child_field, ncase = record_field_index(notif->desc, "case_id");
    for (size_t i = 0; !rc && i < n; i++) {
        struct record old, oldchild;
        rc = store_record_get(app->store, notif->desc, ids[i], a, &old, why);
        if (!rc)
            rc = store_record_get(app->store, child->desc, old.v[nchild].i, a, &oldchild, why);
        if (rc == ERR_NOT_FOUND) {
            rc = OK;
            continue;
        }
        if (!rc && same_content(&old, notif, nchild, ncase) &&
            same_content(&oldchild, child, -1, -1)) {
            first_was(app, "notification", old.id, oldchild.id);
            return why_set(why, ERR_CONFLICT,
                           "engang: the same child and notification were taken in minutes ago; "
                           "not taken in again");
        }
    }
    return rc;
}

enum err
insert_in(struct app *app, struct arena *a, struct record *r, const char *detail,
          struct strbuf *why)
{
    enum err rc = check_record(app, a, r, why);
    if (!rc)
        rc = store_record_insert(app->store, r, why);
    if (!rc)
        rc = audit(app, "create", r->desc, r->id, child_of(r), detail, why);
    return rc;
}

enum err
app_intake(struct app *app, struct arena *a, struct record *child, struct record *kase,
           struct record *notif, struct strbuf *why)
{
    if (child->desc->type != RT_child || kase->desc->type != RT_case ||
        notif->desc->type != RT_notification)
        BUG("app_intake: a child, a case and a notification");
    enum err rc = authorize(app, OP_CREATE, child->desc, 0, why);
    if (rc)
        return rc;
    if (!policy_may_take_in(&app->who, record_get_s(kase, "caseworker"),
                            record_get_s(kase, "team"))) {
        why_set(why, ERR_FORBIDDEN,
                "case.caseworker: a new child's case is opened by its caseworker, or by the "
                "team's leader, in the own team");
        return audit_refusal(app, 0, "intake", why);
    }
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    struct figure_keep keep;
    int cf = kase->desc->child_field, nf = notif->desc->child_field;
    int ncase = record_field_index(notif->desc, "case_id");
    rc = claim_once(app, why);
    if (!rc)
        rc = refuse_retaken(app, a, child, notif, why);
    if (!rc)
        rc = figures_keep_begin(app, 0, a, &keep, why);
    if (!rc)
        rc = insert_in(app, a, child, "intake", why);
    if (!rc)
        rc = record_set_int(kase, cf, child->id, why);
    if (!rc)
        rc = insert_in(app, a, kase, "intake", why);
    if (!rc)
        rc = record_set_int(notif, nf, child->id, why);
    if (!rc && ncase >= 0)
        rc = record_set_int(notif, ncase, kase->id, why);
    if (!rc)
        rc = insert_in(app, a, notif, "intake", why);
    if (!rc)
        rc = figures_keep_end(app, child->id, &keep, a, why);
    if (!rc)
        rc = once_done(app, notif, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}

enum err
app_record_get(struct app *app, const struct record_desc *d, int64_t id, struct arena *a,
               struct record *out, struct strbuf *why)
{
    /* Read, decide on the child it is about, then audit before handing it out. */
    enum err rc = store_record_get(app->store, d, id, a, out, why);
    if (rc == ERR_NOT_FOUND && app->who.kind != ACTOR_CLI)
        rc = authorize(app, OP_READ, d, -1, why) ? ERR_FORBIDDEN : rc; /* no existence oracle */
    if (rc)
        return rc;
    rc = authorize(app, OP_READ, d, child_of(out), why);
    if (rc)
        return rc;
    redact(app, out);
    return audit_read(app, "read", d, id, child_of(out), NULL, why);
}

enum err
app_may(struct app *app, enum policy_op op, const struct record_desc *d, int64_t child,
        struct strbuf *why)
{
    return authorize(app, op, d, child, why);
}

enum err
app_capability(struct app *app, enum capability cap, const char *what, struct strbuf *why)
{
    struct strbuf own = STRBUF_INIT;
    struct strbuf *w = why ? why : &own;
    enum err rc = policy_may_scoped(&app->who, cap, what, w);
    if (rc)
        rc = audit_refusal(app, 0, what, w);
    strbuf_release(&own);
    return rc;
}

struct accounts {
    struct arena *a;
    enum capability cap;
    struct account *items;
    size_t n, cap_items;
    bool full; /* the arena had no room for a longer list */
};

static void
account_one(void *ctx, const struct user *u)
{
    struct accounts *g = ctx;
    if (g->full || !policy_role_may(policy_role(u->role), g->cap))
        return;
    if (g->n == g->cap_items) {
        size_t cap = g->cap_items ? g->cap_items * 2 : 16;
        if (!arena_fits(g->a, cap * sizeof(*g->items), 1)) {
            g->full = true;
            return;
        }
        struct account *items = arena_alloc(g->a, cap * sizeof(*items));
        if (g->n)
            memcpy(items, g->items, g->n * sizeof(*items));
        g->items = items;
        g->cap_items = cap;
    }
    g->items[g->n++] = (struct account){ u->login, u->display_name, u->role, u->team };
}

/* The capability an account named in field of d needs, or CAP__COUNT if it names none. */
static enum capability
account_field_cap(const struct record_desc *d, const char *field)
{
    for (size_t i = 0; i < ARRAY_SIZE(account_fields); i++)
        if (d->type == account_fields[i].type && strcmp(field, account_fields[i].field) == 0)
            return account_fields[i].cap;
    return CAP__COUNT;
}

bool
app_names_account(const struct record_desc *d, const char *field)
{
    return account_field_cap(d, field) != CAP__COUNT;
}

enum err
app_accounts_for(struct app *app, const struct record_desc *d, const char *field, struct arena *a,
                 struct account **out, size_t *n, struct strbuf *why)
{
    *out = NULL;
    *n = 0;
    struct accounts g = { a, account_field_cap(d, field), NULL, 0, 0, false };
    if (g.cap == CAP__COUNT)
        return why_set(why, ERR_INVALID, "%s.%s: names no account", d->name, field);
    enum err rc = app_capability(app, CAP_CHILD_PAGES, "account list", why);
    if (!rc)
        rc = store_user_each(app->store, a, account_one, &g, why);
    if (!rc && g.full)
        rc = why_set(why, ERR_TOO_LARGE, "%s.%s: more accounts than one list can hold", d->name,
                     field);
    if (!rc) {
        *out = g.items;
        *n = g.n;
    }
    return rc;
}

void
app_refusal(struct app *app, const char *what, const char *reason)
{
    struct strbuf w = STRBUF_INIT;
    strbuf_addstr(&w, reason);
    enum err rc = audit_refusal(app, 0, what, &w); /* always ERR_FORBIDDEN: the refusal */
    (void)rc;
    strbuf_release(&w);
}

enum err
app_record_history(struct app *app, const struct record_desc *d, int64_t id, store_version_fn fn,
                   void *ctx, struct strbuf *why)
{
    struct arena *a = arena_new(0);
    struct record r;
    /* The current record decides whose it is; then the read is audited before anything goes. */
    enum err rc = app_record_get(app, d, id, a, &r, why);
    if (!rc)
        rc = audit_read(app, "read", d, id, child_of(&r), "history", why);
    if (!rc)
        rc = store_record_history(app->store, d, id, fn, ctx, why);
    arena_free(a);
    return rc;
}

struct collect {
    const struct app *app;
    app_record_filter filter;
    struct arena *arena;
    struct record *items;
    size_t n, cap;
};

/* Keep a copy of r (its row's strings go when the next row is read). A list is collected whole
 * before its audit row and before anything is shown, so one that would not fit its arena is
 * refused (ERR_TOO_LARGE), not cut short. */
static enum err
collect_one(void *ctx, const struct record *r)
{
    struct collect *c = ctx;
    if (c->filter && !c->filter(c->app, r))
        return OK;
    size_t cap = c->n == c->cap ? (c->cap ? c->cap * 2 : 64) : c->cap;
    size_t pieces = cap > c->cap;
    size_t bytes = (cap > c->cap ? cap * sizeof(*c->items) : 0) + record_strings_size(r, &pieces);
    if (!arena_fits(c->arena, bytes, pieces))
        return ERR_TOO_LARGE;
    if (cap > c->cap) {
        struct record *items = arena_alloc(c->arena, cap * sizeof(*items));
        if (c->n)
            memcpy(items, c->items, c->n * sizeof(*items));
        c->items = items;
        c->cap = cap;
    }
    struct record *k = &c->items[c->n++];
    *k = *r;
    record_strings_copy(k, c->arena);
    redact(c->app, k);
    return OK;
}

enum err
app_record_list(struct app *app, const struct record_desc *d, int64_t parent,
                app_record_filter filter, struct arena *a, store_record_fn fn, void *ctx,
                struct strbuf *why)
{
    struct collect c = { app, filter, a, NULL, 0, 0 };
    struct strbuf ids = STRBUF_INIT;
    if (!d)
        BUG("app_record_list: no record type");
    bool by_child = parent > 0 && strcmp(d->parent, "child_id") == 0;
    enum err rc = authorize(app, OP_LIST, d, by_child ? parent : -1, why);
    if (rc)
        return rc;
    rc = store_begin_read(app->store, why);
    if (rc)
        return rc;
    rc = store_record_each(app->store, d, parent, NULL, collect_one, &c, why);
    if (rc == ERR_TOO_LARGE && d->parent_field >= 0 && parent <= 0)
        why_set(why, rc,
                "list: more %s records than one list can hold (%zu read); list those of one %s "
                "(--%s ID), or use 'trappe export'",
                d->name, c.n, d->fields[d->parent_field].ref, d->fields[d->parent_field].ref);
    else if (rc == ERR_TOO_LARGE)
        why_set(why, rc,
                "list: more %s records than one list can hold (%zu read); use 'trappe export'",
                d->name, c.n);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    /* A list logs the ids it showed (S-10), and the parent it was asked for. */
    strbuf_addf(&ids, "%s=%lld ids=", d->parent, (long long)parent);
    for (size_t i = 0; i < c.n; i++)
        strbuf_addf(&ids, "%s%lld", i ? "," : "", (long long)c.items[i].id);
    if (!rc)
        rc = strbuf_error(&ids);
    if (!rc)
        rc = audit_read(app, "list", d, 0, strcmp(d->parent, "child_id") == 0 ? parent : 0,
                        strbuf_str(&ids), why);
    strbuf_release(&ids);
    for (size_t i = 0; !rc && i < c.n; i++)
        rc = fn(ctx, &c.items[i]);
    return rc;
}

enum err
app_record_update(struct app *app, struct arena *a, struct record *r, int64_t expected_version,
                  struct strbuf *why)
{
    struct record old;
    struct strbuf old_json = STRBUF_INIT;
    char at[DATETIME_BUF];
    enum err rc = authorize(app, OP_UPDATE, r->desc, child_of(r), why);
    if (rc)
        return rc;
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = claim_once(app, why);
    if (rc) {
        store_rollback(app->store);
        return rc;
    }
    rc = store_record_get(app->store, r->desc, r->id, a, &old, why);
    /* A record that does not exist, or is about another child than the one authorized, is
     * refused like a forbidden one: an edit reveals nothing about ids. */
    if ((rc == ERR_NOT_FOUND || (!rc && child_of(&old) != child_of(r))) &&
        app->who.kind != ACTOR_CLI) {
        store_rollback(app->store);
        why_set(why, ERR_FORBIDDEN, "update: not allowed");
        return authorize_refused(app, OP_UPDATE, r->desc, child_of(r), why);
    }
    if (!rc && old.version != expected_version)
        rc = why_set(why, ERR_CONFLICT,
                     "%s %lld: changed by someone else (now version %lld, you edited version "
                     "%lld); nothing was saved",
                     r->desc->name, (long long)r->id, (long long)old.version,
                     (long long)expected_version);
    if (!rc && child_of(&old) != child_of(r))
        rc = why_set(why, ERR_INVALID, "%s.child_id: cannot be changed", r->desc->name);
    /* What the actor may not see, they cannot change or clear: it is kept as it was. */
    for (int i = 0; !rc && i < r->desc->nfields; i++)
        if (!policy_field_visible(&app->who, &r->desc->fields[i]))
            r->v[i] = old.v[i];
    if (!rc)
        rc = check_record(app, a, r, why);
    if (!rc)
        rc = check_referrers(app, a, r, why);
    if (!rc)
        rc = json_record_encode(&old, JSON_REC_VERSION, &old_json);
    datetime_format(app->now(), at);
    struct figure_keep keep;
    if (!rc)
        rc = figures_keep_begin(app, child_of(r), a, &keep, why);
    if (!rc)
        rc = store_record_update(app->store, r, expected_version, strbuf_str(&old_json), at,
                                 app->actor, why);
    if (!rc)
        rc = figures_keep_end(app, child_of(r), &keep, a, why);
    if (!rc)
        rc = audit(app, "update", r->desc, r->id, child_of(r), NULL, why);
    if (!rc)
        rc = once_done(app, r, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    strbuf_release(&old_json);
    return rc;
}

struct export_ctx {
    FILE *out;
    struct strbuf line;
    size_t count;
};

static enum err
export_one(void *ctx, const struct record *r)
{
    struct export_ctx *ec = ctx;
    strbuf_reset(&ec->line);
    enum err rc = json_record_encode(r, 0, &ec->line);
    if (rc)
        return rc;
    strbuf_addch(&ec->line, '\n');
    if (fwrite(ec->line.buf, 1, ec->line.len, ec->out) != ec->line.len)
        return ERR_IO;
    ec->count++;
    return OK;
}

enum err
app_export(struct app *app, FILE *out, size_t *count, struct strbuf *why)
{
    struct export_ctx ec = { out, STRBUF_INIT, 0 };
    enum err rc = authorize(app, OP_EXPORT, NULL, 0, why);
    if (rc)
        goto done;
    /* The export is audited and committed before any record leaves. */
    rc = store_begin(app->store, why);
    if (!rc)
        rc = audit(app, "export", NULL, 0, 0, "all records", why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        goto done;
    }
    rc = store_begin_read(app->store, why);
    for (int t = 0; !rc && t < RT__COUNT; t++) /* row by row: memory stays flat */
        rc = store_record_each(app->store, record_desc_get((enum record_type)t), 0, NULL,
                               export_one, &ec, why);
    if (rc == ERR_IO)
        why_set(why, rc, "export: cannot write the output");
    store_rollback(app->store); /* read-only snapshot: nothing to commit */
    if (!rc && fflush(out) != 0)
        rc = why_set(why, ERR_IO, "export: cannot write the output");
    if (!rc)
        *count = ec.count;
done:
    strbuf_release(&ec.line);
    return rc;
}

bool
app_is_placement(const struct app *app, const struct record *r)
{
    if (r->desc->type != RT_intervention)
        return false;
    const struct catalogue_entry *c =
        config_catalogue(&app->cfg, record_get_s(r, "catalogue_code"));
    return c && c->placement;
}

int
app_schema_version(const struct app *app)
{
    return store_schema_version(app->store);
}

struct worklist {
    struct app *app;
    const struct deadline_query *q;
    struct arena *a;       /* the list and its strings */
    struct arena *scratch; /* one child's records and deadlines, reset per child */
    struct deadline_list *out;
    size_t cap;
    struct strbuf ids;
    struct strbuf *why;
    struct store_open open; /* a deadline shows the child's name */
};

struct child_gather {
    struct record *child;
    struct gather g[RT__COUNT];
};

static enum err
gather_of_child(void *ctx, const struct record *r)
{
    struct child_gather *c = ctx;
    if (r->desc->type == RT_child) {
        *c->child = *r;
        return OK;
    }
    return gather_one(&c->g[r->desc->type], r);
}

const struct shown_field child_list_fields[2] = { { RT_child, "name" }, { RT_child, "cpr" } };

void
open_shown(struct store_open *open, const struct shown_field *shown, size_t n)
{
    memset(open, 0, sizeof(*open));
    for (size_t k = 0; k < n; k++) {
        const struct record_desc *d = record_desc_get(shown[k].type);
        int i = record_field_index(d, shown[k].field);
        if (i < 0 || !(d->fields[i].flags & F_PERSONAL))
            BUG("open_shown: a shown field that is not a personal field");
        open->field[shown[k].type] |= UINT32_C(1) << i;
    }
}

enum err
load_child_records(struct app *app, int64_t child_id, const struct store_open *open,
                   struct arena *a, struct child_records *cr, struct strbuf *why)
{
    struct child_gather c = { arena_alloc(a, sizeof(struct record)), { { 0 } } };
    for (int t = 0; t < RT__COUNT; t++) {
        c.g[t].a = a;
        c.g[t].why = why;
    }
    enum err rc = store_child_all(app->store, child_id, open, a, gather_of_child, &c, why);
    memset(cr, 0, sizeof(*cr));
    cr->child = c.child;
    for (int t = 0; t < RT__COUNT; t++) {
        if (rc) { /* nothing is kept: only the heap arrays go */
            free(c.g[t].items);
            continue;
        }
        /* In id order, as every reader of a child's records expects. */
        cr->n[t] = c.g[t].n;
        rc = gather_settle(&c.g[t], true, &cr->recs[t]);
    }
    return rc;
}

/* One child's deadlines into the list. The child's records and the work on them stay in the
 * scratch arena, so a team's list holds its deadlines, not its children's histories; a list that
 * would not fit its arena is refused (ERR_TOO_LARGE) before anything is kept of this child. */
static enum err
worklist_child(void *ctx, int64_t child_id)
{
    struct worklist *w = ctx;
    struct child_records cr;
    arena_reset(w->scratch);
    enum err rc = load_child_records(w->app, child_id, &w->open, w->scratch, &cr, w->why);
    if (rc)
        return rc;
    struct deadline *dl;
    size_t n = deadlines_for_child(&w->app->cfg, &cr, w->q->at, w->scratch, &dl);
    size_t keep = 0, bytes = 0, pieces = 0;
    for (size_t i = 0; i < n; i++) {
        if (!w->q->all && !deadline_is_open(&dl[i]))
            continue;
        keep++;
        bytes += deadline_strings_size(&dl[i], &pieces);
    }
    size_t cap = w->cap;
    while (cap < w->out->n + keep)
        cap = cap ? cap * 2 : 64;
    if (cap > w->cap) {
        bytes += cap * sizeof(*w->out->items);
        pieces++;
    }
    if (!arena_fits(w->a, bytes, pieces))
        return why_set(w->why, ERR_TOO_LARGE,
                       "deadlines: more than one list can hold (%zu children read); ask for one "
                       "caseworker, team or child",
                       w->out->children);
    if (cap > w->cap) {
        struct deadline *items = arena_alloc(w->a, cap * sizeof(*items));
        if (w->out->n)
            memcpy(items, w->out->items, w->out->n * sizeof(*items));
        w->out->items = items;
        w->cap = cap;
    }
    for (size_t i = 0; i < n; i++) {
        if (!w->q->all && !deadline_is_open(&dl[i]))
            continue;
        struct deadline *k = &w->out->items[w->out->n++];
        *k = dl[i];
        deadline_strings_copy(k, w->a);
    }
    strbuf_addf(&w->ids, "%s%lld", w->out->children ? "," : "", (long long)child_id);
    w->out->children++;
    return OK;
}

enum err
app_deadlines(struct app *app, const struct deadline_query *q, struct arena *a,
              struct deadline_list *out, struct strbuf *why)
{
    struct worklist w = { app, q, a, NULL, out, 0, STRBUF_INIT, why, { { 0 }, 0 } };
    char day[DATE_BUF];
    struct record probe;
    struct deadline_query scoped = *q;
    /* One child's deadlines need every record of it; a list, the right to lists. */
    enum err rc = q->child ? authorize(app, OP_READ, NULL, q->child, why)
                           : authorize(app, OP_LIST, NULL, 0, why);
    if (!rc && !q->child && policy_list_source(&app->who) == LIST_NONE)
        rc = authorize_refused(app, OP_LIST, NULL, 0, why);
    if (rc)
        return rc;
    /* The audit row names the caseload the list was drawn from. */
    if (app->who.kind == ACTOR_USER && !q->child) {
        enum list_source src = policy_list_source(&app->who);
        scoped.caseworker = src == LIST_ASSIGNED ? app->who.login : NULL;
        scoped.team = src == LIST_TEAM ? app->who.team : NULL;
    }
    q = &scoped;
    w.q = q;
    memset(out, 0, sizeof(*out));
    date_format(q->at.d, day);
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    w.scratch = arena_new(CHILD_SCRATCH_CAP);
    open_shown(&w.open, child_list_fields, ARRAY_SIZE(child_list_fields));
    if (q->child) {
        rc = store_record_get(app->store, record_desc_get(RT_child), q->child, a, &probe, why);
        if (!rc)
            rc = worklist_child(&w, q->child);
    } else {
        rc = visible_children(app, NULL, day, q->caseworker, q->team, worklist_child, &w, why);
    }
    if (!rc) {
        struct strbuf detail = STRBUF_INIT;
        strbuf_addf(&detail, "deadlines at=%s caseworker=%s team=%s children=%s", day,
                    q->caseworker ? q->caseworker : "-", q->team ? q->team : "-",
                    strbuf_str(&w.ids));
        rc = strbuf_error(&detail);
        if (!rc)
            rc = audit(app, "list", NULL, 0, q->child, strbuf_str(&detail), why);
        strbuf_release(&detail);
    }
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    arena_free(w.scratch);
    strbuf_release(&w.ids);
    if (!rc && out->n > 1)
        qsort(out->items, out->n, sizeof(*out->items), deadline_cmp);
    return rc;
}
