/*
 * inquiry.c - a partner's inquiry (issue 23): a school, daycare or health-visitor account files a
 * concern or a formal notification; the intake takes it in (the child found by CPR number or
 * registered, and for a notification or a step-1 course a case opened or the open one used, a
 * notification made from it with the clock started at filing); the partner sees what it filed and
 * the status and feedback it is given. Must not: show a partner anything of the child but what the
 * partner wrote and its own answers.
 */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/log.h"
#include "domain/calendar.h"
#include "domain/cpr.h"
#include "json/json.h"

static const struct record_desc *
inq_desc(void)
{
    return record_desc_get(RT_inquiry);
}

static void
now_text(struct app *app, char out[DATETIME_BUF])
{
    datetime_format(app->now(), out);
}

/* An inquiry that does not exist is refused like a forbidden one, and the refusal audited (no
 * existence oracle). */
static enum err
not_found(struct app *app, enum err rc, const char *what, struct strbuf *why)
{
    if (rc != ERR_NOT_FOUND || app->who.kind == ACTOR_CLI)
        return rc;
    struct strbuf own = STRBUF_INIT;
    struct strbuf *w = why ? why : &own;
    why_set(w, ERR_FORBIDDEN, "%s: not allowed", what);
    rc = audit_refusal(app, 0, what, w);
    strbuf_release(&own);
    return rc;
}

enum err
app_inquiry_file(struct app *app, struct arena *a, struct record *r, struct strbuf *why)
{
    const struct record_desc *d = inq_desc();
    if (r->desc != d)
        BUG("app_inquiry_file: an inquiry");
    enum err rc = app_capability(app, CAP_FILE_INQUIRY, "file an inquiry", why);
    if (rc)
        return rc;
    /* Who and when are the system's; what the intake records is not the partner's to set. */
    static const char *const intake_only[] = { "child_id",        "taken_at", "taken_by",
                                               "notification_id", "response", "feedback",
                                               "feedback_at" };
    for (size_t i = 0; i < ARRAY_SIZE(intake_only); i++)
        r->v[record_field_index(d, intake_only[i])].set = false;
    const char *from = record_get_s(r, "notifier_type");
    const struct code_entry *c = from ? config_code(&app->cfg, "notifier", from) : NULL;
    if (c && !c->professional)
        return why_set(why, ERR_INVALID,
                       "inquiry.notifier_type: a partner files as a professional (Barnets lov "
                       "§ 133): a school, a daycare, a health visitor, ...");
    char now[DATETIME_BUF];
    now_text(app, now);
    rc = record_set_text(r, a, record_field_index(d, "filed_by"), app->who.login, why);
    if (!rc)
        rc = record_set_text(r, a, record_field_index(d, "filed_at"), now, why);
    if (rc)
        return rc;
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = claim_once(app, why);
    if (!rc)
        rc = check_record(app, a, r, why);
    if (!rc)
        rc = store_record_insert(app->store, r, why);
    if (!rc)
        rc = audit(app, "create", d, r->id, 0, "filed by a partner", why);
    if (!rc)
        rc = once_done(app, r, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}

struct inq_collect {
    struct app *app;
    struct arena *a;
    const char *filed_by; /* only these, or NULL */
    bool open_only;       /* not taken in, or taken in without feedback */
    struct record *items;
    size_t n, cap;
};

static enum err
inq_collect_one(void *ctx, const struct record *r)
{
    struct inq_collect *c = ctx;
    if (c->filed_by) {
        const char *by = record_get_s(r, "filed_by");
        if (!by || strcmp(by, c->filed_by) != 0)
            return OK;
    }
    if (c->open_only && record_get_s(r, "feedback_at"))
        return OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        struct record *items = arena_alloc(c->a, cap * sizeof(*items));
        if (c->n)
            memcpy(items, c->items, c->n * sizeof(*items));
        c->items = items;
        c->cap = cap;
    }
    struct record *k = &c->items[c->n++];
    *k = *r;
    record_strings_copy(k, c->a);
    return OK;
}

/* By filing time, then id (an imported history need not come in the order it was filed). */
static int
inq_older(const void *a, const void *b)
{
    const struct record *x = a, *y = b;
    const char *fx = record_get_s(x, "filed_at"), *fy = record_get_s(y, "filed_at");
    int c = strcmp(fx ? fx : "", fy ? fy : "");
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Newest first for the partner, oldest first for the intake (what waits longest on top). */
static void
inq_reverse(struct record *items, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        struct record t = items[i];
        items[i] = items[n - 1 - i];
        items[n - 1 - i] = t;
    }
}

static enum err
inq_list(struct app *app, struct arena *a, struct inq_collect *c, const char *purpose,
         struct strbuf *why)
{
    enum err rc = store_begin_read(app->store, why);
    if (rc)
        return rc;
    rc = store_record_each(app->store, inq_desc(), 0, NULL, inq_collect_one, c, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        return rc;
    }
    if (c->n > 1)
        qsort(c->items, c->n, sizeof(*c->items), inq_older);
    struct strbuf ids = STRBUF_INIT;
    strbuf_addf(&ids, "%s ids=", purpose);
    for (size_t i = 0; i < c->n; i++)
        strbuf_addf(&ids, "%s%lld", i ? "," : "", (long long)c->items[i].id);
    rc = strbuf_error(&ids);
    if (!rc)
        rc = audit_read(app, "list", inq_desc(), 0, 0, strbuf_str(&ids), why);
    strbuf_release(&ids);
    (void)a;
    return rc;
}

/* What a partner sees of its own inquiry: what it wrote and the answers, never the child's id, the
 * notification's id or who in the municipality took it in. */
static void
partner_view(struct record *r)
{
    static const char *const hidden[] = { "child_id", "notification_id", "taken_by" };
    for (size_t i = 0; i < ARRAY_SIZE(hidden); i++) {
        struct value *v = &r->v[record_field_index(r->desc, hidden[i])];
        v->set = false;
        v->s = NULL;
        v->i = 0;
    }
}

enum err
app_inquiry_mine(struct app *app, struct arena *a, struct record **out, size_t *n,
                 struct strbuf *why)
{
    *out = NULL;
    *n = 0;
    enum err rc = app_capability(app, CAP_FILE_INQUIRY, "own inquiries", why);
    if (rc)
        return rc;
    struct inq_collect c = { app, a, app->who.login, false, NULL, 0, 0 };
    rc = inq_list(app, a, &c, "own", why);
    if (rc)
        return rc;
    for (size_t i = 0; i < c.n; i++)
        partner_view(&c.items[i]);
    inq_reverse(c.items, c.n);
    *out = c.items;
    *n = c.n;
    return OK;
}

enum err
app_inquiry_inbox(struct app *app, struct arena *a, struct record **out, size_t *n,
                  struct strbuf *why)
{
    *out = NULL;
    *n = 0;
    enum err rc = app_capability(app, CAP_INTAKE, "inquiry inbox", why);
    if (rc)
        return rc;
    struct inq_collect c = { app, a, NULL, true, NULL, 0, 0 };
    rc = inq_list(app, a, &c, "inbox", why);
    if (rc)
        return rc;
    *out = c.items;
    *n = c.n;
    return OK;
}

enum err
app_inquiry_get(struct app *app, int64_t id, struct arena *a, struct record *out,
                struct strbuf *why)
{
    enum err rc = app_capability(app, CAP_INTAKE, "inquiry", why);
    if (rc)
        return rc;
    rc = store_begin_read(app->store, why);
    if (!rc)
        rc = store_record_get(app->store, inq_desc(), id, a, out, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        return not_found(app, rc, "inquiry", why);
    }
    return audit_read(app, "read", inq_desc(), id, child_of(out), "intake", why);
}

/* --- taking in ------------------------------------------------------------------------------- */

struct find_cpr {
    const char *cpr;
    int64_t id;
};

static enum err
find_cpr_one(void *ctx, const struct record *child)
{
    struct find_cpr *f = ctx;
    const char *cpr = record_get_s(child, "cpr");
    if (!f->id && cpr && strcmp(cpr, f->cpr) == 0)
        f->id = child->id;
    return OK;
}

struct open_case {
    int64_t id;
};

static enum err
open_case_one(void *ctx, const struct record *kase)
{
    struct open_case *o = ctx;
    if (!record_get_s(kase, "closed"))
        o->id = kase->id;
    return OK;
}

/* An edit inside the caller's transaction: the earlier version kept, audited. */
static enum err
update_in(struct app *app, struct arena *a, struct record *r, const struct record *old,
          struct strbuf *why)
{
    struct strbuf old_json = STRBUF_INIT;
    char at[DATETIME_BUF];
    now_text(app, at);
    enum err rc = check_record(app, a, r, why);
    if (!rc)
        rc = json_record_encode(old, JSON_REC_VERSION, &old_json);
    if (!rc)
        rc = store_record_update(app->store, r, old->version, strbuf_str(&old_json), at, app->actor,
                                 why);
    if (!rc)
        rc = audit(app, "update", r->desc, r->id, child_of(r), NULL, why);
    strbuf_release(&old_json);
    return rc;
}

/* The known child with the inquiry's CPR number, or 0. */
static enum err
find_child(struct app *app, const struct record *q, int64_t *child, struct strbuf *why)
{
    const char *cpr = record_get_s(q, "child_cpr");
    struct find_cpr f = { cpr, 0 };
    *child = 0;
    if (!cpr)
        return OK;
    enum err rc =
        store_record_each(app->store, record_desc_get(RT_child), 0, NULL, find_cpr_one, &f, why);
    *child = f.id;
    return rc;
}

/* A child not known before, registered from what the partner wrote. */
static enum err
new_child(struct app *app, struct arena *a, const struct record *q, int64_t *child,
          struct strbuf *why)
{
    const struct record_desc *cd = record_desc_get(RT_child);
    const char *cpr = record_get_s(q, "child_cpr"), *born = record_get_s(q, "child_birth");
    char from_cpr[DATE_BUF];
    struct record c;
    struct cpr p;
    if (!born && cpr && cpr_parse(cpr, &p, NULL) == OK) {
        date_format(p.birth, from_cpr);
        born = from_cpr;
    }
    record_init(&c, cd);
    enum err rc =
        record_set_text(&c, a, record_field_index(cd, "name"), record_get_s(q, "child_name"), why);
    if (!rc && cpr)
        rc = record_set_text(&c, a, record_field_index(cd, "cpr"), cpr, why);
    if (!rc && born)
        rc = record_set_text(&c, a, record_field_index(cd, "birth_date"), born, why);
    if (!rc)
        rc = insert_in(app, a, &c, "inquiry taken in", why);
    *child = c.id;
    return rc;
}

/* The child's open case, or a new one with caseworker in the actor's team. */
static enum err
take_case(struct app *app, struct arena *a, int64_t child, const char *caseworker, int64_t *case_id,
          struct strbuf *why)
{
    const struct record_desc *kd = record_desc_get(RT_case);
    struct open_case o = { 0 };
    enum err rc = store_record_each_of_child(app->store, kd, child, a, open_case_one, &o, why);
    if (rc)
        return rc;
    if (o.id) {
        *case_id = o.id;
        return OK;
    }
    if (!policy_may_take_in(&app->who, caseworker, app->who.team))
        return why_set(why, ERR_FORBIDDEN,
                       "case.caseworker: a new child's case is opened by its caseworker, or by "
                       "the team's leader, in the own team");
    struct record k;
    char today[DATE_BUF];
    date_format(calendar_cph_date(app->now()), today);
    record_init(&k, kd);
    rc = record_set_int(&k, record_field_index(kd, "child_id"), child, why);
    if (!rc)
        rc = record_set_text(&k, a, record_field_index(kd, "caseworker"), caseworker, why);
    if (!rc && app->who.team)
        rc = record_set_text(&k, a, record_field_index(kd, "team"), app->who.team, why);
    if (!rc)
        rc = record_set_text(&k, a, record_field_index(kd, "opened"), today, why);
    if (!rc)
        rc = insert_in(app, a, &k, "inquiry taken in", why);
    *case_id = k.id;
    return rc;
}

/* The notification made from a formal notification or a concern taken in as one: received when
 * the partner filed it (the 24 hours run from then), its receipt given by taking it in. */
static enum err
take_notification(struct app *app, struct arena *a, const struct record *q, int64_t child,
                  int64_t case_id, int64_t *nid, struct strbuf *why)
{
    const struct record_desc *nd = record_desc_get(RT_notification);
    struct record n;
    struct strbuf content = STRBUF_INIT;
    char now[DATETIME_BUF];
    now_text(app, now);
    record_init(&n, nd);
    /* What the partner wrote, each part under the label of its field (records.def). */
    static const char *const parts[] = { "since", "partner_action" };
    const struct record_desc *qd = q->desc;
    strbuf_addstr(&content, record_get_s(q, "seen"));
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
        if (record_get_s(q, parts[i]))
            strbuf_addf(&content, "\n\n%s: %s",
                        qd->fields[record_field_index(qd, parts[i])].label_da,
                        record_get_s(q, parts[i]));
    if (record_get_i(q, "parents_informed", 0))
        strbuf_addf(&content, "\n\n%s.",
                    qd->fields[record_field_index(qd, "parents_informed")].label_da);
    enum err rc = strbuf_error(&content);
    if (!rc)
        rc = record_set_int(&n, record_field_index(nd, "child_id"), child, why);
    if (!rc)
        rc = record_set_int(&n, record_field_index(nd, "case_id"), case_id, why);
    if (!rc)
        rc = record_set_text(&n, a, record_field_index(nd, "received_at"),
                             record_get_s(q, "filed_at"), why);
    if (!rc)
        rc = record_set_text(&n, a, record_field_index(nd, "notifier_type"),
                             record_get_s(q, "notifier_type"), why);
    if (!rc)
        rc = record_set_text(&n, a, record_field_index(nd, "content"), strbuf_str(&content), why);
    if (!rc)
        rc = record_set_text(&n, a, record_field_index(nd, "receipt_sent_at"), now, why);
    if (!rc)
        rc = insert_in(app, a, &n, "inquiry taken in", why);
    strbuf_release(&content);
    *nid = n.id;
    return rc;
}

/* Inside the transaction of a change to inquiry id: the form's one-time token claimed, and the
 * inquiry read into *old if it is still at version (ERR_CONFLICT if someone saved it since). */
static enum err
read_at_version(struct app *app, struct arena *a, int64_t id, int64_t version, struct record *old,
                struct strbuf *why)
{
    enum err rc = claim_once(app, why);
    if (!rc)
        rc = store_record_get(app->store, inq_desc(), id, a, old, why);
    if (!rc && old->version != version)
        rc = why_set(why, ERR_CONFLICT,
                     "inquiry %lld: changed by someone else (now version %lld); nothing was saved",
                     (long long)id, (long long)old->version);
    return rc;
}

enum err
app_inquiry_take(struct app *app, struct arena *a, int64_t id, int64_t version,
                 const char *response, const char *caseworker, int64_t *child_out,
                 struct strbuf *why)
{
    const struct record_desc *d = inq_desc();
    struct record q, old;
    *child_out = 0;
    enum err rc = app_capability(app, CAP_INTAKE, "take in an inquiry", why);
    if (rc)
        return rc;
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = read_at_version(app, a, id, version, &old, why);
    if (!rc && record_get_s(&old, "taken_at"))
        rc = why_set(why, ERR_CONFLICT, "inquiry %lld: taken in already", (long long)id);
    const char *kind = rc ? NULL : record_get_s(&old, "kind");
    if (!rc && (!response || !*response))
        rc = why_set(why, ERR_INVALID, "inquiry.response: choose how the inquiry is answered");
    if (!rc && strcmp(kind, "formal_notification") == 0 && strcmp(response, "notification") != 0)
        rc = why_set(why, ERR_INVALID,
                     "inquiry.response: a formal notification is handled as a notification "
                     "(Barnets lov § 133)");
    q = old;
    if (!rc)
        rc = record_set_text(&q, a, record_field_index(d, "response"), response, why);
    /* Every inquiry taken in is kept with its child (found or registered), so that the child's
     * file holds it and the figures count it; only a notification or a step-1 course opens a
     * case (or uses the open one). */
    bool needs_case =
        !rc && (strcmp(response, "notification") == 0 || strcmp(response, "step1_course") == 0);
    int64_t child = 0, case_id = 0, nid = 0;
    struct figure_keep keep;
    if (!rc)
        rc = find_child(app, &q, &child, why);
    bool known = child != 0;
    if (!rc)
        rc = figures_keep_begin(app, child, a, &keep, why);
    if (!rc && !known)
        rc = new_child(app, a, &q, &child, why);
    if (!rc && needs_case)
        rc = take_case(app, a, child, caseworker, &case_id, why);
    if (!rc && needs_case && strcmp(response, "notification") == 0)
        rc = take_notification(app, a, &q, child, case_id, &nid, why);
    char now[DATETIME_BUF];
    now_text(app, now);
    if (!rc && child)
        rc = record_set_int(&q, record_field_index(d, "child_id"), child, why);
    if (!rc && nid)
        rc = record_set_int(&q, record_field_index(d, "notification_id"), nid, why);
    if (!rc)
        rc = record_set_text(&q, a, record_field_index(d, "taken_at"), now, why);
    if (!rc)
        rc = record_set_text(&q, a, record_field_index(d, "taken_by"), app->actor, why);
    if (!rc)
        rc = update_in(app, a, &q, &old, why);
    if (!rc && child)
        rc = figures_keep_end(app, child, &keep, a, why);
    if (!rc)
        rc = once_done(app, &q, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        if (rc == ERR_FORBIDDEN)
            return audit_refusal(app, 0, "take in an inquiry", why);
        return not_found(app, rc, "take in an inquiry", why);
    }
    if (known)
        LOG(LOG_INFO, "inquiry %lld taken in for a known child", (long long)id);
    *child_out = child;
    return OK;
}

enum err
app_inquiry_answer(struct app *app, struct arena *a, int64_t id, int64_t version,
                   const char *feedback, struct strbuf *why)
{
    const struct record_desc *d = inq_desc();
    struct record q, old;
    enum err rc = app_capability(app, CAP_INTAKE, "answer an inquiry", why);
    if (rc)
        return rc;
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = read_at_version(app, a, id, version, &old, why);
    if (!rc && !record_get_s(&old, "taken_at"))
        rc = why_set(why, ERR_INVALID,
                     "inquiry.feedback: take the inquiry in before you answer the partner");
    if (!rc && record_get_s(&old, "feedback_at"))
        rc = why_set(why, ERR_CONFLICT, "inquiry %lld: answered already", (long long)id);
    char now[DATETIME_BUF];
    now_text(app, now);
    q = old;
    if (!rc)
        rc = record_set_text(&q, a, record_field_index(d, "feedback"), feedback ? feedback : "",
                             why);
    if (!rc && !record_get_s(&q, "feedback"))
        rc = why_set(why, ERR_INVALID, "inquiry.feedback: write the answer to the partner");
    if (!rc)
        rc = record_set_text(&q, a, record_field_index(d, "feedback_at"), now, why);
    if (!rc)
        rc = update_in(app, a, &q, &old, why);
    /* The notification's feedback (U5) is this answer, through the same channel. */
    if (!rc && record_value(&q, "notification_id")->set) {
        const struct record_desc *nd = record_desc_get(RT_notification);
        struct record n, nold;
        rc =
            store_record_get(app->store, nd, record_get_i(&q, "notification_id", 0), a, &nold, why);
        n = nold;
        if (!rc && !record_get_s(&n, "feedback_sent_at")) {
            rc = record_set_text(&n, a, record_field_index(nd, "feedback_sent_at"), now, why);
            if (!rc)
                rc = update_in(app, a, &n, &nold, why);
        }
    }
    if (!rc)
        rc = once_done(app, &q, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return not_found(app, rc, "answer an inquiry", why);
}
