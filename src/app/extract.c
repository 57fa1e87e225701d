/*
 * extract.c - the pseudonymised extract for analysts (DESIGN.md: "analyst: pseudonymised
 * extracts, no identities"). Every case record except persons, relations and consents, as JSON
 * Lines without record ids: the child is named by a pseudonym (a keyed BLAKE2b of its id under
 * the key file's lookup key, the same in every extract, so courses can be followed over time, and
 * not reversible without the key); a date of birth is given as the year only; CPR numbers, names,
 * free text, references to other records, and the caseworker are left out. Analysts (and the
 * operator) only; the extract is audited, with its size, before it is handed out.
 * Must not: put an identity, a record id or a free-text field into the extract.
 */
#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "core/str.h"
#include "json/json.h"

/* The only text fields that go out: the legal basis, the team, the expected duration. */
static bool
text_allowed(const char *name)
{
    return strcmp(name, "legal_basis") == 0 || strcmp(name, "team") == 0 ||
           strcmp(name, "expected_duration") == 0;
}

/* Whether field i of d goes into the extract (the child field is replaced by the pseudonym). */
static bool
field_allowed(const struct record_desc *d, int i)
{
    const struct field_desc *f = &d->fields[i];
    if (f->flags & (F_PERSONAL | F_RESTRICTED))
        return false;
    switch (f->kind) {
    case FK_CPR:
    case FK_REF:
        return false;
    case FK_TEXT:
        return text_allowed(f->name);
    default:
        return true;
    }
}

static bool
type_allowed(enum record_type t)
{
    return t != RT_person && t != RT_relation && t != RT_consent;
}

struct extract {
    struct app *app;
    struct arena *rows; /* reset after every record */
    struct strbuf *out;
    size_t records, children;
};

static void
pseudonym(const struct app *app, int64_t child, char out[static 65])
{
    char in[48];
    snprintf(in, sizeof(in), "pseudonym:child:%lld", (long long)child);
    crypto_lookup_hash(&app->ring, in, out);
    out[20] = '\0'; /* 80 bits: unique among millions, short enough to read */
}

static enum err
extract_one(void *ctx, const struct record *r)
{
    struct extract *x = ctx;
    const struct record_desc *d = r->desc;
    struct record copy = *r;
    char pseudo[65];
    int64_t child = r->id;
    if (d->type != RT_child)
        child = d->child_field >= 0 && r->v[d->child_field].set ? r->v[d->child_field].i : 0;
    for (int i = 0; i < d->nfields; i++) {
        if (!field_allowed(d, i)) {
            copy.v[i].set = false;
            continue;
        }
        /* A date of birth (or the expected one) as the year only. */
        if (d->type == RT_child && copy.v[i].set && d->fields[i].kind == FK_DATE) {
            char *year = arena_alloc(x->rows, 5);
            memcpy(year, copy.v[i].s, 4);
            year[4] = '\0';
            copy.v[i].s = year;
        }
    }
    pseudonym(x->app, child, pseudo);
    enum err rc = json_record_encode_pseudo(&copy, pseudo, x->out);
    strbuf_addch(x->out, '\n');
    x->records++;
    if (d->type == RT_child)
        x->children++;
    arena_reset(x->rows);
    return rc ? rc : strbuf_error(x->out);
}

/* Anti-automation (QUALITY S-31): the extracts a user took in the last hour, from the audit
 * rows they left (the queue's as well, see search_throttle). */
static enum err
extract_throttle(struct app *app, struct strbuf *why)
{
    if (app->who.kind != ACTOR_USER)
        return OK;
    char since[DATETIME_BUF];
    int64_t recent = 0;
    datetime_format(app->now() - 3600, since);
    int64_t queued = audit_pending(app->actor, "pseudonymised extract");
    enum err rc = store_count_actor_rows(app->store, app->actor, "pseudonymised extract", since,
                                         &recent, why);
    if (!rc && recent + queued >= EXTRACTS_PER_HOUR)
        rc = why_set(why, ERR_RATE, "extract: more than %d extracts an hour", EXTRACTS_PER_HOUR);
    return rc;
}

enum err
app_extract_pseudonymised(struct app *app, const char *purpose, struct strbuf *out,
                          size_t *children, size_t *records, struct strbuf *why)
{
    enum err rc = app_capability(app, CAP_EXTRACT, "pseudonymised extract", why);
    if (rc)
        return rc;
    if (!purpose)
        purpose = "";
    size_t len = strlen(purpose);
    while (len && (purpose[len - 1] == ' ' || purpose[len - 1] == '\n' || purpose[len - 1] == '\r'))
        len--;
    while (len && (*purpose == ' ' || *purpose == '\n' || *purpose == '\r'))
        purpose++, len--;
    bool one_line = memchr(purpose, '\n', len) == NULL && memchr(purpose, '\r', len) == NULL &&
                    memchr(purpose, '\t', len) == NULL;
    if (len > 1200 || !one_line || !utf8_text_valid(purpose, len) || utf8_len(purpose, len) < 10 ||
        utf8_len(purpose, len) > 300)
        return why_set(why, ERR_INVALID,
                       "extract.purpose: say what the extract is for, in one line of 10 to 300 "
                       "characters (a bulk export states its purpose)");
    rc = extract_throttle(app, why);
    if (rc)
        return rc;
    struct extract x = { app, arena_new(0), out, 0, 0 };
    rc = store_begin_read(app->store, why);
    for (int t = 0; !rc && t < RT__COUNT; t++)
        if (type_allowed((enum record_type)t))
            rc = store_record_each(app->store, record_desc_get((enum record_type)t), 0, x.rows,
                                   extract_one, &x, why);
    store_rollback(app->store);
    arena_free(x.rows);
    if (rc == ERR_TOO_LARGE || strbuf_error(out) != OK)
        return why_set(why, ERR_TOO_LARGE, "extract: too large to hand out in one piece");
    if (rc)
        return rc;
    /* Logged with its purpose, and durable, before the first line leaves. */
    char detail[1400];
    snprintf(detail, sizeof(detail), "pseudonymised extract: children=%zu records=%zu purpose=%.*s",
             x.children, x.records, (int)len, purpose);
    rc = audit_read(app, "export", NULL, 0, 0, detail, why);
    if (!rc) {
        *children = x.children;
        *records = x.records;
    }
    return rc;
}
