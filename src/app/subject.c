/*
 * subject.c - the audit trail as an operator and a data subject meet it: verifying the chain,
 * purging past retention, the extract a data-subject access request gets about one child
 * (S-29: dates, actions, purpose; staff names only with a recorded reason), and the export of
 * everything held about one child. Operators only (the command line); each is itself audited.
 * Must not: show a staff member's name without a recorded reason, or hand out data before its
 * audit row is committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "domain/calendar.h"
#include "json/json.h"

static enum err
operator_only(const struct app *app, const char *what, struct strbuf *why)
{
    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "%s: only for operators", what);
    return OK;
}

enum err
app_audit_verify(struct app *app, int64_t *rows, int64_t *bad_id, struct strbuf *why)
{
    enum err rc = operator_only(app, "audit verify", why);
    if (rc)
        return rc;
    return store_audit_verify(app->store, rows, bad_id, why);
}

enum err
app_audit_warnings(struct app *app, struct strbuf *lines, int64_t *n, struct strbuf *why)
{
    enum err rc = operator_only(app, "audit verify", why);
    return rc ? rc : store_audit_warnings(app->store, lines, n, why);
}

enum err
app_audit_purge(struct app *app, const char *older_than, int64_t *rows, struct strbuf *why)
{
    char at[DATETIME_BUF], boundary[DATETIME_BUF];
    enum err rc = operator_only(app, "audit purge", why);
    if (rc)
        return rc;
    int64_t now = app->now();
    datetime_format(now, at);
    if (older_than) {
        struct date d;
        if (date_parse(older_than, &d) != OK)
            return why_set(why, ERR_INVALID, "--before: must be a date YYYY-MM-DD");
        snprintf(boundary, sizeof(boundary), "%sT00:00:00Z", older_than);
        if (strcmp(boundary, at) > 0)
            return why_set(why, ERR_INVALID, "--before: must not be in the future");
    } else {
        struct date today = calendar_cph_date(now);
        char day[DATE_BUF];
        date_format(calendar_add_months(today, -app->cfg.settings.audit_retention_months), day);
        snprintf(boundary, sizeof(boundary), "%sT00:00:00Z", day);
    }
    return store_audit_purge(app->store, boundary, at, app->actor, rows, why);
}

/* What an action means to the person the data is about (Danish: the extract is for them). */
static void
describe(const char *action, const char **what, const char **purpose)
{
    static const struct {
        const char *action, *what, *purpose;
    } m[] = {
        { "read", "opslag i sagen", "sagsbehandling" },
        { "list", "visning på en liste", "sagsbehandling" },
        { "create", "registrering", "sagsbehandling" },
        { "update", "rettelse", "sagsbehandling" },
        { "import", "indlæsning af data", "overførsel af sagen" },
        { "export", "udtræk af data", "overførsel eller indsigt" },
        { "extract", "udtræk af denne logoversigt", "indsigt efter databeskyttelsesforordningen" },
        { "refused", "forsøg på adgang, afvist", "adgangskontrol" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(m); i++)
        if (strcmp(action, m[i].action) == 0) {
            *what = m[i].what;
            *purpose = m[i].purpose;
            return;
        }
    *what = action;
    *purpose = "";
}

/* Who, as the data subject may see it: the role, or with a recorded reason the name. */
static const char *
who_was_it(struct app *app, const char *actor, bool named, struct arena *a)
{
    static const struct {
        const char *role, *da;
    } roles[] = {
        { "caseworker", "rådgiver" },       { "team_leader", "teamleder" },
        { "leadership", "ledelse" },        { "partner", "samarbejdspartner" },
        { "taskforce", "task force" },      { "analyst", "analytiker" },
        { "admin", "systemadministrator" },
    };

    if (strncmp(actor, "cli:", 4) == 0)
        return named ? actor : "drift (kommandolinje)";
    if (strncmp(actor, "user:", 5) != 0)
        return "ukendt";
    struct user u;
    if (store_user_by_id(app->store, strtoll(actor + 5, NULL, 10), a, &u, NULL) != OK)
        return "ukendt medarbejder";
    if (named)
        return u.display_name;
    for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
        if (strcmp(u.role, roles[i].role) == 0)
            return roles[i].da;
    return "medarbejder";
}

struct extract_ctx {
    struct app *app;
    struct arena *a; /* one row's lookups, reset per row: a child may have millions */
    bool named;
    app_subject_fn fn;
    void *ctx;
};

static enum err
extract_one(void *ctx, const struct audit_entry *e, int64_t id)
{
    struct extract_ctx *x = ctx;
    struct subject_row row;
    (void)id;
    arena_reset(x->a);
    row.at = e->at;
    describe(e->action, &row.what, &row.purpose);
    row.record_type = e->record_type ? record_desc_by_name(e->record_type) : NULL;
    row.by = who_was_it(x->app, e->actor, x->named, x->a);
    return x->fn(x->ctx, &row);
}

enum err
app_audit_child(struct app *app, int64_t child, const char *reason, struct arena *a,
                app_subject_fn fn, void *ctx, struct strbuf *why)
{
    struct record c;
    enum err rc = operator_only(app, "audit child", why);
    if (rc)
        return rc;
    if (reason && !reason[0])
        return why_set(why, ERR_INVALID, "--reason: must not be empty");
    rc = store_record_get(app->store, record_desc_get(RT_child), child, a, &c, why);
    if (rc)
        return rc;
    /* The extract is itself logged, with whether names were given and why, before it leaves. */
    struct strbuf detail = STRBUF_INIT;
    strbuf_addf(&detail, "data-subject extract%s%s", reason ? "; names shown, reason: " : "",
                reason ? reason : "");
    rc = strbuf_error(&detail);
    if (!rc)
        rc = store_begin(app->store, why);
    if (!rc) {
        rc = audit(app, "extract", record_desc_get(RT_child), child, child, strbuf_str(&detail),
                   why);
        if (!rc)
            rc = store_commit(app->store, why);
        if (rc)
            store_rollback(app->store);
    }
    strbuf_release(&detail);
    if (rc)
        return rc;
    struct extract_ctx x = { app, arena_new(0), reason != NULL, fn, ctx };
    rc = store_audit_of_child(app->store, child, extract_one, &x, why);
    arena_free(x.a);
    return rc;
}

/* One earlier version of a record as a line of its own (the record as it was under "data"). */
struct version_ctx {
    const struct record_desc *d;
    int64_t id;
    struct strbuf *out;
    size_t *n;
};

static enum err
version_line(void *ctx, int64_t version, const char *json, const char *replaced_at,
             const char *replaced_by)
{
    struct version_ctx *v = ctx;
    strbuf_addf(v->out,
                "{\"type\":\"record_version\",\"of\":\"%s\",\"record_id\":%lld,\"version\":%lld,"
                "\"replaced_at\":\"%s\",\"replaced_by\":\"%s\",\"data\":%s}\n",
                v->d->name, (long long)v->id, (long long)version, replaced_at, replaced_by, json);
    (*v->n)++;
    return strbuf_error(v->out);
}

/* One record and its earlier versions. */
static enum err
record_lines(struct app *app, const struct record *r, struct strbuf *out, size_t *n,
             struct strbuf *why)
{
    enum err rc = json_record_encode(r, 0, out);
    if (rc)
        return why_set(why, rc, "export: cannot encode %s %lld", r->desc->name, (long long)r->id);
    strbuf_addch(out, '\n');
    (*n)++;
    if (r->version <= 1)
        return strbuf_error(out);
    struct version_ctx v = { r->desc, r->id, out, n };
    return store_record_history(app->store, r->desc, r->id, version_line, &v, why);
}

enum err
child_jsonl(struct app *app, const struct child_records *cr, struct arena *a, struct strbuf *out,
            size_t *count, struct strbuf *why)
{
    size_t n = 0;
    /* The child, the persons its relations name, then its records in export order. */
    enum err rc = record_lines(app, cr->child, out, &n, why);
    int f = record_field_index(record_desc_get(RT_relation), "person_id");
    for (size_t i = 0; !rc && i < cr->n[RT_relation]; i++) {
        struct record p;
        rc = store_record_get(app->store, record_desc_get(RT_person),
                              cr->recs[RT_relation][i].v[f].i, a, &p, why);
        if (!rc)
            rc = record_lines(app, &p, out, &n, why);
    }
    for (int t = 0; !rc && t < RT__COUNT; t++) {
        if (t == RT_child || t == RT_person)
            continue;
        for (size_t i = 0; !rc && i < cr->n[t]; i++)
            rc = record_lines(app, &cr->recs[t][i], out, &n, why);
    }
    if (!rc)
        rc = strbuf_error(out);
    if (!rc)
        *count = n;
    return rc;
}

enum err
app_export_child(struct app *app, int64_t child, FILE *out, size_t *count, struct strbuf *why)
{
    struct arena *a = arena_new(0);
    struct child_records cr;
    struct strbuf lines = STRBUF_INIT;
    size_t n = 0;
    enum err rc = operator_only(app, "export-child", why);
    if (!rc)
        rc = store_begin(app->store, why);
    if (rc)
        goto out;
    rc = load_child_records(app, child, NULL, a, &cr, why);
    if (!rc)
        rc = child_jsonl(app, &cr, a, &lines, &n, why);
    /* The export is logged and committed before the first record leaves. */
    if (!rc)
        rc = audit(app, "export", record_desc_get(RT_child), child, child,
                   "everything about the child (S-29)", why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        goto out;
    }
    if (fwrite(strbuf_str(&lines), 1, lines.len, out) != lines.len || fflush(out) != 0)
        rc = why_set(why, ERR_IO, "export-child: cannot write");
    if (!rc)
        *count = n;
out:
    strbuf_release(&lines);
    arena_free(a);
    return rc;
}

enum err
app_key_rotate(struct app *app, int *new_id, struct strbuf *why)
{
    enum err rc = operator_only(app, "key rotate", why);
    if (rc)
        return rc;
    /* The new key goes into the key file first: if re-sealing fails, the data stays sealed with
     * the old key, which the file still holds. The old keys stay for the audit chain's rows. */
    rc = crypto_keyfile_add(app->key_path, &app->ring, why);
    if (rc)
        return rc;
    (void)keyring_current(&app->ring, new_id);
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = store_reseal(app->store, why);
    if (!rc)
        rc = store_keys_record(app->store, &app->ring, why);
    if (!rc) {
        char detail[48];
        snprintf(detail, sizeof(detail), "personal fields sealed with key %d", *new_id);
        rc = audit(app, "key_rotated", NULL, 0, 0, detail, why);
    }
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}

enum err
app_key_prune(struct app *app, int *removed, int *n, struct strbuf *why)
{
    *n = 0;
    enum err rc = operator_only(app, "key prune", why);
    if (rc)
        return rc;
    bool used[CRYPTO_MAX_KEYS];
    int current;
    (void)keyring_current(&app->ring, &current);
    rc = store_keys_used(app->store, used, &app->ring, why);
    if (rc)
        return rc;
    struct keyring *kept = xcalloc(1, sizeof(*kept));
    for (int i = 0; i < app->ring.n; i++) {
        if (used[i] || app->ring.ids[i] == current) {
            int k = kept->n++;
            kept->ids[k] = app->ring.ids[i];
            memcpy(kept->keys[k], app->ring.keys[i], CRYPTO_KEY_BYTES);
            memcpy(kept->sub[k], app->ring.sub[i], sizeof(kept->sub[k]));
        } else {
            removed[(*n)++] = app->ring.ids[i];
        }
    }
    if (*n == 0)
        goto out;
    /* The database forgets the keys first: a key file that still holds them opens it, one
     * without them would not while it remembered them. */
    char detail[160];
    size_t off = (size_t)snprintf(detail, sizeof(detail), "keys removed:");
    for (int i = 0; i < *n && off < sizeof(detail); i++)
        off += (size_t)snprintf(detail + off, sizeof(detail) - off, " %d", removed[i]);
    rc = store_begin(app->store, why);
    if (!rc)
        rc = store_keys_forget(app->store, removed, *n, why);
    if (!rc)
        rc = audit(app, "key_pruned", NULL, 0, 0, detail, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        *n = 0;
        goto out;
    }
    rc = crypto_keyfile_write(app->key_path, kept, why);
    if (!rc) {
        memcpy(&app->ring, kept, sizeof(*kept));
        app_keys_seen(app);
    }
out:
    crypto_wipe(kept, sizeof(*kept));
    free(kept);
    return rc;
}

/* --- access review for leaders (S-15) --- */

struct review_ctx {
    struct app *app;
    struct arena *a;
    struct review_row *rows;
    size_t n, cap;
};

static enum err
review_one(void *ctx, const struct audit_entry *e, int64_t id)
{
    struct review_ctx *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct review_row *rows = arena_alloc(c->a, cap * sizeof(*rows));
        if (c->n)
            memcpy(rows, c->rows, c->n * sizeof(*rows));
        c->rows = rows;
        c->cap = cap;
    }
    struct review_row *r = &c->rows[c->n++];
    struct user u;
    r->id = id;
    r->at = arena_strdup(c->a, e->at);
    r->who = arena_strdup(c->a, e->actor);
    if (strncmp(e->actor, "user:", 5) == 0 &&
        store_user_by_id(c->app->store, strtoll(e->actor + 5, NULL, 10), c->a, &u, NULL) == OK)
        r->who = u.login;
    r->action = arena_strdup(c->a, e->action);
    r->record_type = e->record_type ? arena_strdup(c->a, e->record_type) : NULL;
    r->record_id = e->record_id;
    r->child_id = e->child_id;
    r->detail = e->detail ? arena_strdup(c->a, e->detail) : NULL;
    return OK;
}

enum err
app_access_review(struct app *app, const char *login, struct arena *a, struct access_review *out,
                  struct strbuf *why)
{
    memset(out, 0, sizeof(*out));
    enum err rc = app_capability(app, CAP_ACCESS_REVIEW, "access review", why);
    if (rc)
        return rc;
    const char *team = policy_team_scope(&app->who);
    char since[DATETIME_BUF], actor[40], detail[160];
    datetime_format(app->now() - 30 * 86400, since);
    struct review_ctx refused = { app, a, NULL, 0, 0 }, sample = { app, a, NULL, 0, 0 };
    if (login && *login) {
        struct user u;
        rc = store_user_by_login(app->store, login, a, &u, NULL);
        /* A team leader reviews their own team only; an unknown login is refused the same way. */
        if (rc || (team && (!u.team || strcmp(u.team, team) != 0)))
            return why_set(why, ERR_FORBIDDEN, "access review: %s is not in your team", login);
        snprintf(actor, sizeof(actor), "user:%lld", (long long)u.id);
        out->user = u.login;
    }
    rc = store_begin_read(app->store, why);
    if (!rc)
        rc = store_audit_refused(app->store, team, out->user ? actor : NULL, since, review_one,
                                 &refused, why);
    if (!rc && out->user)
        rc = store_audit_sample(app->store, actor, since, 10, review_one, &sample, why);
    store_rollback(app->store);
    if (rc)
        return rc;
    snprintf(detail, sizeof(detail), "access review: refused=%zu sample=%s", refused.n,
             out->user ? out->user : "-");
    rc = audit_read(app, "list", NULL, 0, 0, detail, why);
    if (rc)
        return rc;
    out->refused = refused.rows;
    out->nrefused = refused.n;
    out->sample = sample.rows;
    out->nsample = sample.n;
    return OK;
}
