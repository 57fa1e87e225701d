/*
 * kpi.c - the key figures kept as running totals per year (kpi.h).
 *
 * A part is one sum that figures are made of (notifications in the year, children placed on
 * 31 December, ...). For one child, each part is a step function of the year that can change only
 * in the year of one of the child's dates or the year after (and 23 years after birth, when the
 * child leaves the 0-22 age band), and is constant after the last of them. So a child's
 * contribution is the list of changes at those years, and the totals keep, per part and year, the
 * sum of the changes of every child: a part's value in year Y is the sum over years <= Y.
 *
 * Spend is the one part that is not constant after the last date: a placement open at both ends
 * of a year costs its rate times the days of that year, 365 or 366. So spend is kept in two parts,
 * the days of part-year placements times their rate, and the rates of whole-year placements, which
 * the reader multiplies by the year's days.
 *
 * Every comparison is made on the same text as the engine's SQL (store_kpi_sql) makes it, so the
 * two agree also on the edges: a placement ending on 31 December, a notification at 23:59:59Z.
 * Must not: read personal (sealed) fields; write outside the caller's transaction (except
 * kpi_ensure, which runs at open with a write transaction of its own).
 */
#include "store/kpi.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "domain/date.h"
#include "store/store_internal.h"

/* Raise when a part's meaning or the set of parts changes: stored totals are then rebuilt. */
#define KPI_DEFINITION     1
#define KPI_DEFINITION_SQL "1"

enum kpi_part {
    P_NOTIFS,       /* notifications received in the year */
    P_NOTIFIED,     /* children with at least one */
    P_ONE_NOTIF,    /* children with exactly one */
    P_TYPED,        /* notifications with a notifier type */
    P_SCHOOL,       /* ... from schools */
    P_HEALTH,       /* ... the health sector */
    P_POLICE,       /* ... police or courts */
    P_PLACED_DEC,   /* children placed on 31 Dec */
    P_PLACED_YOUNG, /* ... born on or after 1 Jan 22 years before */
    P_POPULATION,   /* children aged 0-22 on 31 Dec (by birth date) */
    P_STEP_ROWS,    /* placements active on 31 Dec, with a step */
    P_FOSTER_ROWS,  /* ... on steps 4-5 */
    P_INST_ROWS,    /* ... on step 6 */
    P_BOYS,         /* children placed on 31 Dec who are boys */
    P_SEXED,        /* ... whose sex is recorded */
    P_NC_ALL,       /* new placements started in or before the year */
    P_NC_WITHOUT,   /* ... without consent */
    P_PLACED_JAN,   /* children placed on 1 Jan */
    P_EXITS,        /* ... and not on 31 Dec */
    P_BOTH,         /* children placed on 1 Jan and 31 Dec */
    P_CHANGED,      /* ... whose placement changed type in the year */
    P_STARTS,       /* new placements started in the year */
    P_SUPPORTED,    /* children with a non-placement measure during the year */
    P_UNDECIDED,    /* ... one of them without a decision */
    P_SUPPORT_DEC,  /* children aged 0-22 with a non-placement measure on 31 Dec */
    P_INST_RATES,   /* yearly rates of children's homes placed on 31 Dec, summed */
    P_INST_N,       /* ... how many */
    P_FOSTER_RATES, /* yearly rates of foster-family placements on 31 Dec, summed */
    P_FOSTER_N,     /* ... how many */
    P_PREV_DAYS,    /* non-placement measures within part of the year: rate x days */
    P_PREV_WHOLE,   /* ... over the whole year: rate (times the year's days when read) */
    P_ALL_DAYS,     /* every measure with a yearly rate, rate x days */
    P_ALL_WHOLE,    /* ... rate */
    P__COUNT
};

/* Years a contribution can change in: dates are within DATE_MIN_YEAR .. DATE_MAX_YEAR. */
#define YEAR_LO (DATE_MIN_YEAR - 1)
#define YEAR_HI (DATE_MAX_YEAR + 24)
#define NYEARS  (YEAR_HI - YEAR_LO + 1)

struct knotif {
    const char *at, *type;
};

struct kiv {
    const char *start, *end, *end_reason, *code, *unit;
    int consent; /* -1 = NULL: not a placement */
    int step;    /* -1 = NULL */
    bool decided, has_rate, new_start;
    int64_t rate;
};

/* One child's rows, as the figures read them (strings in arena a). */
struct kchild {
    const char *birth, *sex;
    struct knotif *n;
    size_t nn, ncap;
    struct kiv *iv;
    size_t ni, icap;
    int *years;
    size_t ycap;
    struct arena *a;
};

struct kdelta {
    int part, year;
    int64_t v;
};

enum kpi_stmt {
    KS_CHILD,
    KS_NOTIFS,
    KS_IVS,
    KS_NOTIF_CHILD,
    KS_IV_CHILD,
    KS_ADD,
    KS_READ,
    KS_STATE,
    KS__COUNT
};

#define IV_COLS \
    "start,\"end\",consent,step,end_reason,decision_id IS NOT NULL,catalogue_code,rate_dkk,rate_unit"

static const char *const kpi_stmt_sql[KS__COUNT] = {
    [KS_CHILD] = "SELECT birth_date, sex FROM child WHERE id=?",
    [KS_NOTIFS] = "SELECT received_at, notifier_type FROM notification WHERE child_id=?",
    [KS_IVS] = "SELECT " IV_COLS " FROM intervention WHERE child_id=?",
    [KS_NOTIF_CHILD] = "SELECT child_id FROM notification WHERE id=?",
    [KS_IV_CHILD] = "SELECT child_id FROM intervention WHERE id=?",
    [KS_ADD] = "INSERT INTO kpi_total(part,year,value) VALUES(?,?,?) ON CONFLICT(part,year) DO "
               "UPDATE SET value=value+excluded.value",
    [KS_READ] = "SELECT part, sum(value) FROM kpi_total WHERE year<=? GROUP BY part",
    [KS_STATE] = "SELECT definition FROM kpi_state WHERE id=1",
};

#define MAX_HELD 4

struct kpi {
    sqlite3 *db;
    sqlite3_stmt *s[KS__COUNT];
    struct kchild c;
    int64_t held[MAX_HELD];
    size_t nheld;
    struct kdelta *d; /* held children's old contributions, negated, then their new ones */
    size_t nd, dcap;
};

static enum err
kdb_err(struct kpi *k, struct strbuf *why, const char *what)
{
    return store_db_fail(k->db, why, what);
}

static enum err
stmt(struct kpi *k, enum kpi_stmt i, sqlite3_stmt **out, struct strbuf *why)
{
    *out = NULL;
    if (!k->s[i] && sqlite3_prepare_v3(k->db, kpi_stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                       &k->s[i], NULL) != SQLITE_OK)
        return kdb_err(k, why, "prepare");
    sqlite3_reset(k->s[i]);
    *out = k->s[i];
    return OK;
}

struct kpi *
kpi_new(sqlite3 *db)
{
    struct kpi *k = xcalloc(1, sizeof(*k));
    k->db = db;
    k->c.a = arena_new(0);
    return k;
}

void
kpi_free(struct kpi *k)
{
    if (!k)
        return;
    for (int i = 0; i < KS__COUNT; i++)
        sqlite3_finalize(k->s[i]);
    arena_free(k->c.a);
    free(k->c.n);
    free(k->c.iv);
    free(k->c.years);
    free(k->d);
    free(k);
}

/* --- one child's rows --- */

static const char *
col(struct kchild *c, sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? arena_strdup(c->a, (const char *)t) : NULL;
}

static void
child_reset(struct kchild *c)
{
    arena_reset(c->a);
    c->birth = c->sex = NULL;
    c->nn = c->ni = 0;
}

static void
push_notif(struct kchild *c, struct knotif n)
{
    if (c->nn == c->ncap) {
        c->ncap = c->ncap ? 2 * c->ncap : 16;
        c->n = xrealloc(c->n, c->ncap * sizeof(*c->n));
    }
    c->n[c->nn++] = n;
}

static struct kiv *
push_iv(struct kchild *c)
{
    if (c->ni == c->icap) {
        c->icap = c->icap ? 2 * c->icap : 16;
        c->iv = xrealloc(c->iv, c->icap * sizeof(*c->iv));
    }
    return &c->iv[c->ni++];
}

static void
add_notif(struct kchild *c, sqlite3_stmt *s, int first)
{
    push_notif(c, (struct knotif){ col(c, s, first), col(c, s, first + 1) });
}

static void
add_iv(struct kchild *c, sqlite3_stmt *s, int f)
{
    struct kiv *v = push_iv(c);
    v->start = col(c, s, f);
    v->end = col(c, s, f + 1);
    v->consent = sqlite3_column_type(s, f + 2) == SQLITE_NULL ? -1 : sqlite3_column_int(s, f + 2);
    v->step = sqlite3_column_type(s, f + 3) == SQLITE_NULL ? -1 : sqlite3_column_int(s, f + 3);
    v->end_reason = col(c, s, f + 4);
    v->decided = sqlite3_column_int(s, f + 5) != 0;
    v->code = col(c, s, f + 6);
    v->has_rate = sqlite3_column_type(s, f + 7) != SQLITE_NULL;
    v->rate = sqlite3_column_int64(s, f + 7);
    v->unit = col(c, s, f + 8);
}

static bool
eq(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

/* A placement that starts the day after one of the child's interventions ended "changed_type"
 * continues it (the engine's NEW_START). */
static void
mark_new_starts(struct kchild *c)
{
    for (size_t i = 0; i < c->ni; i++) {
        struct kiv *v = &c->iv[i];
        struct date d;
        char prev[DATE_BUF];
        v->new_start = true;
        if (!v->start || date_parse(v->start, &d) != OK)
            continue;
        date_format(date_from_days(date_to_days(d) - 1), prev);
        for (size_t j = 0; j < c->ni && v->new_start; j++)
            if (eq(c->iv[j].end_reason, "changed_type") && eq(c->iv[j].end, prev))
                v->new_start = false;
    }
}

/* --- the parts for one child and one year --- */

struct ytext {
    char y4[8], jan1[16], dec31[16], dec31t[16], born[16];
};

static void
put4(char *p, int y)
{
    p[0] = (char)('0' + y / 1000 % 10);
    p[1] = (char)('0' + y / 100 % 10);
    p[2] = (char)('0' + y / 10 % 10);
    p[3] = (char)('0' + y % 10);
}

static void
year_text(int y, struct ytext *t)
{
    put4(t->y4, y);
    t->y4[4] = '\0';
    memcpy(t->jan1, "YYYY-01-01", 11);
    put4(t->jan1, y);
    memcpy(t->dec31, "YYYY-12-31", 11);
    put4(t->dec31, y);
    memcpy(t->dec31t, "YYYY-12-31T~", 13);
    put4(t->dec31t, y);
    memcpy(t->born, "YYYY-01-01", 11);
    put4(t->born, y - 22);
}

/* start <= day AND (end IS NULL OR end >= day), on text as the engine compares it. */
static bool
active_on(const struct kiv *v, const char *day)
{
    return v->start && strcmp(v->start, day) <= 0 && (!v->end || strcmp(v->end, day) >= 0);
}

/* substr(start,1,4) compared with y4 as text. */
static int
start_year_cmp(const struct kiv *v, const char *y4)
{
    char s[5] = { 0 };
    size_t n = strlen(v->start);
    memcpy(s, v->start, n < 4 ? n : 4);
    return strcmp(s, y4);
}

static bool
in(const char *code, const char *const *set)
{
    for (; code && *set; set++)
        if (strcmp(code, *set) == 0)
            return true;
    return false;
}

static const char *const homes[] = { "anb-boerne-ungehjem", "anb-delvis-lukket", "anb-sikret",
                                     NULL };
static const char *const fosters[] = { "anb-almen-pleje", "anb-forstaerket-pleje",
                                       "anb-specialiseret-pleje", NULL };

static int64_t
day_number(const char *s, bool *ok)
{
    struct date d;
    if (date_parse(s, &d) != OK) {
        *ok = false;
        return 0;
    }
    return date_to_days(d);
}

/* The spend of intervention v in the year: the engine's rate x days of it within the year. */
static void
spend(const struct kiv *v, const struct ytext *t, int64_t p[P__COUNT])
{
    bool prev = v->consent < 0;
    if (strcmp(v->start, t->jan1) <= 0 && (!v->end || strcmp(v->end, t->dec31) >= 0)) {
        p[P_ALL_WHOLE] += v->rate;
        p[P_PREV_WHOLE] += prev ? v->rate : 0;
        return;
    }
    const char *to = v->end && strcmp(v->end, t->dec31) < 0 ? v->end : t->dec31;
    const char *from = strcmp(v->start, t->jan1) > 0 ? v->start : t->jan1;
    bool ok = true;
    int64_t days = day_number(to, &ok) - day_number(from, &ok) + 1;
    if (!ok) /* julianday() of text that is not a date is NULL: no spend */
        return;
    p[P_ALL_DAYS] += v->rate * days;
    p[P_PREV_DAYS] += prev ? v->rate * days : 0;
}

static void
parts_in_year(const struct kchild *c, int y, int64_t p[P__COUNT])
{
    struct ytext t;
    year_text(y, &t);
    memset(p, 0, P__COUNT * sizeof(*p));

    int64_t n = 0;
    for (size_t i = 0; i < c->nn; i++) {
        const struct knotif *x = &c->n[i];
        if (!x->at || strcmp(x->at, t.jan1) < 0 || strcmp(x->at, t.dec31t) >= 0)
            continue;
        n++;
        if (x->type) {
            p[P_TYPED]++;
            p[P_SCHOOL] += strcmp(x->type, "school") == 0;
            p[P_HEALTH] += strcmp(x->type, "health") == 0;
            p[P_POLICE] += strcmp(x->type, "police") == 0;
        }
    }
    p[P_NOTIFS] = n;
    p[P_NOTIFIED] = n > 0;
    p[P_ONE_NOTIF] = n == 1;

    bool placed_dec = false, placed_jan = false, changed = false, supported = false;
    bool undecided = false, support_dec = false;
    for (size_t i = 0; i < c->ni; i++) {
        const struct kiv *v = &c->iv[i];
        if (eq(v->end_reason, "changed_type") && v->end && strcmp(v->end, t.jan1) >= 0 &&
            strcmp(v->end, t.dec31) < 0)
            changed = true;
        if (!v->start)
            continue;
        if (eq(v->unit, "year") && v->has_rate && strcmp(v->start, t.dec31) <= 0 &&
            (!v->end || strcmp(v->end, t.jan1) >= 0))
            spend(v, &t, p);
        if (v->consent < 0 && v->step == 1)
            continue; /* a course in the general services, not a measure of Barnets lov */
        if (v->consent < 0) {
            if (strcmp(v->start, t.dec31) <= 0 && (!v->end || strcmp(v->end, t.jan1) >= 0)) {
                supported = true;
                undecided |= !v->decided;
            }
            support_dec |= active_on(v, t.dec31);
            continue;
        }
        if (active_on(v, t.dec31)) {
            placed_dec = true;
            if (v->step >= 0) {
                p[P_STEP_ROWS]++;
                p[P_FOSTER_ROWS] += v->step == 4 || v->step == 5;
                p[P_INST_ROWS] += v->step == 6;
            }
            if (eq(v->unit, "year") && v->has_rate) {
                if (in(v->code, homes)) {
                    p[P_INST_RATES] += v->rate;
                    p[P_INST_N]++;
                } else if (in(v->code, fosters)) {
                    p[P_FOSTER_RATES] += v->rate;
                    p[P_FOSTER_N]++;
                }
            }
        }
        placed_jan |= active_on(v, t.jan1);
        if (v->new_start) {
            int cmp = start_year_cmp(v, t.y4);
            if (cmp <= 0) {
                p[P_NC_ALL]++;
                p[P_NC_WITHOUT] += v->consent == 0;
            }
            p[P_STARTS] += cmp == 0;
        }
    }
    bool young = c->birth && strcmp(c->birth, t.born) >= 0;
    p[P_POPULATION] = young && strcmp(c->birth, t.dec31) <= 0;
    p[P_PLACED_DEC] = placed_dec;
    p[P_PLACED_YOUNG] = placed_dec && young;
    p[P_BOYS] = placed_dec && eq(c->sex, "male");
    p[P_SEXED] = placed_dec && c->sex;
    p[P_PLACED_JAN] = placed_jan;
    p[P_EXITS] = placed_jan && !placed_dec;
    p[P_BOTH] = placed_jan && placed_dec;
    p[P_CHANGED] = placed_jan && placed_dec && changed;
    p[P_SUPPORTED] = supported;
    p[P_UNDECIDED] = undecided;
    p[P_SUPPORT_DEC] = support_dec && young;
}

/* --- a contribution: the changes of every part at the years where one can happen --- */

static void
add_year(struct kchild *c, size_t *n, const char *date, int after)
{
    if (!date || date[0] < '0' || date[0] > '9')
        return;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (date[i] < '0' || date[i] > '9')
            return;
        y = y * 10 + date[i] - '0';
    }
    if (*n + 2 > c->ycap) {
        c->ycap = c->ycap ? 2 * c->ycap : 64;
        c->years = xrealloc(c->years, c->ycap * sizeof(*c->years));
    }
    c->years[(*n)++] = y;
    c->years[(*n)++] = y + after;
}

static int
cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

typedef void (*emit_fn)(void *ctx, int part, int year, int64_t v);

static void
contribute(struct kchild *c, emit_fn emit, void *ctx)
{
    size_t n = 0;
    add_year(c, &n, c->birth, 1);
    add_year(c, &n, c->birth, 23); /* leaves the 0-22 band */
    for (size_t i = 0; i < c->nn; i++)
        add_year(c, &n, c->n[i].at, 1);
    for (size_t i = 0; i < c->ni; i++) {
        add_year(c, &n, c->iv[i].start, 1);
        add_year(c, &n, c->iv[i].end, 1);
    }
    if (!n)
        return;
    mark_new_starts(c);
    qsort(c->years, n, sizeof(*c->years), cmp_int);
    int64_t prev[P__COUNT] = { 0 }, cur[P__COUNT];
    for (size_t i = 0; i < n; i++) {
        if (i && c->years[i] == c->years[i - 1])
            continue;
        int y = c->years[i];
        if (y < YEAR_LO || y > YEAR_HI)
            continue;
        parts_in_year(c, y, cur);
        for (int p = 0; p < P__COUNT; p++)
            if (cur[p] != prev[p])
                emit(ctx, p, y, cur[p] - prev[p]);
        memcpy(prev, cur, sizeof(prev));
    }
}

/* Add the rows statement i gives for child to k->c with add. */
static enum err
load_rows(struct kpi *k, enum kpi_stmt i, int64_t child,
          void (*add)(struct kchild *c, sqlite3_stmt *s, int first), const char *what,
          struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = stmt(k, i, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, child);
    int code;
    while ((code = sqlite3_step(s)) == SQLITE_ROW)
        add(&k->c, s, 0);
    sqlite3_reset(s);
    return code == SQLITE_DONE ? OK : kdb_err(k, why, what);
}

/* Load child's rows; a child that does not exist has none. */
static enum err
load_child(struct kpi *k, int64_t child, struct strbuf *why)
{
    struct kchild *c = &k->c;
    sqlite3_stmt *s;
    child_reset(c);
    enum err rc = stmt(k, KS_CHILD, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, child);
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW) {
        c->birth = col(c, s, 0);
        c->sex = col(c, s, 1);
    }
    sqlite3_reset(s);
    if (code == SQLITE_DONE)
        return OK; /* no child, so no rows of it either (foreign keys) */
    if (code != SQLITE_ROW)
        return kdb_err(k, why, "child");
    rc = load_rows(k, KS_NOTIFS, child, add_notif, "notifications", why);
    return rc ? rc : load_rows(k, KS_IVS, child, add_iv, "interventions", why);
}

/* --- held children and their differences --- */

struct collect {
    struct kpi *k;
    int sign;
};

static void
collect(void *ctx, int part, int year, int64_t v)
{
    struct collect *co = ctx;
    struct kpi *k = co->k;
    if (k->nd == k->dcap) {
        k->dcap = k->dcap ? 2 * k->dcap : 256;
        k->d = xrealloc(k->d, k->dcap * sizeof(*k->d));
    }
    k->d[k->nd++] = (struct kdelta){ part, year, co->sign * v };
}

enum err
kpi_hold(struct kpi *k, int64_t child, bool absent, struct strbuf *why)
{
    if (!child)
        return OK;
    for (size_t i = 0; i < k->nheld; i++)
        if (k->held[i] == child)
            return OK;
    if (k->nheld == MAX_HELD)
        return why_set(why, ERR_INTERNAL, "key figures: too many children in one write");
    k->held[k->nheld++] = child;
    if (absent)
        return OK;
    enum err rc = load_child(k, child, why);
    if (!rc)
        contribute(&k->c, collect, &(struct collect){ k, -1 });
    return rc;
}

void
kpi_drop(struct kpi *k)
{
    k->nheld = 0;
    k->nd = 0;
}

static int
cmp_delta(const void *a, const void *b)
{
    const struct kdelta *x = a, *y = b;
    if (x->part != y->part)
        return (x->part > y->part) - (x->part < y->part);
    return (x->year > y->year) - (x->year < y->year);
}

static enum err
add_total(struct kpi *k, int part, int year, int64_t v, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = stmt(k, KS_ADD, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int(s, 1, part);
    sqlite3_bind_int(s, 2, year);
    sqlite3_bind_int64(s, 3, v);
    int code = sqlite3_step(s);
    sqlite3_reset(s);
    return code == SQLITE_DONE ? OK : kdb_err(k, why, "totals");
}

enum err
kpi_settle(struct kpi *k, struct strbuf *why)
{
    enum err rc = OK;
    for (size_t i = 0; !rc && i < k->nheld; i++) {
        rc = load_child(k, k->held[i], why);
        if (!rc)
            contribute(&k->c, collect, &(struct collect){ k, 1 });
    }
    if (!rc && k->nd)
        qsort(k->d, k->nd, sizeof(*k->d), cmp_delta);
    for (size_t i = 0; !rc && i < k->nd;) {
        size_t j = i;
        int64_t sum = 0;
        for (; j < k->nd && !cmp_delta(&k->d[i], &k->d[j]); j++)
            sum += k->d[j].v;
        if (sum)
            rc = add_total(k, k->d[i].part, k->d[i].year, sum, why);
        i = j;
    }
    kpi_drop(k);
    return rc;
}

enum err
kpi_child_of(struct kpi *k, enum record_type t, int64_t id, int64_t *child, struct strbuf *why)
{
    sqlite3_stmt *s;
    *child = 0;
    enum err rc = stmt(k, t == RT_notification ? KS_NOTIF_CHILD : KS_IV_CHILD, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW)
        *child = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return code == SQLITE_ROW || code == SQLITE_DONE ? OK : kdb_err(k, why, "child of");
}

/* --- rebuilding --- */

static void
accumulate(void *ctx, int part, int year, int64_t v)
{
    int64_t(*acc)[NYEARS] = ctx;
    acc[part][year - YEAR_LO] += v;
}

/* A constant statement without rows. */
static enum err
run(struct kpi *k, const char *sql, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    int code = sqlite3_prepare_v2(k->db, sql, -1, &s, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(s);
    enum err rc = code == SQLITE_DONE ? OK : kdb_err(k, why, sql);
    sqlite3_finalize(s);
    return rc;
}

static int64_t
next_child_of(sqlite3_stmt *s, int *code)
{
    return *code == SQLITE_ROW ? sqlite3_column_int64(s, 0) : INT64_MAX;
}

/* Replace the totals by acc (every part, every year) and mark them as built by this definition. */
static enum err
write_totals(struct kpi *k, int64_t (*acc)[NYEARS], struct strbuf *why)
{
    sqlite3_stmt *ins = NULL;
    enum err rc = run(k, "DELETE FROM kpi_total", why);
    if (!rc && sqlite3_prepare_v2(k->db, "INSERT INTO kpi_total(part,year,value) VALUES(?,?,?)", -1,
                                  &ins, NULL) != SQLITE_OK)
        rc = kdb_err(k, why, "totals");
    for (int p = 0; !rc && p < P__COUNT; p++)
        for (int y = 0; !rc && y < NYEARS; y++) {
            if (!acc[p][y])
                continue;
            sqlite3_bind_int(ins, 1, p);
            sqlite3_bind_int(ins, 2, y + YEAR_LO);
            sqlite3_bind_int64(ins, 3, acc[p][y]);
            if (sqlite3_step(ins) != SQLITE_DONE)
                rc = kdb_err(k, why, "totals");
            sqlite3_reset(ins);
        }
    sqlite3_finalize(ins);
    if (!rc)
        rc = run(
            k, "INSERT OR REPLACE INTO kpi_state(id, definition) VALUES(1, " KPI_DEFINITION_SQL ")",
            why);
    return rc;
}

enum err
kpi_rebuild(struct kpi *k, struct strbuf *why)
{
    sqlite3_stmt *ch = NULL, *no = NULL, *iv = NULL;
    enum err rc = OK;
    int64_t(*acc)[NYEARS] = NULL;
    if (sqlite3_prepare_v2(k->db, "SELECT id, birth_date, sex FROM child ORDER BY id", -1, &ch,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(k->db,
                           "SELECT child_id, received_at, notifier_type FROM notification "
                           "ORDER BY child_id",
                           -1, &no, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(k->db,
                           "SELECT child_id, " IV_COLS " FROM intervention ORDER BY child_id", -1,
                           &iv, NULL) != SQLITE_OK) {
        rc = kdb_err(k, why, "rebuild");
        goto done;
    }
    acc = xcalloc(P__COUNT, sizeof(*acc));
    struct kchild *c = &k->c;
    int cc, nc = sqlite3_step(no), ic = sqlite3_step(iv);
    while ((cc = sqlite3_step(ch)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(ch, 0);
        child_reset(c);
        c->birth = col(c, ch, 1);
        c->sex = col(c, ch, 2);
        for (; next_child_of(no, &nc) <= id; nc = sqlite3_step(no))
            if (sqlite3_column_int64(no, 0) == id)
                add_notif(c, no, 1);
        for (; next_child_of(iv, &ic) <= id; ic = sqlite3_step(iv))
            if (sqlite3_column_int64(iv, 0) == id)
                add_iv(c, iv, 1);
        contribute(c, accumulate, acc);
    }
    if (cc != SQLITE_DONE || (nc != SQLITE_DONE && nc != SQLITE_ROW) ||
        (ic != SQLITE_DONE && ic != SQLITE_ROW))
        rc = kdb_err(k, why, "rebuild");
done:
    sqlite3_finalize(ch);
    sqlite3_finalize(no);
    sqlite3_finalize(iv);
    if (!rc)
        rc = write_totals(k, acc, why);
    free(acc);
    return rc;
}

/* Whether the stored totals were built by this definition of the parts. */
static enum err
totals_current(struct kpi *k, bool *current, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    *current = false;
    enum err rc = stmt(k, KS_STATE, &s, why);
    if (rc)
        return rc;
    int code = sqlite3_step(s);
    *current = code == SQLITE_ROW && sqlite3_column_int(s, 0) == KPI_DEFINITION;
    sqlite3_reset(s);
    return code == SQLITE_ROW || code == SQLITE_DONE ? OK : kdb_err(k, why, "state");
}

enum err
kpi_ensure(struct kpi *k, struct strbuf *why)
{
    bool current;
    enum err rc = totals_current(k, &current, why);
    if (rc || current)
        return rc;
    /* Look again inside a write transaction: another connection may have built them since. */
    rc = run(k, "BEGIN IMMEDIATE", why);
    if (rc)
        return rc;
    rc = totals_current(k, &current, why);
    if (!rc && !current)
        rc = kpi_rebuild(k, why);
    if (!rc)
        return run(k, "COMMIT", why);
    (void)run(k, "ROLLBACK", NULL);
    return rc;
}

/* --- reading --- */

static double
ratio(double a, double b)
{
    return b != 0 ? a / b : 0;
}

enum err
kpi_read(struct kpi *k, int year, double out[KPI__COUNT], double base[KPI__COUNT],
         struct strbuf *why)
{
    sqlite3_stmt *s;
    int64_t p[P__COUNT] = { 0 };
    enum err rc = stmt(k, KS_READ, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int(s, 1, year);
    int code;
    while ((code = sqlite3_step(s)) == SQLITE_ROW) {
        int part = sqlite3_column_int(s, 0);
        if (part >= 0 && part < P__COUNT)
            p[part] = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    if (code != SQLITE_DONE)
        return kdb_err(k, why, "read");
    double days = date_is_leap(year) ? 366 : 365;
    double prev = (double)p[P_PREV_DAYS] + (double)p[P_PREV_WHOLE] * days;
    double all = (double)p[P_ALL_DAYS] + (double)p[P_ALL_WHOLE] * days;
    double homes_avg = ratio((double)p[P_INST_RATES], (double)p[P_INST_N]);
    double fosters_avg = ratio((double)p[P_FOSTER_RATES], (double)p[P_FOSTER_N]);
#define R(a, b) ratio((double)p[a], (double)p[b])
    out[KPI_NOTIF_PER_CHILD] = R(P_NOTIFS, P_NOTIFIED);
    out[KPI_ONE_NOTIF] = R(P_ONE_NOTIF, P_NOTIFIED);
    out[KPI_NOTIFIER_SCHOOL] = R(P_SCHOOL, P_TYPED);
    out[KPI_NOTIFIER_HEALTH] = R(P_HEALTH, P_TYPED);
    out[KPI_NOTIFIER_POLICE] = R(P_POLICE, P_TYPED);
    out[KPI_PLACED_SHARE] = R(P_PLACED_YOUNG, P_POPULATION);
    out[KPI_PLACED_COUNT] = (double)p[P_PLACED_DEC];
    out[KPI_FOSTER_SHARE] = R(P_FOSTER_ROWS, P_STEP_ROWS);
    out[KPI_INSTITUTION_SHARE] = R(P_INST_ROWS, P_STEP_ROWS);
    out[KPI_BOYS_PLACED] = R(P_BOYS, P_SEXED);
    out[KPI_NO_CONSENT] = R(P_NC_WITHOUT, P_NC_ALL);
    out[KPI_EXIT_RATE] = R(P_EXITS, P_PLACED_JAN);
    out[KPI_TYPE_CHANGE] = R(P_CHANGED, P_BOTH);
    out[KPI_STOCK_PER_STARTS] = R(P_PLACED_DEC, P_STARTS);
    out[KPI_EARLY_SHARE] = R(P_UNDECIDED, P_SUPPORTED);
    out[KPI_SUPPORT_SHARE] = R(P_SUPPORT_DEC, P_POPULATION);
    out[KPI_COST_RATIO] = ratio(homes_avg, fosters_avg);
    out[KPI_PREVENTIVE_SPEND] = ratio(prev, all);
#undef R
    if (base) {
        static const enum kpi_part den[KPI__COUNT] = {
            [KPI_NOTIF_PER_CHILD] = P_NOTIFIED,
            [KPI_ONE_NOTIF] = P_NOTIFIED,
            [KPI_NOTIFIER_SCHOOL] = P_TYPED,
            [KPI_NOTIFIER_HEALTH] = P_TYPED,
            [KPI_NOTIFIER_POLICE] = P_TYPED,
            [KPI_PLACED_SHARE] = P_POPULATION,
            [KPI_PLACED_COUNT] = P_PLACED_DEC,
            [KPI_FOSTER_SHARE] = P_STEP_ROWS,
            [KPI_INSTITUTION_SHARE] = P_STEP_ROWS,
            [KPI_BOYS_PLACED] = P_SEXED,
            [KPI_NO_CONSENT] = P_NC_ALL,
            [KPI_EXIT_RATE] = P_PLACED_JAN,
            [KPI_TYPE_CHANGE] = P_BOTH,
            [KPI_STOCK_PER_STARTS] = P_STARTS,
            [KPI_EARLY_SHARE] = P_SUPPORTED,
            [KPI_SUPPORT_SHARE] = P_POPULATION,
            [KPI_COST_RATIO] = P_INST_N,
            [KPI_PREVENTIVE_SPEND] = P__COUNT,
        };

        for (int i = 0; i < KPI__COUNT; i++)
            base[i] = den[i] < P__COUNT ? (double)p[den[i]] : 0;
        /* A ratio of two averages rests on the smaller of its two groups. */
        if (p[P_FOSTER_N] < p[P_INST_N])
            base[KPI_COST_RATIO] = (double)p[P_FOSTER_N];
    }
    return OK;
}

/* --- totals from records outside the database (store.h: store_kpi_shares) --- */

/* Dates and times are kept in place (their formats are exact: record.c), code-list values once
 * each (interned): a national load holds millions of rows until its end. */
#define SH_INTERN 256 /* distinct code values (sex, notifier, end reason, catalogue, unit) */
#define SH_DATE   11  /* YYYY-MM-DD */
#define SH_TIME   21  /* YYYY-MM-DDTHH:MM:SSZ */

struct store_kpi_shares {
    /* Each row's first member is the child it is about (cmp_child_first sorts by it). */
    struct sh_child {
        int64_t id;
        char birth[SH_DATE];
        const char *sex;
    } * ch;

    size_t nch, chcap;

    struct sh_notif {
        int64_t child;
        char at[SH_TIME];
        const char *type;
    } * no;

    size_t nno, nocap;

    struct sh_iv {
        int64_t child;
        char start[SH_DATE], end[SH_DATE];
        struct kiv v; /* its start and end point into the above once finished */
    } * iv;

    size_t niv, ivcap;
    const char *interned[SH_INTERN];
    size_t ninterned;
    struct arena *a;        /* the interned strings */
    bool unusable;          /* a value did not fit: store_bulk_end_with rebuilds instead */
    int64_t (*acc)[NYEARS]; /* the totals, after store_kpi_shares_finish */
};

struct store_kpi_shares *
store_kpi_shares_new(void)
{
    struct store_kpi_shares *sh = xcalloc(1, sizeof(*sh));
    sh->a = arena_new(64u * 1024u);
    return sh;
}

void
store_kpi_shares_free(struct store_kpi_shares *sh)
{
    if (!sh)
        return;
    arena_free(sh->a);
    free(sh->ch);
    free(sh->no);
    free(sh->iv);
    free(sh->acc);
    free(sh);
}

/* A code-list value of r, as the column holds it, interned; NULL when not set. */
static const char *
code_of(struct store_kpi_shares *sh, const struct record *r, const char *field)
{
    const char *v = record_get_s(r, field);
    if (!v)
        return NULL;
    for (size_t i = 0; i < sh->ninterned; i++)
        if (strcmp(sh->interned[i], v) == 0)
            return sh->interned[i];
    if (sh->ninterned == SH_INTERN || strlen(v) > 200) {
        sh->unusable = true;
        return NULL;
    }
    return sh->interned[sh->ninterned++] = arena_strdup(sh->a, v);
}

/* A date or time of r into out (empty when not set). */
static void
time_of(struct store_kpi_shares *sh, const struct record *r, const char *field, char *out,
        size_t size)
{
    const char *v = record_get_s(r, field);
    size_t n = v ? strlen(v) : 0;
    if (n >= size)
        sh->unusable = true;
    else
        memcpy(out, v ? v : "", n + 1);
}

void
store_kpi_shares_add(struct store_kpi_shares *sh, const struct record *r)
{
    /* The same columns as the rebuild's queries (IV_COLS), read from the record as bind_fields
     * writes it: numbers from i, text from s, NULL when not set (here: empty). */
    switch (r->desc->type) {
    case RT_child:
        if (sh->nch == sh->chcap) {
            sh->chcap = sh->chcap ? 2 * sh->chcap : 1024;
            sh->ch = xrealloc(sh->ch, sh->chcap * sizeof(*sh->ch));
        }
        struct sh_child *c = &sh->ch[sh->nch++];
        c->id = r->id;
        time_of(sh, r, "birth_date", c->birth, sizeof(c->birth));
        c->sex = code_of(sh, r, "sex");
        break;
    case RT_notification:
        if (sh->nno == sh->nocap) {
            sh->nocap = sh->nocap ? 2 * sh->nocap : 1024;
            sh->no = xrealloc(sh->no, sh->nocap * sizeof(*sh->no));
        }
        struct sh_notif *n = &sh->no[sh->nno++];
        n->child = record_value(r, "child_id")->i;
        time_of(sh, r, "received_at", n->at, sizeof(n->at));
        n->type = code_of(sh, r, "notifier_type");
        break;
    case RT_intervention: {
        if (sh->niv == sh->ivcap) {
            sh->ivcap = sh->ivcap ? 2 * sh->ivcap : 1024;
            sh->iv = xrealloc(sh->iv, sh->ivcap * sizeof(*sh->iv));
        }
        struct sh_iv *e = &sh->iv[sh->niv++];
        memset(e, 0, sizeof(*e));
        const struct value *consent = record_value(r, "consent"), *step = record_value(r, "step"),
                           *rate = record_value(r, "rate_dkk");
        e->child = record_value(r, "child_id")->i;
        time_of(sh, r, "start", e->start, sizeof(e->start));
        time_of(sh, r, "end", e->end, sizeof(e->end));
        e->v.consent = consent->set ? (int)consent->i : -1;
        e->v.step = step->set ? (int)step->i : -1;
        e->v.end_reason = code_of(sh, r, "end_reason");
        e->v.decided = record_value(r, "decision_id")->set;
        e->v.code = code_of(sh, r, "catalogue_code");
        e->v.has_rate = rate->set;
        e->v.rate = rate->set ? rate->i : 0;
        e->v.unit = code_of(sh, r, "rate_unit");
        break;
    }
    default:
        break;
    }
}

/* Rows of the shares are ordered by the child they are about, their first member. */
static int
cmp_child_first(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void
store_kpi_shares_finish(struct store_kpi_shares *sh)
{
    /* As kpi_rebuild, over the records instead of the tables: each child with its rows. */
    if (sh->nch)
        qsort(sh->ch, sh->nch, sizeof(*sh->ch), cmp_child_first);
    if (sh->nno)
        qsort(sh->no, sh->nno, sizeof(*sh->no), cmp_child_first);
    if (sh->niv)
        qsort(sh->iv, sh->niv, sizeof(*sh->iv), cmp_child_first);
    sh->acc = xcalloc(P__COUNT, sizeof(*sh->acc));
    struct kchild c;
    memset(&c, 0, sizeof(c));
    c.a = arena_new(0);
    size_t j = 0, m = 0;
    for (size_t i = 0; i < sh->nch; i++) {
        int64_t id = sh->ch[i].id;
        child_reset(&c);
        c.birth = sh->ch[i].birth[0] ? sh->ch[i].birth : NULL;
        c.sex = sh->ch[i].sex;
        for (; j < sh->nno && sh->no[j].child <= id; j++)
            if (sh->no[j].child == id)
                push_notif(
                    &c, (struct knotif){ sh->no[j].at[0] ? sh->no[j].at : NULL, sh->no[j].type });
        for (; m < sh->niv && sh->iv[m].child <= id; m++) {
            if (sh->iv[m].child != id)
                continue;
            struct kiv *v = push_iv(&c);
            *v = sh->iv[m].v;
            v->start = sh->iv[m].start[0] ? sh->iv[m].start : NULL;
            v->end = sh->iv[m].end[0] ? sh->iv[m].end : NULL;
        }
        contribute(&c, accumulate, sh->acc);
    }
    arena_free(c.a);
    free(c.n);
    free(c.iv);
    free(c.years);
}

enum err
kpi_write_shares(struct kpi *k, const struct store_kpi_shares *sh, struct strbuf *why)
{
    if (sh->unusable)
        return kpi_rebuild(k, why);
    if (!sh->acc)
        BUG("kpi_write_shares: store_kpi_shares_finish was not called");
    return write_totals(k, sh->acc, why);
}
