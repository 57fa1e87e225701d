/*
 * record.c - descriptors of the case records (from records.def) and their rules.
 * Must not: do I/O (referenced records come through struct record_lookup), or put a field's value
 * into an error message (it may be personal data).
 */
#include "domain/record.h"

#include <pthread.h>
#include <string.h>

#include "core/str.h"
#include "domain/calendar.h"
#include "domain/cpr.h"
#include "domain/date.h"

/* Closed value sets. Open, unverified code lists (notifier, reason) live in config/ instead. */
static const char *const enum_sex[] = { "female", "male", "unknown", NULL };
static const char *const enum_category[] = { "vulnerable", "particularly_vulnerable", NULL };
static const char *const enum_relation_kind[] = {
    "parent_custody", "parent_no_custody", "network", "sibling", "foster_parent", "other", NULL
};
static const char *const enum_notification_outcome[] = { "no_further_action", "screening",
                                                         "acute_measures", NULL };
static const char *const enum_screening_outcome[] = { "nothing_further", "afdaekning", "assessment",
                                                      NULL };
static const char *const enum_decision_type[] = {
    "support_s32",   "placement_s46",        "placement_s47",  "order_s39",
    "aftercare",     "change_of_placement",  "end_of_support", "refusal",
    "permanent_s67", "permanent_considered", "other",          NULL
};
/* Barnets lov § 91 stk. 1: with a § 32 decision the municipality decides whether to make a plan. */
static const char *const enum_plan_choice[] = { "make_plan", "no_plan", NULL };
static const char *const enum_end_reason[] = { "goal_achieved",     "stepped_down", "stepped_up",
                                               "changed_type",      "moved_away",   "turned_18",
                                               "consent_withdrawn", "other",        NULL };
static const char *const enum_rate_unit[] = {
    "hour", "day", "week", "month", "year", "once", NULL
};
static const char *const enum_plan_kind[] = { "barnets_plan", "ungeplan", NULL };
/* education, work and housing: the ungeplan's goals from 16 (Barnets lov §§ 108-109). */
static const char *const enum_goal_area[] = { "health", "development", "school",    "leisure",
                                              "family", "network",     "adulthood", "education",
                                              "work",   "housing",     NULL };
static const char *const enum_inquiry_kind[] = { "concern", "formal_notification", NULL };
/* What the intake answered a partner's inquiry with. */
static const char *const enum_inquiry_response[] = { "notification", "step1_course", "advice",
                                                     "no_action", NULL };
static const char *const enum_department[] = {
    "social_services", "job_centre", "youth_guidance", "psychiatry", "police_ssp",
    "youth_school",    "school",     "health",         "other",      NULL
};
static const char *const enum_contact_form[] = { "meeting",    "phone",   "message",
                                                 "home_visit", "no_show", NULL };
/* Where a young person of 18-22 is (the figure "in education or work"). */
static const char *const enum_occupation[] = { "in_education", "in_work", "neither", NULL };
/* Scales of follow-up measurements; their ranges are in scale_range(). */
static const char *const enum_scale[] = { "scale_0_10", "scale_1_5", "sdq_total", NULL };
/* shared_plan: the plan, its goals and follow-ups; case_overview: those and the case, its
 * interventions and the child's name and age (never notes). */
static const char *const enum_consent_scope[] = { "shared_plan", "case_overview", NULL };
static const char *const enum_given_by[] = { "young_person", "custody_holder", "both", NULL };
static const char *const enum_rated_by[] = { "child",  "parent", "caseworker", "foster",
                                             "school", "other",  NULL };

#define FD(n, k, fl, mn, mx, ev, rf, lbl) { #n, k, fl, mn, mx, ev, rf, lbl },
#define R_FIELDS(name, table, label, parent) \
    static const struct field_desc fields_##name[] = { FIELDS_##name(FD) };
RECORD_TYPES(R_FIELDS)
#undef R_FIELDS
#undef FD

#define R_DESC(name, table, label, parent)                                              \
    {                                                                                   \
        RT_##name, #name,  table, label, fields_##name, (int)ARRAY_SIZE(fields_##name), \
        -1,        parent, -1                                                           \
    },
static struct record_desc descs[] = { RECORD_TYPES(R_DESC) };
#undef R_DESC

static pthread_once_t descs_once = PTHREAD_ONCE_INIT;

/* Derived fields of the descriptions, once per process (the import decodes on two threads). */
static void
descs_fill(void)
{
    for (size_t t = 0; t < ARRAY_SIZE(descs); t++) {
        struct record_desc *d = &descs[t];
        if (d->nfields > RECORD_MAX_FIELDS)
            BUG("records.def: too many fields in one record");
        for (int i = 0; i < d->nfields; i++) {
            if (d->fields[i].flags & F_CHILD)
                d->child_field = i;
        }
        d->parent_field = record_field_index(d, d->parent);
    }
}

static void
descs_init(void)
{
    pthread_once(&descs_once, descs_fill);
}

const struct record_desc *
record_desc_get(enum record_type t)
{
    descs_init();
    if ((size_t)t >= ARRAY_SIZE(descs))
        BUG("record_desc_get: no such record type");
    return &descs[t];
}

const struct record_desc *
record_desc_by_name(const char *name)
{
    descs_init();
    for (size_t t = 0; t < ARRAY_SIZE(descs); t++)
        if (strcmp(descs[t].name, name) == 0)
            return &descs[t];
    return NULL;
}

int
record_field_index(const struct record_desc *d, const char *name)
{
    /* Pages and deadlines ask for the same few fields by name again and again: remember where
     * each (type, name pointer) was found last, per thread, and confirm it with one compare (a
     * reused buffer with other text only misses). */
    static _Thread_local struct {
        const struct record_desc *d;
        const char *name;
        int i;
    } memo[64];

    size_t h = (((uintptr_t)d >> 4) ^ ((uintptr_t)name >> 2)) % ARRAY_SIZE(memo);
    if (memo[h].d == d && memo[h].name == name && strcmp(d->fields[memo[h].i].name, name) == 0)
        return memo[h].i;
    for (int i = 0; i < d->nfields; i++)
        if (strcmp(d->fields[i].name, name) == 0) {
            memo[h].d = d;
            memo[h].name = name;
            memo[h].i = i;
            return i;
        }
    return -1;
}

void
record_init(struct record *r, const struct record_desc *d)
{
    memset(r, 0, sizeof(*r));
    r->desc = d;
}

static enum err
bad(struct strbuf *why, const struct record *r, int i, const char *rule)
{
    return why_set(why, ERR_INVALID, "%s.%s: %s", r->desc->name, r->desc->fields[i].name, rule);
}

/* A code is lower-case ASCII letters, digits, '-' and '_', 1-64 characters. */
static bool
code_syntax_ok(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

static void
scale_range(const char *scale, int64_t *lo, int64_t *hi)
{
    if (strcmp(scale, "scale_1_5") == 0) {
        *lo = 1;
        *hi = 5;
    } else if (strcmp(scale, "sdq_total") == 0) {
        *lo = 0;
        *hi = 40;
    } else {
        *lo = 0;
        *hi = 10;
    }
}

enum err
record_set_int(struct record *r, int i, int64_t v, struct strbuf *why)
{
    const struct field_desc *f = &r->desc->fields[i];
    switch (f->kind) {
    case FK_INT:
        if (v < f->min || v > f->max)
            return why_set(why, ERR_INVALID, "%s.%s: must be a whole number from %lld to %lld",
                           r->desc->name, f->name, (long long)f->min, (long long)f->max);
        break;
    case FK_REF:
        if (v < 1)
            return bad(why, r, i, "must be the id of an existing record (a positive whole number)");
        break;
    case FK_STEP:
        if (v < 0 || v > 99)
            return bad(why, r, i, "must be a step of the ladder (a whole number from 0)");
        break;
    case FK_BOOL:
        if (v != 0 && v != 1)
            return bad(why, r, i, "must be true or false");
        break;
    default:
        return bad(why, r, i, "must be text, not a number");
    }
    r->v[i].set = true;
    r->v[i].i = v;
    r->v[i].s = NULL;
    return OK;
}

enum err
record_set_text(struct record *r, struct arena *a, int i, const char *text, struct strbuf *why)
{
    const struct field_desc *f = &r->desc->fields[i];
    size_t n = strlen(text);
    enum err rc;
    int64_t iv;

    if (n > 100000)
        return bad(why, r, i, "is too long");
    if (!utf8_text_valid(text, n))
        return bad(why, r, i, "must be valid UTF-8 text without control characters");

    switch (f->kind) {
    case FK_TEXT: {
        size_t chars = utf8_len(text, n);
        if (chars < (size_t)f->min || chars > (size_t)f->max)
            return why_set(why, ERR_INVALID,
                           "%s.%s: is too %s: must be %lld to %lld characters long", r->desc->name,
                           f->name, chars < (size_t)f->min ? "short" : "long", (long long)f->min,
                           (long long)f->max);
        r->v[i].s = arena_strndup(a, text, n);
        break;
    }
    case FK_INT:
    case FK_REF:
    case FK_STEP:
        if (parse_i64(text, INT64_MIN, INT64_MAX, &iv) != OK)
            return bad(why, r, i, "must be a whole number");
        return record_set_int(r, i, iv, why);
    case FK_BOOL:
        if (strcmp(text, "true") == 0)
            iv = 1;
        else if (strcmp(text, "false") == 0)
            iv = 0;
        else
            return bad(why, r, i, "must be true or false");
        return record_set_int(r, i, iv, why);
    case FK_DATE: {
        struct date dt;
        if (date_parse(text, &dt) != OK)
            return bad(why, r, i, "must be a date YYYY-MM-DD between 1900 and 2200");
        r->v[i].s = arena_strndup(a, text, n);
        break;
    }
    case FK_DATETIME: {
        int64_t t;
        if (datetime_parse(text, &t) != OK)
            return bad(why, r, i, "must be a UTC time YYYY-MM-DDTHH:MM:SSZ");
        r->v[i].s = arena_strndup(a, text, n);
        break;
    }
    case FK_CPR: {
        struct cpr c;
        struct strbuf rule = STRBUF_INIT;
        rc = cpr_parse(text, &c, &rule);
        if (rc) {
            why_set(why, rc, "%s.%s: %s", r->desc->name, f->name, strbuf_str(&rule));
            strbuf_release(&rule);
            return rc;
        }
        strbuf_release(&rule);
        r->v[i].s = arena_strdup(a, c.canonical);
        break;
    }
    case FK_ENUM:
        if (!str_in_list(text, f->enum_values, NULL)) {
            struct strbuf list = STRBUF_INIT;
            for (size_t k = 0; f->enum_values[k]; k++)
                strbuf_addf(&list, "%s%s", k ? ", " : "", f->enum_values[k]);
            why_set(why, ERR_INVALID, "%s.%s: must be one of %s", r->desc->name, f->name,
                    strbuf_str(&list));
            strbuf_release(&list);
            return ERR_INVALID;
        }
        r->v[i].s = arena_strndup(a, text, n);
        break;
    case FK_CODE:
        if (!code_syntax_ok(text, n))
            return bad(why, r, i, "must be a code (a-z, 0-9, '-', '_')");
        r->v[i].s = arena_strndup(a, text, n);
        break;
    case FK_CODES: {
        /* Comma-separated codes, no duplicates. */
        const char *p = text;
        size_t count = 0;
        if (n == 0)
            return bad(why, r, i, "must list at least one code");
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            if (!code_syntax_ok(p, len))
                return bad(why, r, i, "must be codes (a-z, 0-9, '-', '_') separated by commas");
            for (const char *q = text; q < p;) {
                const char *c2 = strchr(q, ',');
                if ((size_t)(c2 - q) == len && memcmp(q, p, len) == 0)
                    return bad(why, r, i, "must not list the same code twice");
                q = c2 + 1;
            }
            count++;
            if (!comma)
                break;
            p = comma + 1;
            if (!*p)
                return bad(why, r, i, "must not end with a comma");
        }
        if (count > 20)
            return bad(why, r, i, "must list at most 20 codes");
        r->v[i].s = arena_strndup(a, text, n);
        break;
    }
    }
    r->v[i].set = true;
    r->v[i].i = 0;
    return OK;
}

const struct value *
record_value(const struct record *r, const char *field)
{
    int i = record_field_index(r->desc, field);
    if (i < 0)
        BUG("no such field in records.def");
    return &r->v[i];
}

const char *
record_get_s(const struct record *r, const char *field)
{
    const struct value *v = record_value(r, field);
    return v->set ? v->s : NULL;
}

int64_t
record_get_i(const struct record *r, const char *field, int64_t def)
{
    const struct value *v = record_value(r, field);
    return v->set ? v->i : def;
}

void
record_fill_defaults(struct record *r, const struct config *cfg)
{
    struct value *v;
    if (r->desc->type == RT_intervention) {
        const char *code = record_get_s(r, "catalogue_code");
        const struct catalogue_entry *c = code ? config_catalogue(cfg, code) : NULL;
        if (!c)
            return;
        v = &r->v[record_field_index(r->desc, "step")];
        if (!v->set) {
            v->set = true;
            v->i = c->step;
        }
        v = &r->v[record_field_index(r->desc, "legal_basis")];
        if (!v->set) {
            v->set = true;
            v->s = c->paragraph;
        }
    } else if (r->desc->type == RT_notification) {
        const char *code = record_get_s(r, "notifier_type");
        const struct code_entry *c = code ? config_code(cfg, "notifier", code) : NULL;
        v = &r->v[record_field_index(r->desc, "professional")];
        if (c && !v->set) {
            v->set = true;
            v->i = c->professional;
        }
    }
}

/* a <= b for two set date or datetime strings of the same kind (ISO text sorts in time order). */
static bool
not_before(const char *a, const char *b)
{
    return strcmp(a, b) <= 0;
}

/* Set, but only spaces, tabs and line breaks. */
static bool
blank(const char *s)
{
    if (!s)
        return false;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static enum err
order(const struct record *r, const char *earlier, const char *later, struct strbuf *why)
{
    const char *a = record_get_s(r, earlier);
    const char *b = record_get_s(r, later);
    if (a && b && !not_before(a, b))
        return why_set(why, ERR_INVALID, "%s.%s: must not be before %s", r->desc->name, later,
                       earlier);
    return OK;
}

/* A datetime field must not be before the date (as the UTC day) of another. */
static enum err
order_dt(const struct record *r, const char *earlier, const char *later, struct strbuf *why)
{
    return order(r, earlier, later, why);
}

/* A partner's inquiry: the child can be found (a CPR number or a birth date), and what the intake
 * recorded follows its filing in order. */
static enum err
validate_inquiry(const struct record *r, struct strbuf *why)
{
    if (!record_get_s(r, "child_cpr") && !record_get_s(r, "child_birth"))
        return why_set(why, ERR_INVALID,
                       "inquiry.child_birth: give the child's CPR number or its birth date, so "
                       "the intake can find the child");
    const char *cpr = record_get_s(r, "child_cpr"), *birth = record_get_s(r, "child_birth");
    struct cpr c;
    struct date b;
    if (cpr && birth && cpr_parse(cpr, &c, NULL) == OK && date_parse(birth, &b) == OK &&
        date_cmp(c.birth, b) != 0)
        return why_set(why, ERR_INVALID,
                       "inquiry.child_birth: must be the date of birth in the CPR number");
    if (blank(record_get_s(r, "seen")))
        return why_set(why, ERR_INVALID, "inquiry.seen: must say what you see, not be blank");
    enum err rc = order(r, "since", "filed_at", why);
    if (!rc)
        rc = order_dt(r, "filed_at", "taken_at", why);
    if (!rc)
        rc = order_dt(r, "filed_at", "feedback_at", why);
    if (rc)
        return rc;
    bool taken = record_get_s(r, "taken_at") != NULL;
    if (taken != (record_get_s(r, "taken_by") != NULL))
        return why_set(why, ERR_INVALID, "inquiry.taken_by: is given with taken_at, and only then");
    if (!taken && (record_get_s(r, "response") || record_value(r, "notification_id")->set))
        return why_set(why, ERR_INVALID,
                       "inquiry.response: is recorded when the inquiry is taken in (taken_at)");
    const char *resp = record_get_s(r, "response");
    if (resp && strcmp(resp, "notification") == 0 && !record_value(r, "notification_id")->set)
        return why_set(why, ERR_INVALID,
                       "inquiry.notification_id: a response of notification names the "
                       "notification");
    if ((record_get_s(r, "feedback") != NULL) != (record_get_s(r, "feedback_at") != NULL))
        return why_set(why, ERR_INVALID,
                       "inquiry.feedback_at: is given with the feedback, and only then");
    if (record_get_s(r, "feedback") && !resp)
        return why_set(why, ERR_INVALID,
                       "inquiry.feedback: tells the partner the response; record the response");
    return OK;
}

/* The task force is time-boxed: at most TASKFORCE_MONTHS from start to planned end (seed 004
 * describes a coordinated, time-limited effort; the length is this system's choice). */
#define TASKFORCE_MONTHS 12

static enum err
validate_taskforce(const struct record *r, struct strbuf *why)
{
    enum err rc = order(r, "start", "planned_end", why);
    if (!rc)
        rc = order(r, "start", "end", why);
    if (rc)
        return rc;
    struct date s, e;
    const char *start = record_get_s(r, "start"), *pe = record_get_s(r, "planned_end");
    if (start && pe && date_parse(start, &s) == OK && date_parse(pe, &e) == OK &&
        date_cmp(e, calendar_add_months(s, TASKFORCE_MONTHS)) > 0)
        return why_set(why, ERR_INVALID,
                       "taskforce.planned_end: a task force is time-boxed to at most %d months "
                       "from its start",
                       TASKFORCE_MONTHS);
    return OK;
}

static enum err
validate_child(const struct record *r, struct strbuf *why)
{
    const char *cpr = record_get_s(r, "cpr");
    const char *birth = record_get_s(r, "birth_date");
    bool unborn = record_get_i(r, "unborn", 0);
    if (unborn && (cpr || birth))
        return why_set(why, ERR_INVALID,
                       "child.unborn: an unborn child has no cpr or birth_date (use "
                       "expected_birth)");
    if (!unborn && record_get_s(r, "expected_birth"))
        return why_set(why, ERR_INVALID, "child.expected_birth: only for an unborn child");
    if (cpr && birth) {
        struct cpr c;
        struct date b;
        if (cpr_parse(cpr, &c, NULL) == OK && date_parse(birth, &b) == OK &&
            date_cmp(c.birth, b) != 0)
            return why_set(why, ERR_INVALID,
                           "child.birth_date: must be the date of birth in the cpr number");
    }
    if (!cpr && !record_get_s(r, "name") && !unborn)
        return why_set(
            why, ERR_INVALID,
            "child.name: a child needs a name or a cpr number, or must be marked unborn");
    return OK;
}

static enum err
validate_intervention(const struct record *r, const struct config *cfg, struct strbuf *why)
{
    const struct catalogue_entry *c = config_catalogue(cfg, record_get_s(r, "catalogue_code"));
    bool has_consent = record_value(r, "consent")->set;
    bool has_comb = record_value(r, "combination")->set;
    if (c->placement && !has_consent)
        return why_set(why, ERR_INVALID,
                       "intervention.consent: a placement must say whether it is with consent "
                       "(Barnets lov § 46) or without (§ 47)");
    /* Early help in the general services rests on the parents' consent (issue 23). Its own
     * field: `consent` set marks a placement wherever placements are counted. */
    if (c->step == 1 && !record_get_i(r, "parents_consent", 0))
        return why_set(why, ERR_INVALID,
                       "intervention.parents_consent: a step-1 course in the general services "
                       "needs the parents' consent");
    if (c->step != 1 && record_value(r, "parents_consent")->set)
        return why_set(why, ERR_INVALID,
                       "intervention.parents_consent: only a step-1 course records the parents' "
                       "consent this way");
    if (!c->placement && (has_consent || has_comb))
        return why_set(why, ERR_INVALID,
                       "intervention.%s: only a placement has consent and combination",
                       has_consent ? "consent" : "combination");
    if (record_get_s(r, "end_reason") && !record_get_s(r, "end"))
        return why_set(why, ERR_INVALID, "intervention.end_reason: needs an end date");
    if (record_value(r, "rate_dkk")->set != record_value(r, "rate_unit")->set)
        return why_set(why, ERR_INVALID, "intervention.%s: rate_dkk and rate_unit go together",
                       record_value(r, "rate_dkk")->set ? "rate_unit" : "rate_dkk");
    enum err rc = order(r, "start", "planned_end", why);
    if (!rc)
        rc = order(r, "start", "end", why);
    return rc;
}

enum err
record_validate(const struct record *r, const struct config *cfg, struct strbuf *why)
{
    const struct record_desc *d = r->desc;
    enum err rc;

    for (int i = 0; i < d->nfields; i++) {
        const struct field_desc *f = &d->fields[i];
        const struct value *v = &r->v[i];
        if (!v->set) {
            if (f->flags & F_REQ)
                return bad(why, r, i, "is required");
            continue;
        }
        if (f->kind == FK_CODE) {
            bool ok = strcmp(f->ref, "catalogue") == 0 ? config_catalogue(cfg, v->s) != NULL
                                                       : config_code(cfg, f->ref, v->s) != NULL;
            if (!ok)
                return why_set(why, ERR_INVALID, "%s.%s: is not a code of the %s list in %s/",
                               d->name, f->name, f->ref, cfg->dir);
        } else if (f->kind == FK_CODES) {
            const char *p = v->s;
            char code[65];
            while (*p) {
                const char *comma = strchr(p, ',');
                size_t len = comma ? (size_t)(comma - p) : strlen(p);
                memcpy(code, p, len);
                code[len] = '\0';
                if (!config_code(cfg, f->ref, code))
                    return why_set(why, ERR_INVALID, "%s.%s: is not a code of the %s list in %s/",
                                   d->name, f->name, f->ref, cfg->dir);
                p += len + (comma != NULL);
            }
        } else if (f->kind == FK_STEP) {
            if (!config_step(cfg, (int)v->i))
                return why_set(why, ERR_INVALID, "%s.%s: must be a step of the ladder (0-%d)",
                               d->name, f->name, config_max_step(cfg));
        }
    }

    switch (d->type) {
    case RT_child:
        return validate_child(r, why);
    case RT_relation:
        return order(r, "from_date", "to_date", why);
    case RT_consent:
        rc = order(r, "from_date", "to_date", why);
        return rc ? rc : order(r, "from_date", "withdrawn", why);
    case RT_case:
        return order(r, "opened", "closed", why);
    case RT_inquiry:
        return validate_inquiry(r, why);
    case RT_taskforce:
        return validate_taskforce(r, why);
    case RT_taskforce_member:
        return order(r, "from_date", "to_date", why);
    case RT_notification:
        rc = order_dt(r, "received_at", "assessed_at", why);
        if (!rc)
            rc = order_dt(r, "received_at", "receipt_sent_at", why);
        if (!rc)
            rc = order_dt(r, "received_at", "feedback_sent_at", why);
        if (!rc && record_get_s(r, "assessment_outcome") && !record_get_s(r, "assessed_at"))
            rc = why_set(why, ERR_INVALID,
                         "notification.assessed_at: is required with an assessment_outcome");
        return rc;
    case RT_assessment:
        rc = order(r, "aware_date", "started", why);
        if (!rc)
            rc = order(r, "aware_date", "provisional_date", why);
        if (!rc)
            rc = order(r, "aware_date", "completed", why);
        if (!rc)
            rc = order(r, "started", "completed", why);
        return rc;
    case RT_decision:
        if (!record_value(r, "conversation_id")->set && !record_get_s(r, "exception_reason"))
            return why_set(why, ERR_INVALID,
                           "decision.conversation_id: a decision needs a preceding conversation "
                           "with the child, or an exception_reason saying why there was none "
                           "(Barnets lov § 5 stk. 3-4)");
        if (record_value(r, "conversation_id")->set && record_get_s(r, "exception_reason"))
            return why_set(why, ERR_INVALID,
                           "decision.exception_reason: give either a conversation_id or an "
                           "exception_reason, not both");
        if (blank(record_get_s(r, "exception_reason")))
            return why_set(why, ERR_INVALID,
                           "decision.exception_reason: must say why there was no conversation, "
                           "not be blank (Barnets lov § 5 stk. 4)");
        return OK;
    case RT_intervention:
        return validate_intervention(r, cfg, why);
    case RT_conversation:
        if (record_get_i(r, "bisidder_present", 0) && !record_get_i(r, "bisidder_informed", 0))
            return why_set(why, ERR_INVALID,
                           "conversation.bisidder_informed: must be true when a bisidder was "
                           "present");
        return OK;
    case RT_followup: {
        int64_t lo, hi, value = record_get_i(r, "value", 0);
        scale_range(record_get_s(r, "scale"), &lo, &hi);
        if (value < lo || value > hi)
            return why_set(why, ERR_INVALID, "followup.value: must be from %lld to %lld on %s",
                           (long long)lo, (long long)hi, record_get_s(r, "scale"));
        return OK;
    }
    default:
        return OK;
    }
}

const char *
record_ref_field(const struct record_desc *td)
{
    switch (td->type) {
    case RT_conversation:
        return "date";
    case RT_intervention:
        return "catalogue_code";
    case RT_child:
        return "birth_date"; /* a consent the young person gives: from 15 */
    default:
        return NULL;
    }
}

const char *
record_when_field(enum record_type t)
{
    switch (t) {
    case RT_notification:
        return "received_at";
    case RT_assessment:
        return "aware_date";
    case RT_intervention:
        return "start";
    case RT_case:
        return "opened";
    case RT_relation:
    case RT_consent:
    case RT_taskforce_member:
        return "from_date";
    case RT_inquiry:
        return "filed_at";
    case RT_taskforce:
        return "start";
    case RT_taskforce_meeting:
    case RT_aftercare_contact:
    case RT_screening:
    case RT_conversation:
    case RT_decision:
    case RT_plan:
    case RT_followup:
    case RT_supervision:
        return "date";
    default:
        return NULL;
    }
}

/* The child's age in whole years on the day on, or -1 if either date is unknown. */
static int
age_on(const struct record *child, const char *on)
{
    const char *born = record_get_s(child, "birth_date");
    struct date b, d;
    if (!born || !on || date_parse(born, &b) != OK || date_parse(on, &d) != OK)
        return -1;
    return d.y - b.y - (d.m < b.m || (d.m == b.m && d.d < b.d));
}

enum err
record_check_refs(const struct record *r, const struct config *cfg, const struct record_lookup *lk,
                  struct strbuf *why)
{
    const struct record_desc *d = r->desc;
    struct record target;
    struct strbuf inner = STRBUF_INIT;
    enum err rc = OK;
    int64_t child = d->child_field >= 0 ? r->v[d->child_field].i : 0;

    for (int i = 0; i < d->nfields && !rc; i++) {
        const struct field_desc *f = &d->fields[i];
        if (f->kind != FK_REF || !r->v[i].set)
            continue;
        const struct record_desc *td = record_desc_by_name(f->ref);
        if (!td)
            BUG("records.def: a reference names no record type");
        rc = lk->get(lk->ctx, td, r->v[i].i, &target, &inner);
        if (rc == ERR_NOT_FOUND) {
            rc = why_set(why, ERR_INVALID, "%s.%s: no %s with id %lld", d->name, f->name, td->name,
                         (long long)r->v[i].i);
            break;
        }
        if (rc) {
            why_set(why, rc, "%s", strbuf_str(&inner));
            break;
        }
        /* A referenced record about a child must be about the same child. */
        if (td->child_field >= 0 && child && target.v[td->child_field].i != child) {
            rc = why_set(why, ERR_INVALID, "%s.%s: %s %lld is about another child", d->name,
                         f->name, td->name, (long long)r->v[i].i);
            break;
        }
        if (d->type == RT_decision && td->type == RT_conversation) {
            const char *cd = record_get_s(&target, record_ref_field(td));
            const char *dd = record_get_s(r, "date");
            if (cd && dd && strcmp(cd, dd) > 0)
                rc = why_set(why, ERR_INVALID,
                             "decision.conversation_id: the conversation must take place on or "
                             "before the decision (Barnets lov § 5 stk. 3)");
        } else if (d->type == RT_intervention && td->type == RT_child) {
            const char *code = record_get_s(r, "catalogue_code");
            const struct catalogue_entry *c = code ? config_catalogue(cfg, code) : NULL;
            int age = age_on(&target, record_get_s(r, "start"));
            if (c && c->age_max && age >= 0 && (age < c->age_min || age > c->age_max))
                rc = why_set(why, ERR_INVALID,
                             "intervention.catalogue_code: the intervention is for ages %d to %d "
                             "at its start (the child is %d then)",
                             c->age_min, c->age_max, age);
        } else if ((d->type == RT_taskforce || d->type == RT_aftercare_contact) &&
                   td->type == RT_child) {
            bool tf = d->type == RT_taskforce;
            int age = age_on(&target, record_get_s(r, tf ? "start" : "date"));
            int lo = tf ? 15 : 18, hi = 23;
            if (age >= 0 && (age < lo || age > hi))
                rc = why_set(why, ERR_INVALID,
                             tf ? "taskforce.start: the task force is for young people of 15 to 23 "
                                  "(the young person is %d on the start day)"
                                : "aftercare_contact.date: the guidance centre is for young people "
                                  "of 18 to 23 (the young person is %d on the day)",
                             age);
        } else if (d->type == RT_consent && td->type == RT_child) {
            const char *given = record_get_s(r, "given_by"), *from = record_get_s(r, "from_date");
            int age = age_on(&target, from);
            if (given && strcmp(given, "custody_holder") != 0 && age >= 0) {
                if (age < 15)
                    rc = why_set(why, ERR_INVALID,
                                 "consent.given_by: a young person gives consent from the age of "
                                 "15 (the child is %d on from_date); below that the custody "
                                 "holders give it",
                                 age);
            }
        } else if (d->type == RT_supervision && td->type == RT_intervention) {
            const char *code = record_get_s(&target, record_ref_field(td));
            const struct catalogue_entry *c = code ? config_catalogue(cfg, code) : NULL;
            if (!c || !c->placement)
                rc = why_set(why, ERR_INVALID,
                             "supervision.intervention_id: must be a placement (an intervention "
                             "of a placement type)");
        }
    }
    strbuf_release(&inner);
    return rc;
}

const char record_unopened[] = "";

size_t
record_strings_size(const struct record *r, size_t *pieces)
{
    size_t bytes = 0;
    for (int i = 0; i < r->desc->nfields; i++)
        if (r->v[i].set && r->v[i].s && r->v[i].s != record_unopened) {
            bytes += strlen(r->v[i].s) + 1;
            (*pieces)++;
        }
    return bytes;
}

void
record_strings_copy(struct record *r, struct arena *a)
{
    for (int i = 0; i < r->desc->nfields; i++)
        if (r->v[i].set && r->v[i].s && r->v[i].s != record_unopened)
            r->v[i].s = arena_strdup(a, r->v[i].s);
}
