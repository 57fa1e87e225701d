/*
 * views.c - the read models behind the caseworker's pages: a child's whole case (the red thread),
 * a caseload with each child's step and next deadline, and search. Each is authorized per child
 * and audited (the ids shown, a search's kind of criterion) before it is returned.
 * Must not: contain SQL, or return a child the actor may not see.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "domain/calendar.h"
#include "domain/cpr.h"

#define SEARCH_PER_MINUTE 30

static struct date
today(const struct app *app)
{
    return calendar_cph_date(app->now());
}

static void
open_deadlines(struct app *app, const struct child_records *cr, struct date day, struct arena *a,
               struct deadline **out, size_t *n)
{
    struct asof at = { day, 0, false };
    struct deadline *all;
    size_t total = deadlines_for_child(&app->cfg, cr, at, a, &all), k = 0;
    for (size_t i = 0; i < total; i++)
        if (deadline_is_open(&all[i]))
            all[k++] = all[i];
    if (k > 1)
        qsort(all, k, sizeof(*all), deadline_cmp);
    *out = all;
    *n = k;
}

/* The personal fields a child's page shows (pages/child.c): the rest stay sealed. */
static const struct shown_field child_page_fields[] = {
    { RT_child, "name" },
    { RT_child, "cpr" },
    { RT_child, "school" },
    { RT_decision, "summary" },
    { RT_assessment, "conclusion" },
    { RT_conversation, "child_words" },
    { RT_goal, "text" },
    { RT_inquiry, "seen" },
    { RT_taskforce, "purpose" },
    { RT_taskforce, "outcome" },
    { RT_taskforce_member, "name" },
    { RT_taskforce_action, "text" },
    { RT_taskforce_action, "owner" },
    { RT_taskforce_meeting, "note" },
};

/* The custody holders of the child's header: the persons of its relations of kind parent_custody
 * in force on day (a consent's partner has no relations in scope, so none are read). */
static enum err
custody_holders(struct app *app, const struct child_records *cr, struct date day, struct arena *a,
                struct child_view *out, struct strbuf *why)
{
    size_t n = cr->n[RT_relation];
    out->custody = arena_alloc(a, (n ? n : 1) * sizeof(*out->custody));
    out->ncustody = 0;
    for (size_t i = 0; i < n; i++) {
        const struct record *r = &cr->recs[RT_relation][i];
        const char *to = record_get_s(r, "to_date"), *from = record_get_s(r, "from_date");
        struct date d;
        if (strcmp(record_get_s(r, "kind"), "parent_custody") != 0 ||
            (to && date_parse(to, &d) == OK && date_cmp(d, day) < 0) ||
            (from && date_parse(from, &d) == OK && date_cmp(d, day) > 0))
            continue;
        struct record p;
        enum err rc = store_record_get(app->store, record_desc_get(RT_person),
                                       record_get_i(r, "person_id", 0), a, &p, why);
        if (rc == ERR_NOT_FOUND)
            continue;
        if (rc)
            return rc;
        const char *name = record_get_s(&p, "name");
        if (name)
            out->custody[out->ncustody++] = name;
    }
    return OK;
}

/* The consent in force today whose grantee is the actor (read with the child's records, before
 * the scope drops every consent from what the actor sees: others' consents are not theirs). */
static const struct record *
consent_of(const struct app *app, const struct child_records *cr, struct date day)
{
    const struct record *mine = NULL;
    char d[DATE_BUF];
    date_format(day, d);
    for (size_t i = 0; i < cr->n[RT_consent]; i++) {
        const struct record *r = &cr->recs[RT_consent][i];
        const char *g = record_get_s(r, "grantee"), *from = record_get_s(r, "from_date");
        const char *to = record_get_s(r, "to_date"), *gone = record_get_s(r, "withdrawn");
        if (!g || !app->who.login || strcmp(g, app->who.login) != 0 || !from || !to ||
            strcmp(from, d) > 0 || strcmp(to, d) < 0 || (gone && strcmp(gone, d) <= 0))
            continue;
        mine = r; /* the latest, if several */
    }
    return mine;
}

static void
my_consent(const struct app *app, const struct child_records *cr, struct date day, struct arena *a,
           struct child_view *out)
{
    const struct record *r = consent_of(app, cr, day);
    if (!r)
        return;
    struct record *copy = arena_alloc(a, sizeof(*copy));
    *copy = *r;
    out->mine = copy;
}

/* The most a child's page takes per record beyond the record itself (red-thread events and their
 * labels, ladder history, deadlines): labels and legal bases are short, and free text is shown
 * from the record, not copied. Measured: about 2 KB a record with the record (children of 4 to
 * 63 records, 24-141 KB in all); twice that leaves room. */
#define PAGE_PER_RECORD 4096u

/* The types a form for records of d shows of the child: those d's fields point to (its <select>s of
 * the child's records), and the consents a partner's view is scoped by. */
static uint32_t
form_types(const struct record_desc *d)
{
    uint32_t want = UINT32_C(1) << RT_child | UINT32_C(1) << RT_consent;
    for (int i = 0; i < d->nfields; i++) {
        const struct record_desc *td =
            d->fields[i].kind == FK_REF ? record_desc_by_name(d->fields[i].ref) : NULL;
        if (td)
            want |= UINT32_C(1) << td->type;
    }
    return want;
}

/* The child's page, or with form what a form for records of form shows (form_types): no ladder,
 * deadlines or custody, audited as the form's read. */
static enum err
child_view(struct app *app, int64_t child, const struct record_desc *form, struct arena *a,
           struct child_view *out, struct strbuf *why)
{
    const struct record_desc *d = record_desc_get(RT_child);
    struct relation rel;
    struct store_open open;
    memset(out, 0, sizeof(*out));
    open_shown(&open, child_page_fields, ARRAY_SIZE(child_page_fields));
    if (form)
        open.skip = ~form_types(form);
    /* One read transaction for the policy check and the records: each transaction of its own
     * would find the connection's page cache emptied by the audit writes of other requests. */
    enum err rc = store_begin_read(app->store, why);
    if (rc)
        return rc;
    rc = authorize_check(app, OP_READ, d, child, &rel, why);
    if (!rc)
        rc = load_child_records(app, child, &open, a, &out->cr, why);
    /* What the page makes of each record (events, labels, deadlines) takes room as well, at most
     * PAGE_PER_RECORD bytes in a few pieces: a child whose page would not fit is refused here,
     * not cut off halfway. */
    size_t records = 0;
    for (int t = 0; !rc && t < RT__COUNT; t++)
        records += out->cr.n[t];
    if (!rc && !arena_fits(a, records * PAGE_PER_RECORD, records * 8))
        rc = why_set(why, ERR_TOO_LARGE, "child %lld: more records than one page can show",
                     (long long)child);
    if (!rc && policy_by_consent(&app->who))
        my_consent(app, &out->cr, today(app), a, out);
    out->share = rel.consent;
    if (!rc)
        scope_child_records_as(app, &rel, a, &out->cr);
    if (!rc && !form)
        rc = custody_holders(app, &out->cr, today(app), a, out, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        return rc == ERR_FORBIDDEN ? authorize_refused(app, OP_READ, d, child, why) : rc;
    }
    rc = audit_read(app, "read", d, child, child, form ? "form" : "red thread", why);
    if (rc)
        return rc;
    struct date day = today(app);
    out->today = day;
    size_t nopen;
    const struct record *kase = child_open_case(&out->cr, &nopen);
    out->caseworker = kase ? record_get_s(kase, "caseworker") : NULL;
    out->team = kase ? record_get_s(kase, "team") : NULL;
    if (form)
        return OK;
    out->step = ladder_step_on(&out->cr, day, &out->step_since);
    out->nhistory = ladder_history(&out->cr, day, a, &out->history);
    /* Deadlines are the caseworker's: a consented partner sees none. */
    if (!policy_by_consent(&app->who))
        open_deadlines(app, &out->cr, day, a, &out->deadlines, &out->ndeadlines);
    return OK;
}

enum err
app_child_view(struct app *app, int64_t child, struct arena *a, struct child_view *out,
               struct strbuf *why)
{
    return child_view(app, child, NULL, a, out, why);
}

enum err
app_child_form_view(struct app *app, int64_t child, const struct record_desc *d, struct arena *a,
                    struct child_view *out, struct strbuf *why)
{
    return child_view(app, child, d, a, out, why);
}

struct caseload_ctx {
    struct app *app;
    struct arena *a;       /* the rows and what they keep */
    struct arena *scratch; /* one child's records, reset per child */
    struct date day;
    struct caseload_row *rows;
    size_t n, cap;
    struct strbuf ids;
    struct strbuf *why;
    const char *query; /* search: NULL for the whole caseload */
    bool query_cpr;
    struct store_open open;
};

/* Lower-case copy for matching: ASCII letters and the Latin-1 letters of UTF-8 (Æ, Ø, Å, ...). */
static char *
fold(struct arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_strndup(a, s, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];
        if (c < 0x80) {
            out[i] = (char)tolower(c);
        } else if (c == 0xc3 && i + 1 < n) {
            unsigned char d = (unsigned char)out[i + 1];
            if (d >= 0x80 && d <= 0x9e && d != 0x97)
                out[i + 1] = (char)(d + 0x20);
            i++;
        }
    }
    return out;
}

/* Every word of query is in name, in any order ("Ølgod Testbarn" finds "Testbarn Ærø Ølgod"). */
static bool
name_matches(struct arena *a, const char *name, const char *query)
{
    const char *n = fold(a, name);
    char *q = fold(a, query);
    bool any = false;
    char *save = NULL;
    for (char *w = strtok_r(q, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
        if (!strstr(n, w))
            return false;
        any = true;
    }
    return any;
}

static bool
matches(const struct caseload_ctx *c, const struct record *child)
{
    if (!c->query)
        return true;
    if (c->query_cpr) {
        const char *cpr = record_get_s(child, "cpr");
        return cpr && strcmp(cpr, c->query) == 0;
    }
    const char *name = record_get_s(child, "name");
    return name && name_matches(c->scratch, name, c->query);
}

/* One child's row. Its records and deadlines are worked on in the scratch arena; the row keeps
 * a copy of the child and of its first open deadline, so a team's list holds rows, not
 * histories. A list that would not fit its arena is refused (ERR_TOO_LARGE). */
static enum err
caseload_child(void *ctx, int64_t child_id)
{
    struct caseload_ctx *c = ctx;
    struct child_records cr;
    arena_reset(c->scratch);
    enum err rc = load_child_records(c->app, child_id, &c->open, c->scratch, &cr, c->why);
    /* A partner's row says what the consent shares, and until when (before the scope drops it). */
    const struct record *mine =
        !rc && policy_by_consent(&c->app->who) ? consent_of(c->app, &cr, c->day) : NULL;
    const char *scope = mine ? record_get_s(mine, "scope") : NULL;
    const char *until = mine ? record_get_s(mine, "to_date") : NULL;
    if (!rc)
        rc = scope_child_records(c->app, child_id, c->scratch, &cr, c->why);
    if (rc)
        return rc;
    if (!matches(c, cr.child))
        return OK;
    struct deadline *dl = NULL;
    size_t n = 0;
    if (!policy_by_consent(&c->app->who))
        open_deadlines(c->app, &cr, c->day, c->scratch, &dl, &n);
    size_t nopen;
    const struct record *kase = child_open_case(&cr, &nopen);
    /* Of the open case; a consented partner is not told. */
    const char *caseworker =
        kase && !policy_by_consent(&c->app->who) ? record_get_s(kase, "caseworker") : NULL;
    size_t cap = c->n == c->cap ? (c->cap ? c->cap * 2 : 32) : c->cap;
    size_t pieces =
        1 + (n > 0) + (cap > c->cap) + (caseworker != NULL) + (scope != NULL) + (until != NULL);
    size_t bytes = sizeof(struct record) + record_strings_size(cr.child, &pieces) +
                   (caseworker ? strlen(caseworker) + 1 : 0) + (scope ? strlen(scope) + 1 : 0) +
                   (until ? strlen(until) + 1 : 0) +
                   (n ? sizeof(struct deadline) + deadline_strings_size(&dl[0], &pieces) : 0) +
                   (cap > c->cap ? cap * sizeof(*c->rows) : 0);
    if (!arena_fits(c->a, bytes, pieces))
        return why_set(c->why, ERR_TOO_LARGE,
                       "list: more children than one list can hold (%zu read)", c->n);
    if (cap > c->cap) {
        struct caseload_row *rows = arena_alloc(c->a, cap * sizeof(*rows));
        if (c->n)
            memcpy(rows, c->rows, c->n * sizeof(*rows));
        c->rows = rows;
        c->cap = cap;
    }
    struct caseload_row *row = &c->rows[c->n++];
    memset(row, 0, sizeof(*row));
    struct record *child = arena_alloc(c->a, sizeof(*child));
    *child = *cr.child;
    record_strings_copy(child, c->a);
    row->child = child;
    row->caseworker = caseworker ? arena_strdup(c->a, caseworker) : NULL;
    row->consent_scope = scope ? arena_strdup(c->a, scope) : NULL;
    row->consent_until = until ? arena_strdup(c->a, until) : NULL;
    row->step = ladder_step_on(&cr, c->day, &row->since);
    row->open_deadlines = n;
    row->overdue = 0;
    for (size_t i = 0; i < n; i++)
        row->overdue += dl[i].status == DL_OVERDUE;
    if (n) {
        struct deadline *next = arena_alloc(c->a, sizeof(*next));
        *next = dl[0];
        deadline_strings_copy(next, c->a);
        row->next = next;
    }
    strbuf_addf(&c->ids, "%s%lld", c->n > 1 ? "," : "", (long long)child_id);
    return OK;
}

static enum err
caseload(struct app *app, const char *query, bool query_cpr, const char *what, struct arena *a,
         struct caseload_row **rows, size_t *n, struct strbuf *why)
{
    struct caseload_ctx c = { app, a,           NULL, today(app), NULL,      0,
                              0,   STRBUF_INIT, why,  query,      query_cpr, { { 0 }, 0 } };
    char day[DATE_BUF];
    enum err rc = authorize(app, OP_LIST, NULL, 0, why);
    if (!rc && policy_list_source(&app->who) == LIST_NONE)
        rc = authorize_refused(app, OP_LIST, NULL, 0, why);
    if (rc)
        return rc;
    date_format(c.day, day);
    rc = store_begin_read(app->store, why);
    if (rc)
        return rc;
    c.scratch = arena_new(CHILD_SCRATCH_CAP);
    open_shown(&c.open, child_list_fields, ARRAY_SIZE(child_list_fields));
    rc = visible_children(app, record_desc_get(RT_child), day, NULL, NULL, caseload_child, &c, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    arena_free(c.scratch);
    if (!rc) {
        struct strbuf detail = STRBUF_INIT;
        strbuf_addf(&detail, "%s children=%s", what, strbuf_str(&c.ids));
        rc = strbuf_error(&detail);
        if (!rc)
            rc = audit_read(app, "list", record_desc_get(RT_child), 0, 0, strbuf_str(&detail), why);
        strbuf_release(&detail);
    }
    strbuf_release(&c.ids);
    *rows = c.rows;
    *n = rc ? 0 : c.n;
    return rc;
}

enum err
app_caseload(struct app *app, struct arena *a, struct caseload_row **rows, size_t *n,
             struct strbuf *why)
{
    return caseload(app, NULL, false, "caseload", a, rows, n, why);
}

static bool search_cpr(const char *query, struct cpr *c);
static enum err search_throttle(struct app *app, struct strbuf *why);

enum err
app_search(struct app *app, const char *query, struct arena *a, struct caseload_row **rows,
           size_t *n, struct strbuf *why)
{
    struct cpr c;
    size_t len = query ? strlen(query) : 0;
    if (len < 2 || len > 100)
        return why_set(why, ERR_INVALID, "search.q: must be 2 to 100 characters");
    /* A CPR number is matched exactly on its canonical form; anything else is a name. The
     * criterion itself is personal data, so the audit row says only which kind it was. */
    bool is_cpr = search_cpr(query, &c);
    enum err rc = search_throttle(app, why);
    if (rc)
        return rc;
    return caseload(app, is_cpr ? arena_strdup(a, c.canonical) : query, is_cpr,
                    is_cpr ? "search kind=cpr" : "search kind=name", a, rows, n, why);
}

/* A CPR number as typed: with a dash, without, or with a space ("DDMMYY NNNN", as it is read
 * aloud or copied from a letter). */
static bool
search_cpr(const char *query, struct cpr *c)
{
    size_t len = strlen(query);
    if (cpr_parse(query, c, NULL) == OK)
        return true;
    if (len != 11 || query[6] != ' ')
        return false;
    char dashed[12];
    memcpy(dashed, query, 11);
    dashed[6] = '-';
    dashed[11] = '\0';
    return cpr_parse(dashed, c, NULL) == OK;
}

/* Anti-automation (QUALITY S-31): a user may search at most SEARCH_PER_MINUTE times a minute
 * (the caseload's search and the intake's together); the count comes from the audit rows the
 * searches left. */
static enum err
search_throttle(struct app *app, struct strbuf *why)
{
    if (app->who.kind == ACTOR_USER) {
        char since[DATETIME_BUF];
        int64_t recent = 0;
        datetime_format(app->now() - 60, since);
        /* The queue first: a row leaves it only after it is in the table (audit_pending). */
        int64_t queued = audit_pending(app->actor, "search");
        enum err rc = store_count_actor_rows(app->store, app->actor, "search", since, &recent, why);
        if (rc)
            return rc;
        recent += queued;
        if (recent >= SEARCH_PER_MINUTE)
            return why_set(why, ERR_RATE, "search: more than %d searches a minute",
                           SEARCH_PER_MINUTE);
    }
    return OK;
}

/* --- the intake's search over every child ----------------------------------------------------- */

enum intake_kind { IK_CPR, IK_BORN, IK_NAME };

struct intake_ctx {
    struct app *app;
    struct arena *a;
    struct arena *scratch;
    enum intake_kind kind;
    const char *cpr;  /* IK_CPR: canonical */
    struct date born; /* IK_BORN */
    bool two_digit;   /* IK_BORN from DDMMYY: the century is not known */
    const char *query;
    struct intake_hit *hits;
    size_t n;
};

/* A birth date as typed: DD.MM.YYYY, DD-MM-YYYY, YYYY-MM-DD, or DDMMYY (two_digit). */
static bool
search_born(const char *q, struct date *out, bool *two_digit)
{
    int d, m, y;
    char end;
    *two_digit = false;
    if (date_parse(q, out) == OK)
        return true;
    if ((sscanf(q, "%2d.%2d.%4d%c", &d, &m, &y, &end) == 3 ||
         sscanf(q, "%2d-%2d-%4d%c", &d, &m, &y, &end) == 3) &&
        y >= 1900) {
        *out = (struct date){ y, m, d };
        return date_valid(out->y, out->m, out->d);
    }
    if (strlen(q) == 6 && strspn(q, "0123456789") == 6) {
        d = (q[0] - '0') * 10 + (q[1] - '0');
        m = (q[2] - '0') * 10 + (q[3] - '0');
        y = (q[4] - '0') * 10 + (q[5] - '0');
        *out = (struct date){ 2000 + y, m, d };
        *two_digit = true;
        return date_valid(out->y, out->m, out->d);
    }
    return false;
}

static enum err
intake_one(void *ctx, const struct record *child)
{
    struct intake_ctx *c = ctx;
    struct date born;
    bool has_born = child_birth_date(child, &born);
    const char *cpr = record_get_s(child, "cpr");
    bool hit = false;
    if (c->n == INTAKE_HITS_MAX)
        return OK;
    arena_reset(c->scratch);
    switch (c->kind) {
    case IK_CPR:
        hit = cpr && strcmp(cpr, c->cpr) == 0;
        break;
    case IK_BORN:
        hit = has_born && born.m == c->born.m && born.d == c->born.d &&
              (c->two_digit ? born.y % 100 == c->born.y % 100 : born.y == c->born.y);
        break;
    case IK_NAME: {
        const char *name = record_get_s(child, "name");
        hit = name && name_matches(c->scratch, name, c->query);
        break;
    }
    }
    if (!hit)
        return OK;
    struct intake_hit *h = &c->hits[c->n++];
    memset(h, 0, sizeof(*h));
    h->id = child->id;
    const char *name = record_get_s(child, "name");
    h->name = name ? arena_strdup(c->a, name) : NULL;
    if (cpr && strlen(cpr) >= 6)
        memcpy(h->cpr6, cpr, 6);
    h->born = born;
    h->has_born = has_born;
    return OK;
}

static enum err
intake_case(void *ctx, const struct record *kase)
{
    struct intake_hit *h = ctx;
    if (!record_get_s(kase, "closed")) {
        h->caseworker = record_get_s(kase, "caseworker");
        h->team = record_get_s(kase, "team");
    }
    return OK;
}

enum err
app_intake_search(struct app *app, const char *q, struct arena *a, struct intake_hit **hits,
                  size_t *n, struct strbuf *why)
{
    struct intake_ctx c;
    struct cpr cpr;
    memset(&c, 0, sizeof(c));
    *hits = NULL;
    *n = 0;
    size_t len = q ? strlen(q) : 0;
    enum err rc = app_capability(app, CAP_INTAKE, "intake search", why);
    if (rc)
        return rc;
    if (len < 2 || len > 100)
        return why_set(why, ERR_INVALID, "search.q: must be 2 to 100 characters");
    c.app = app;
    c.a = a;
    c.query = q;
    c.kind = search_cpr(q, &cpr)                     ? IK_CPR
             : search_born(q, &c.born, &c.two_digit) ? IK_BORN
                                                     : IK_NAME;
    if (c.kind == IK_CPR)
        c.cpr = arena_strdup(a, cpr.canonical);
    rc = search_throttle(app, why);
    if (rc)
        return rc;
    c.hits = arena_alloc(a, INTAKE_HITS_MAX * sizeof(*c.hits));
    c.scratch = arena_new(64 * 1024);
    rc = store_begin_read(app->store, why);
    if (!rc)
        rc = store_record_each(app->store, record_desc_get(RT_child), 0, NULL, intake_one, &c, why);
    for (size_t i = 0; !rc && i < c.n; i++) {
        struct relation rel;
        rc = store_record_each_of_child(app->store, record_desc_get(RT_case), c.hits[i].id, a,
                                        intake_case, &c.hits[i], why);
        if (!rc) {
            enum err may =
                authorize_check(app, OP_READ, record_desc_get(RT_child), c.hits[i].id, &rel, NULL);
            c.hits[i].may_read = may == OK;
            if (may && may != ERR_FORBIDDEN)
                rc = may;
        }
    }
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    arena_free(c.scratch);
    if (rc)
        return rc;
    struct strbuf detail = STRBUF_INIT;
    static const char *const kinds[] = { "cpr", "birth_date", "name" };
    strbuf_addf(&detail, "search kind=%s purpose=intake children=", kinds[c.kind]);
    for (size_t i = 0; i < c.n; i++)
        strbuf_addf(&detail, "%s%lld", i ? "," : "", (long long)c.hits[i].id);
    rc = strbuf_error(&detail);
    if (!rc)
        rc = audit_read(app, "list", record_desc_get(RT_child), 0, 0, strbuf_str(&detail), why);
    strbuf_release(&detail);
    if (rc)
        return rc;
    *hits = c.hits;
    *n = c.n;
    return OK;
}
