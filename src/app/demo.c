/*
 * demo.c - synthetic case histories (`trappe demo`): a deterministic simulation of ten years
 * (2015-2024) of a municipality's children, shaped by shared/CALIBRATION.md, written through the
 * same validated, audited, all-or-nothing import path as any JSON Lines file.
 * Nothing here is real: names are drawn from lists of common first names and a fixed test
 * surname, and CPR numbers are substitute numbers (day + 60), which cannot belong to anyone.
 * Must not: read the clock (the seed alone decides the output), or write without app_import.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "domain/calendar.h"

#define FIRST_YEAR 2015
#define LAST_YEAR  2024

/* splitmix64: small, fast, and the same on every machine. */
struct rng {
    uint64_t s;
};

static uint64_t
next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
unif(struct rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static int
upto(struct rng *r, int n)
{
    return (int)(unif(r) * n);
}

/* Pick an index by weights (summing to anything positive). */
static int
pick(struct rng *r, const double *w, int n)
{
    double total = 0, x;
    for (int i = 0; i < n; i++)
        total += w[i];
    x = unif(r) * total;
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

static struct date
add(struct date d, int days)
{
    return date_from_days(date_to_days(d) + days);
}

/* The output: JSON Lines in export order, one strbuf per record type. */
struct out {
    struct strbuf lines[RT__COUNT];
    int64_t next_id[RT__COUNT];
    size_t count;
};

static int64_t emit(struct out *o, enum record_type t, const char *fmt, ...) PRINTF_LIKE(3, 4);

static int64_t
emit(struct out *o, enum record_type t, const char *fmt, ...)
{
    va_list ap;
    int64_t id = ++o->next_id[t];
    strbuf_addf(&o->lines[t], "{\"type\":\"%s\",\"id\":%lld,", record_desc_get(t)->name,
                (long long)id);
    va_start(ap, fmt);
    strbuf_vaddf(&o->lines[t], fmt, ap);
    va_end(ap);
    strbuf_addstr(&o->lines[t], "}\n");
    o->count++;
    return id;
}

static void
ymd(struct date d, char buf[static DATE_BUF])
{
    date_format(d, buf);
}

static const char *const first_names[] = {
    "Emma", "Ida",   "Clara",   "Freja", "Alma",  "Ella",   "Sofia",  "Anna", "Laura",  "Karla",
    "Noah", "Oscar", "William", "Carl",  "Lucas", "Alfred", "Malthe", "Emil", "Oliver", "Aksel",
};

/* The notifier mix (CALIBRATION §1.4 and its generator shares). */
static const char *const notifiers[] = { "school",  "health",       "police",  "anonymous",
                                         "daycare", "municipality", "parent",  "family",
                                         "ngo",     "psychiatry",   "citizen", "other" };
static const double notifier_w[] = { 21, 20, 12.5, 7, 5, 10, 4, 4, 5, 4.5, 3, 4 };
static const char *const reasons[] = { "school_absence",   "insufficient_care",
                                       "violence",         "domestic_violence",
                                       "parent_substance", "parent_mental_health",
                                       "child_health",     "child_behaviour",
                                       "child_crime",      "conflict_divorce" };
/* Notifications per notified child in a year: 1, 2, ... 6 (CALIBRATION §1.3, 2018). */
static const double per_child_w[] = { 66.2, 18.7, 7.2, 3.5, 1.8, 2.6 };

/*
 * Supportive measures (CALIBRATION §3 generator mix) with yearly cost in DKK. The hourly and daily
 * prices are §5.2's; the intensities are unknown (§5.2's are estimates), so they are calibrated
 * here to KL's published 37 % preventive share of spend (check #14): about 6 hours a week of
 * family treatment, 4 of contact person, and respite or day care every week.
 */
static const struct {
    const char *code;
    double w;
    int cost; /* DKK a year */
} supports[] = {
    { "bl32-5", 28, 190000 }, { "bl32-3", 22, 120000 }, { "bl32-7", 12, 150000 },
    { "bl32-2", 12, 140000 }, { "bl35-4", 8, 60000 },   { "bl32-8", 8, 250000 },
    { "bl32-1", 10, 200000 },
};

/* Placement types (CALIBRATION §2.2 generator split) with yearly cost (§5.1 EST). */
static const struct {
    const char *code;
    double w;
    int cost;
} placements[] = {
    { "anb-netvaerk", 8, 200000 },           { "anb-almen-pleje", 32, 480000 },
    { "anb-forstaerket-pleje", 13, 520000 }, { "anb-specialiseret-pleje", 5, 600000 },
    { "anb-boerne-ungehjem", 28, 1250000 },  { "anb-sikret", 1, 2500000 },
    { "anb-eget-vaerelse", 4, 300000 },      { "anb-kostskole", 2, 250000 },
};

struct child_sim {
    int64_t id;
    struct date birth;
    bool boy;
    int notified_years;
    int64_t case_id;        /* the open case, or 0 */
    struct date case_until; /* when the open case can close */
    struct date busy_until; /* an intervention runs until then */
    bool placed;
};

struct gen {
    struct rng r;
    struct out o;
    struct date *closed; /* by case id: the day the case closed, or year 0 while open */
    size_t nclosed;
    const char *caseworkers[32];
    const char *teams[32];
    int ncaseworkers;
};

static int64_t
open_case(struct gen *g, struct child_sim *c, struct date d)
{
    char day[DATE_BUF];
    if (c->case_id)
        return c->case_id;
    int w = upto(&g->r, g->ncaseworkers);
    ymd(d, day);
    c->case_id = emit(&g->o, RT_case,
                      "\"child_id\":%lld,\"caseworker\":\"%s\",\"team\":\"%s\",\"opened\":\"%s\"",
                      (long long)c->id, g->caseworkers[w], g->teams[w], day);
    if ((size_t)c->case_id >= g->nclosed) {
        size_t n = g->nclosed ? g->nclosed * 2 : 1024;
        g->closed = xrealloc(g->closed, n * sizeof(*g->closed));
        memset(g->closed + g->nclosed, 0, (n - g->nclosed) * sizeof(*g->closed));
        g->nclosed = n;
    }
    return c->case_id;
}

static void
simulate_intervention(struct gen *g, struct child_sim *c, int64_t case_id, int64_t decision,
                      struct date start, bool placement, bool consent)
{
    char s[DATE_BUF], e[DATE_BUF], pd[DATE_BUF];
    int k, cost;
    const char *code;
    int months;
    if (placement) {
        double w[ARRAY_SIZE(placements)];
        for (size_t i = 0; i < ARRAY_SIZE(placements); i++)
            w[i] = placements[i].w;
        k = pick(&g->r, w, (int)ARRAY_SIZE(placements));
        code = placements[k].code;
        cost = placements[k].cost;
        /* Duration: a quarter short, most 1-4 years, a third until the child is 18 (§2.5). */
        double u = unif(&g->r);
        months = u < 0.15 ? 2 + upto(&g->r, 10) : u < 0.45 ? 12 + upto(&g->r, 60) : 240;
    } else {
        double w[ARRAY_SIZE(supports)];
        for (size_t i = 0; i < ARRAY_SIZE(supports); i++)
            w[i] = supports[i].w;
        k = pick(&g->r, w, (int)ARRAY_SIZE(supports));
        code = supports[k].code;
        cost = supports[k].cost;
        months = 8 + upto(&g->r, 28);
    }
    struct date end = calendar_add_months(start, months);
    struct date eighteen = { c->birth.y + 18, c->birth.m, c->birth.d > 28 ? 28 : c->birth.d };
    if (date_cmp(end, eighteen) > 0)
        end = add(eighteen, -1);
    if (date_cmp(end, start) < 0)
        end = start;
    bool ended = date_cmp(end, (struct date){ LAST_YEAR, 12, 31 }) <= 0;
    ymd(start, s);
    ymd(end, e);
    ymd(calendar_add_months(start, months < 12 ? months : 12), pd);
    struct strbuf extra = STRBUF_INIT;
    if (placement)
        strbuf_addf(&extra, ",\"consent\":%s,\"combination\":%s", consent ? "true" : "false",
                    unif(&g->r) < 0.05 ? "true" : "false");
    int64_t iv = emit(&g->o, RT_intervention,
                      "\"child_id\":%lld,\"case_id\":%lld,\"decision_id\":%lld,"
                      "\"catalogue_code\":\"%s\",\"start\":\"%s\",\"planned_end\":\"%s\"%s%s%s,"
                      "\"rate_dkk\":%d,\"rate_unit\":\"year\"%s",
                      (long long)c->id, (long long)case_id, (long long)decision, code, s, pd,
                      ended ? ",\"end\":\"" : "", ended ? e : "",
                      ended ? (unif(&g->r) < 0.55 ? "\",\"end_reason\":\"goal_achieved\""
                                                  : "\",\"end_reason\":\"stepped_down\"")
                            : "",
                      cost, strbuf_str(&extra));
    strbuf_release(&extra);
    c->busy_until = end;
    c->case_until = add(end, 30);
    /* A plan within about three months (a few late), one or two goals, follow-ups. */
    struct date plan_day = add(start, 20 + upto(&g->r, 100));
    char p[DATE_BUF];
    ymd(plan_day, p);
    if (date_cmp(plan_day, (struct date){ LAST_YEAR, 12, 31 }) > 0)
        return;
    int64_t plan = emit(&g->o, RT_plan,
                        "\"child_id\":%lld,\"case_id\":%lld,\"kind\":\"barnets_plan\","
                        "\"date\":\"%s\",\"followup_months\":6",
                        (long long)c->id, (long long)case_id, p);
    static const char *const goals[] = { "Går i skole hver dag", "Har en voksen at tale med",
                                         "Sover og spiser regelmæssigt", "Har en fritidsaktivitet",
                                         "Har kontakt med familien" };
    int ngoals = 1 + upto(&g->r, 2);
    for (int gi = 0; gi < ngoals; gi++) {
        int64_t goal = emit(&g->o, RT_goal, "\"plan_id\":%lld,\"child_id\":%lld,\"text\":\"%s\"",
                            (long long)plan, (long long)c->id, goals[upto(&g->r, 5)]);
        int value = 2 + upto(&g->r, 4);
        bool works = unif(&g->r) < 0.65;
        for (struct date f = add(start, 80 + upto(&g->r, 20));
             date_cmp(f, end) <= 0 && f.y <= LAST_YEAR; f = add(f, 150 + upto(&g->r, 60))) {
            char fd[DATE_BUF];
            ymd(f, fd);
            value += works ? upto(&g->r, 3) : upto(&g->r, 3) - 1;
            value = value < 0 ? 0 : value > 10 ? 10 : value;
            emit(&g->o, RT_followup,
                 "\"goal_id\":%lld,\"child_id\":%lld,\"date\":\"%s\",\"scale\":\"scale_0_10\","
                 "\"value\":%d,\"rated_by\":\"%s\"",
                 (long long)goal, (long long)c->id, fd, value,
                 unif(&g->r) < 0.6 ? "child" : "caseworker");
        }
    }
    /* Supervision visits to a placed child: usually two a year, sometimes fewer. */
    if (placement) {
        for (struct date v = add(start, 60 + upto(&g->r, 60));
             date_cmp(v, end) <= 0 && v.y <= LAST_YEAR; v = add(v, 150 + upto(&g->r, 90))) {
            char vd[DATE_BUF];
            ymd(v, vd);
            emit(&g->o, RT_supervision,
                 "\"child_id\":%lld,\"intervention_id\":%lld,\"date\":\"%s\",\"child_alone\":%s",
                 (long long)c->id, (long long)iv, vd, unif(&g->r) < 0.8 ? "true" : "false");
        }
    }
}

/* One notified year of one child: notifications, screening, and what follows. */
static void
simulate_year(struct gen *g, struct child_sim *c, int year)
{
    double w[ARRAY_SIZE(notifiers)];
    for (size_t i = 0; i < ARRAY_SIZE(notifiers); i++)
        w[i] = notifier_w[i];
    int n = 1 + pick(&g->r, per_child_w, (int)ARRAY_SIZE(per_child_w));
    if (n == 6)
        n += upto(&g->r, 16); /* the open "6 or more" bucket: 6-21 */
    struct date first = { year, 1, 1 };
    first = add(first, upto(&g->r, 330));
    int64_t case_id = open_case(g, c, first);
    int64_t notif = 0;
    for (int i = 0; i < n; i++) {
        struct date d = add(first, i * (1 + upto(&g->r, 20)));
        if (d.y > year)
            d = (struct date){ year, 12, 31 }; /* all of a child's notifications in this year */
        char when[DATETIME_BUF], assessed[DATETIME_BUF], receipt[DATE_BUF];
        int64_t t = calendar_cph_day_start(d) + 8 * 3600 + upto(&g->r, 9 * 3600);
        int nf = pick(&g->r, w, (int)ARRAY_SIZE(notifiers));
        datetime_format(t, when);
        /* Most are assessed within 24 hours; some are late, as in real life. */
        datetime_format(t + (unif(&g->r) < 0.9 ? 3600 + upto(&g->r, 20 * 3600)
                                               : 86400 + upto(&g->r, 3 * 86400)),
                        assessed);
        ymd(calendar_add_workdays(NULL, d,
                                  unif(&g->r) < 0.85 ? 1 + upto(&g->r, 5) : 7 + upto(&g->r, 6)),
            receipt);
        bool professional = nf != 3 && nf < 6;
        int64_t id = emit(
            &g->o, RT_notification,
            "\"child_id\":%lld,\"case_id\":%lld,\"received_at\":\"%s\",\"notifier_type\":\"%s\","
            "\"professional\":%s,\"reason_codes\":[\"%s\"],\"assessed_at\":\"%s\","
            "\"assessment_outcome\":\"screening\",\"acute\":%s%s%s%s",
            (long long)c->id, (long long)case_id, when, notifiers[nf],
            professional ? "true" : "false", reasons[upto(&g->r, (int)ARRAY_SIZE(reasons))],
            assessed, unif(&g->r) < 0.05 ? "true" : "false",
            professional ? ",\"receipt_sent_at\":\"" : "", professional ? receipt : "",
            professional ? "T12:00:00Z\"" : "");
        if (!notif)
            notif = id;
    }
    char sd[DATE_BUF];
    struct date sday = add(first, 1 + upto(&g->r, 4));
    ymd(sday, sd);
    /* A child already in an intervention is followed up in it; no new course. */
    bool busy = date_cmp(c->busy_until, sday) >= 0;
    double u = unif(&g->r);
    const char *outcome = busy || u < 0.48 ? "nothing_further"
                          : u < 0.74       ? "afdaekning"
                                           : "assessment";
    emit(&g->o, RT_screening,
         "\"child_id\":%lld,\"notification_id\":%lld,\"date\":\"%s\",\"outcome\":\"%s\"",
         (long long)c->id, (long long)notif, sd, outcome);
    if (date_cmp(c->case_until, sday) < 0)
        c->case_until = add(sday, 30);
    if (busy || strcmp(outcome, "nothing_further") == 0)
        return;
    int age = year - c->birth.y;
    char dd[DATE_BUF], cd[DATE_BUF];
    if (strcmp(outcome, "afdaekning") == 0) {
        /* Early help without a child assessment (§ 30 / § 35 on step 2), for about half. */
        if (unif(&g->r) < 0.5) {
            struct date start = add(sday, 10 + upto(&g->r, 30));
            char s[DATE_BUF], e[DATE_BUF];
            struct date end = calendar_add_months(start, 3 + upto(&g->r, 9));
            ymd(start, s);
            ymd(end, e);
            emit(&g->o, RT_intervention,
                 "\"child_id\":%lld,\"case_id\":%lld,\"catalogue_code\":\"%s\",\"start\":\"%s\""
                 "%s%s%s,\"rate_dkk\":%d,\"rate_unit\":\"year\"",
                 (long long)c->id, (long long)case_id, unif(&g->r) < 0.6 ? "bl30-1" : "bl30-2", s,
                 end.y <= LAST_YEAR ? ",\"end\":\"" : "", end.y <= LAST_YEAR ? e : "",
                 end.y <= LAST_YEAR ? "\",\"end_reason\":\"goal_achieved\"" : "", 25000);
            c->busy_until = end;
            c->case_until = add(end, 30);
        }
        return;
    }
    /* A child assessment: about one in seven runs over four months and gets a provisional one. */
    struct date aware = first, started = add(first, 5 + upto(&g->r, 10));
    bool late = unif(&g->r) < 0.15;
    struct date done = add(started, late ? 125 + upto(&g->r, 40) : 40 + upto(&g->r, 70));
    char a1[DATE_BUF], a2[DATE_BUF], a3[DATE_BUF], a4[DATE_BUF];
    ymd(aware, a1);
    ymd(started, a2);
    ymd(done, a3);
    ymd(calendar_add_months(aware, 4), a4);
    emit(&g->o, RT_assessment,
         "\"child_id\":%lld,\"case_id\":%lld,\"aware_date\":\"%s\",\"started\":\"%s\"%s%s%s,"
         "\"completed\":\"%s\"",
         (long long)c->id, (long long)case_id, a1, a2, late ? ",\"provisional_date\":\"" : "",
         late ? a4 : "", late ? "\"" : "", a3);
    /* The decision, with the child's conversation before it (or a documented exception). */
    struct date decided = add(done, 3 + upto(&g->r, 10));
    ymd(decided, dd);
    ymd(add(decided, -(1 + upto(&g->r, 6))), cd);
    u = unif(&g->r);
    /* Boys are placed a little more often than girls (54-55 % of the placed, §2.4). */
    double boost = c->boy ? 1.04 : 0.96;
    bool place = u < 0.16 * boost || (age >= 13 && u < 0.24 * boost);
    bool support = !place && u < 0.80;
    const char *voice;
    char vbuf[160];
    if (age < 3 || unif(&g->r) < 0.03) {
        voice = ",\"exception_reason\":\"Barnet er for lille til en samtale; synspunkter er "
                "indhentet gennem observation.\"";
    } else {
        int64_t conv = emit(&g->o, RT_conversation,
                            "\"child_id\":%lld,\"date\":\"%s\",\"bisidder_informed\":%s,"
                            "\"child_words\":\"Syntetisk samtale\"",
                            (long long)c->id, cd, unif(&g->r) < 0.9 ? "true" : "false");
        snprintf(vbuf, sizeof(vbuf), ",\"conversation_id\":%lld", (long long)conv);
        voice = vbuf;
    }
    const char *type = place     ? (unif(&g->r) < 0.9 ? "placement_s46" : "placement_s47")
                       : support ? "support_s32"
                                 : "refusal";
    int64_t decision =
        emit(&g->o, RT_decision,
             "\"child_id\":%lld,\"case_id\":%lld,\"date\":\"%s\",\"decision_type\":\"%s\","
             "\"legal_basis\":\"%s\"%s",
             (long long)c->id, (long long)case_id, dd, type,
             place     ? (strcmp(type, "placement_s47") == 0 ? "§ 47" : "§ 46")
             : support ? "§ 32"
                       : "§ 32",
             voice);
    if (place || support)
        simulate_intervention(g, c, case_id, decision, add(decided, 1 + upto(&g->r, 14)), place,
                              strcmp(type, "placement_s47") != 0);
}

/* Close cases that have gone quiet before the year ends. */
static void
close_cases(struct gen *g, struct child_sim *c, int year)
{
    if (c->case_id && date_cmp(c->case_until, (struct date){ year, 12, 31 }) < 0 &&
        date_cmp(c->busy_until, c->case_until) < 0) {
        g->closed[c->case_id] = c->case_until;
        c->case_id = 0;
    }
}

enum err
app_demo(struct app *app, const struct demo_options *opt, struct demo_result *res,
         struct strbuf *why)
{
    struct gen g;
    enum err rc = OK;
    memset(&g, 0, sizeof(g));
    for (int t = 0; t < RT__COUNT; t++)
        strbuf_init(&g.o.lines[t], 0);
    g.r.s = opt->seed * 0x2545f4914f6cdd1dULL + 1;

    /* Caseworkers: about one per 27 children in a course, in two teams. */
    int children_0_17 = opt->children;
    g.ncaseworkers = children_0_17 / 450 > 2 ? children_0_17 / 450 : 2;
    if (g.ncaseworkers > 32)
        g.ncaseworkers = 32;
    for (int i = 0; i < g.ncaseworkers; i++) {
        g.caseworkers[i] = arena_printf(opt->arena, "rg-%02d", i + 1);
        g.teams[i] = i % 2 ? "Team Syd" : "Team Nord";
    }

    /* The population: children born 1997-2024, so every age 0-22 is present in 2015-2024. */
    int per_year = children_0_17 / 18;
    size_t nkids = (size_t)per_year * 28;
    struct child_sim *kids = xcalloc(nkids, sizeof(*kids));
    for (size_t i = 0; i < nkids; i++) {
        struct child_sim *c = &kids[i];
        int y = 1997 + (int)(i / (size_t)per_year);
        struct date b = add((struct date){ y, 1, 1 }, upto(&g.r, 365));
        char cpr[48], bd[DATE_BUF];
        c->boy = unif(&g.r) < 0.51;
        int seq = upto(&g.r, 500) * 2 + (c->boy ? 1 : 0); /* odd last digit: a boy */
        int digit7 = y < 2000 ? upto(&g.r, 4) : 4 + (y <= 2036 ? 0 : 1);
        snprintf(cpr, sizeof(cpr), "%02d%02d%02d-%d%03d", b.d + 60, b.m, b.y % 100, digit7, seq);
        ymd(b, bd);
        c->birth = b;
        c->id = emit(&g.o, RT_child,
                     "\"cpr\":\"%s\",\"name\":\"%s Testesen\",\"birth_date\":\"%s\","
                     "\"sex\":\"%s\"",
                     cpr, first_names[upto(&g.r, 10) + (c->boy ? 10 : 0)], bd,
                     c->boy ? "male" : "female");
    }

    /* Ten years: each child 0-17 may be notified; a notified child is more likely to be again. */
    for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
        for (size_t i = 0; i < nkids; i++) {
            struct child_sim *c = &kids[i];
            int age = year - c->birth.y;
            if (age < 0 || age > 17)
                continue;
            double p = c->notified_years ? 0.28 : 0.066;
            if (unif(&g.r) < p) {
                c->notified_years++;
                simulate_year(&g, c, year);
            }
            close_cases(&g, c, year);
        }
    }
    free(kids);

    /* Closing dates go onto the case lines (cases are written before their closings are known). */
    struct strbuf cases = STRBUF_INIT;
    const char *p = strbuf_str(&g.o.lines[RT_case]);
    for (int64_t id = 1; *p; id++) {
        const char *nl = strchr(p, '\n');
        if ((size_t)id < g.nclosed && g.closed[id].y) {
            char day[DATE_BUF];
            ymd(g.closed[id], day);
            strbuf_add(&cases, p, (size_t)(nl - p - 1));
            strbuf_addf(&cases, ",\"closed\":\"%s\"}\n", day);
        } else {
            strbuf_add(&cases, p, (size_t)(nl - p + 1));
        }
        p = nl + 1;
    }
    strbuf_release(&g.o.lines[RT_case]);
    g.o.lines[RT_case] = cases;
    free(g.closed);

    struct strbuf all = STRBUF_INIT;
    for (int t = 0; t < RT__COUNT; t++) {
        strbuf_add(&all, g.o.lines[t].buf ? g.o.lines[t].buf : "", g.o.lines[t].len);
        strbuf_release(&g.o.lines[t]);
    }
    rc = strbuf_error(&all);
    if (!rc) {
        FILE *in = fmemopen(all.buf, all.len, "r");
        size_t count = 0;
        rc = in ? app_import(app, in, "demo", &count, why) : ERR_INTERNAL;
        if (in)
            fclose(in);
        res->records = count;
        res->children = nkids;
        res->caseworkers = (size_t)g.ncaseworkers;
    }
    strbuf_release(&all);
    return rc;
}

enum err
app_demo_check(struct app *app, int year, bool municipal, struct demo_check *out, size_t *n,
               struct strbuf *why)
{
    static const struct {
        const char *id, *what;
        enum store_kpi k;
        double target, tol;
        int scale; /* 0 both, 1 municipal only, 2 national only */
    } checks[] = {
        { "#1", "notifications per notified child", KPI_NOTIF_PER_CHILD, 1.79, 0.10, 0 },
        { "#2", "share of notified children with one notification", KPI_ONE_NOTIF, 0.66, 0.04, 0 },
        { "#3a", "share of notifications from schools", KPI_NOTIFIER_SCHOOL, 0.21, 0.02, 0 },
        { "#3b", "share of notifications from the health sector", KPI_NOTIFIER_HEALTH, 0.20, 0.02,
          0 },
        { "#3c", "share of notifications from police or courts", KPI_NOTIFIER_POLICE, 0.125, 0.02,
          0 },
        { "#4", "share of 0-22 placed on 31 Dec", KPI_PLACED_SHARE, 0.009, 0.001, 2 },
        { "#5a", "placements in (network) foster families", KPI_FOSTER_SHARE, 0.63, 0.03, 0 },
        { "#5b", "placements on step 6 (institution, opholdssted, own room, boarding)",
          KPI_INSTITUTION_SHARE, 0.37, 0.03, 0 },
        { "#6", "boys' share of the placed", KPI_BOYS_PLACED, 0.545, 0.02, 0 },
        { "#7", "placements started without consent (2015 to the year)", KPI_NO_CONSENT, 0.10, 0.02,
          0 },
        { "#8", "exit rate of the start-of-year stock", KPI_EXIT_RATE, 0.16, 0.03, 0 },
        { "#10", "placed on 31 Dec / placements started (years)", KPI_STOCK_PER_STARTS, 3.85, 0.75,
          0 },
        { "#11", "early measures among supportive-measure recipients", KPI_EARLY_SHARE, 0.355, 0.04,
          0 },
        { "#12", "share of 0-22 with a supportive measure", KPI_SUPPORT_SHARE, 0.030, 0.003, 0 },
        { "#13", "yearly cost, institution / foster family", KPI_COST_RATIO, 2.5, 0.3, 0 },
        /* National only: a municipality placing more children than the country (Norddjurs about
         * 1.6 % of 0-22 against 0.9 %) spends a smaller share on prevention. */
        { "#14", "preventive share of spend", KPI_PREVENTIVE_SPEND, 0.37, 0.05, 2 },
        { "#15", "placed children on 31 Dec (Norddjurs-scaled)", KPI_PLACED_COUNT, 138, 13.8, 1 },
    };

    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "demo: only for operators");
    *n = 0;
    for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
        if ((checks[i].scale == 1 && !municipal) || (checks[i].scale == 2 && municipal))
            continue;
        struct demo_check *c = &out[(*n)++];
        /* A municipality is small: one year has too few events to compare with national ratios,
         * so at municipal scale each figure is the mean of the last five years. */
        int years = municipal ? 5 : 1;
        c->value = 0;
        for (int y = year - years + 1; y <= year; y++) {
            double v = 0;
            enum err rc = store_kpi(app->store, checks[i].k, y, &v, why);
            if (rc)
                return rc;
            c->value += v / years;
        }
        c->id = checks[i].id;
        c->what = checks[i].what;
        c->target = checks[i].target;
        c->tolerance = checks[i].tol;
        c->ok = c->value >= c->target - c->tolerance && c->value <= c->target + c->tolerance;
    }
    return OK;
}
