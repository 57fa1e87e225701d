/*
 * demo.c - synthetic case histories (`trappe demo`): a deterministic simulation of the ten years
 * up to a given day (the CLI's default: today) of a municipality's children, shaped by
 * shared/CALIBRATION.md, written through the same validated, audited, all-or-nothing import path
 * as any JSON Lines file. Nothing is dated after that day: a course still running then is open,
 * a notification not yet assessed has no assessment.
 * Nothing here is real: names are drawn from lists of common first names and a fixed test
 * surname, and CPR numbers are substitute numbers (day + 60), which cannot belong to anyone.
 * Must not: read the clock (the seed alone decides the output), or write without app_import.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/internal.h"
#include "app/strategy.h"
#include "domain/calendar.h"
#include "domain/figures.h"
#include "json/json.h"

/* Recorded: the year of the until day and the eleven before it. Before them BURN_IN years are
 * simulated as well, so that the first recorded years already have the stock of placements a
 * municipality carries (a cold start shows ten placed children in the first year and a
 * sixteen-fold rise). Of those years only the history of the children still in a case when the
 * record begins is kept: what a migration from the previous system would bring along. */
#define YEARS   12
#define BURN_IN 12
_Static_assert(BURN_IN >= 5, "the births must cover every age 0-22 in the recorded years");

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

/* Synthetic custody holders and schools, chosen by the child's id (no draw from the generator,
 * so the rest of the stream is as before). */
static const char *const parent_names[] = { "Mette", "Hanne",  "Louise", "Camilla", "Maria",
                                            "Søren", "Thomas", "Martin", "Jesper",  "Henrik" };
static const char *const schools[] = { "Nordskolen", "Søndre Skole", "Byskolen", "Skovvangskolen",
                                       "Østre Skole" };
static const char *const daycares[] = { "Børnehuset Solsikken", "Dagplejen Vest",
                                        "Vuggestuen Mælkebøtten" };

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
    bool family; /* a (network) foster family: steps 4-5 */
} placements[] = {
    { "anb-netvaerk", 8, 200000, true },           { "anb-almen-pleje", 32, 480000, true },
    { "anb-forstaerket-pleje", 13, 520000, true }, { "anb-specialiseret-pleje", 5, 600000, true },
    { "anb-boerne-ungehjem", 28, 1250000, false }, { "anb-sikret", 1, 2500000, false },
    { "anb-eget-vaerelse", 4, 300000, false },     { "anb-kostskole", 2, 250000, false },
};

/*
 * Quotas: a categorical draw whose counts follow the shares exactly (smooth weighted round robin,
 * starting at a random phase). A municipality has a few hundred placements; independent draws
 * would move a share by 4-5 points between seeds, while a real municipality's shares are set by
 * its practice, not by dice. The seed still decides the order, and so which child gets what.
 */
struct quota {
    int n;
    double share[12];
    double acc[12];
};

static void
quota_init(struct quota *q, struct rng *r, const double *w, int n)
{
    double total = 0;
    if (n > (int)ARRAY_SIZE(q->share))
        BUG("quota_init: too many categories");
    q->n = n;
    for (int i = 0; i < n; i++)
        total += w[i];
    for (int i = 0; i < n; i++) {
        q->share[i] = w[i] / total;
        q->acc[i] = unif(r) * q->share[i];
    }
}

static int
quota_pick(struct quota *q)
{
    int best = 0;
    for (int i = 0; i < q->n; i++) {
        q->acc[i] += q->share[i];
        if (q->acc[i] > q->acc[best])
            best = i;
    }
    q->acc[best] -= 1.0;
    return best;
}

/* A yes/no quota: true for the share p of draws. */
static void
quota_init_p(struct quota *q, struct rng *r, double p)
{
    double w[2] = { p, 1.0 - p };
    quota_init(q, r, w, 2);
}

static bool
quota_yes(struct quota *q)
{
    return quota_pick(q) == 0;
}

struct child_sim {
    int64_t id;
    struct date birth;
    bool boy;
    int notified_years;
    int64_t case_id;        /* the open case, or 0 */
    struct date case_until; /* when the open case can close */
    struct date busy_until; /* an intervention runs until then */
    bool recorded;          /* in a case during the recorded years: its history is kept */
    int name;               /* index into first_names */
    char cpr[12];
    bool aftercare;               /* support after 18 (§ 114) from the 18th birthday ... */
    struct date ac_start, ac_end; /* ... to ac_end (year 0: still running) */
};

/* One district: a municipality, or a part of a big one, simulated on its own. */
struct gen {
    struct rng r;
    struct rng x;      /* working across sectors: a stream of its own, so r's is unchanged */
    struct date until; /* the last day simulated: nothing is dated after it */
    struct out o;
    struct date *closed; /* by case id - first_case: the day it closed, or year 0 while open */
    size_t nclosed;
    int64_t first_case;
    const char *caseworkers[64];
    const char *teams[64];
    int ncaseworkers;
    double place_factor;   /* placement propensity against the calibrated municipality */
    double support_factor; /* and the same for supportive measures */
    bool trend;            /* follow the calibrated municipality's trend (placement_trend) */

    /* The district's placements so far, to steer the mix of the stock (see pick_placement). */
    struct placed {
        struct date start, end;
        bool family; /* steps 4-5 */
        bool boy;
    } * placed;

    size_t nplaced, placed_cap;
    struct quota per_child, notifier, screening, early, decision[3][2][2], ptype, pfamily, pinst,
        consent, duration, type_change, aftercare, aftercare_kind, works;
};

/* The decision after an assessment: placement, supportive measure, refusal, by sex and age
 * (13+). Boys are placed a little more often (54-55 % of the placed, §2.4); the practice leans
 * (lean 1: towards boys, 2: towards girls) when the stock's mix drifts from that. A municipality
 * that places less (place_factor < 1) refuses more instead of supporting more. init: start the
 * quotas; otherwise change their shares and keep where each stands. */
static void
decision_quotas(struct gen *g, double place_factor, bool init)
{
    static const double boost[3][2] = { { 0.93, 1.07 }, { 0.80, 1.20 }, { 1.06, 0.94 } };
    for (int lean = 0; lean < 3; lean++)
        for (int boy = 0; boy < 2; boy++)
            for (int older = 0; older < 2; older++) {
                struct quota *q = &g->decision[lean][boy][older];
                double p = (older ? 0.24 : 0.16) * boost[lean][boy];
                double sup = (0.69 - p) * g->support_factor;
                double ww[3] = { p * place_factor, sup, 1.0 - p * place_factor - sup };
                if (init) {
                    quota_init(q, &g->r, ww, 3);
                } else {
                    for (int i = 0; i < 3; i++)
                        q->share[i] = ww[i];
                }
            }
}

/*
 * The calibrated municipality's placement practice over the years, against its level from 2020
 * on: Norddjurs' placed children fell from 172 in 2016 to 138 in 2020 (CALIBRATION §4, about
 * -20 %). Here it places 40 % more up to 2016, 40 % fewer while it turns the stock in
 * 2017-2019, then steadily (set by hand: seeds 1-6 give 166-181 placed at the end of 2016 and
 * 132-140 at the end of 2020, 132-141 in 2025). While it turns, few new placements stand against
 * a stock built before, so the ratio stock / starts (#10) is above the country's in those years.
 */
#define TREND_BEFORE 1.4
#define TREND_TURN   0.6

static double
placement_trend(int year)
{
    return year <= 2016 ? TREND_BEFORE : year < 2020 ? TREND_TURN : 1.0;
}

static void
gen_quotas(struct gen *g)
{
    double w[ARRAY_SIZE(notifiers) > ARRAY_SIZE(placements) ? ARRAY_SIZE(notifiers)
                                                            : ARRAY_SIZE(placements)];
    quota_init(&g->per_child, &g->r, per_child_w, (int)ARRAY_SIZE(per_child_w));
    quota_init(&g->notifier, &g->r, notifier_w, (int)ARRAY_SIZE(notifier_w));
    quota_init(&g->screening, &g->r, (const double[]){ 0.48, 0.26, 0.26 }, 3);
    quota_init_p(&g->early, &g->r, 0.5);
    /* The decision after an assessment: placement, supportive measure, refusal, by sex and age
     * (13+). Boys are placed a little more often (54-55 % of the placed, §2.4); the practice
     * leans (lean 1: towards boys, 2: towards girls) when the stock's mix drifts from that. A
     * municipality that places less (place_factor < 1) refuses more instead of supporting more. */
    decision_quotas(g, g->place_factor, true);
    for (size_t i = 0; i < ARRAY_SIZE(placements); i++)
        w[i] = placements[i].w;
    quota_init(&g->ptype, &g->r, w, (int)ARRAY_SIZE(placements));
    for (size_t i = 0; i < ARRAY_SIZE(placements); i++)
        w[i] = placements[i].family ? placements[i].w : 0;
    quota_init(&g->pfamily, &g->r, w, (int)ARRAY_SIZE(placements));
    for (size_t i = 0; i < ARRAY_SIZE(placements); i++)
        w[i] = placements[i].family ? 0 : placements[i].w;
    quota_init(&g->pinst, &g->r, w, (int)ARRAY_SIZE(placements));
    g->nplaced = 0;
    quota_init_p(&g->consent, &g->r, 0.90);
    quota_init(&g->duration, &g->r, (const double[]){ 0.15, 0.30, 0.55 }, 3);
    quota_init_p(&g->type_change, &g->r, 0.07); /* CALIBRATION §6: about 7 % a year */
    quota_init_p(&g->aftercare, &g->r, 0.55);
    quota_init_p(&g->aftercare_kind, &g->r, 0.4);
    quota_init_p(&g->works, &g->r, 0.65);
}

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

    size_t k = (size_t)(c->case_id - g->first_case);
    if (k >= g->nclosed) {
        size_t n = g->nclosed ? g->nclosed * 2 : 1024;
        g->closed = xrealloc(g->closed, n * sizeof(*g->closed));
        memset(g->closed + g->nclosed, 0, (n - g->nclosed) * sizeof(*g->closed));
        g->nclosed = n;
    }
    return c->case_id;
}

/*
 * The type of a new placement (segment) starting on day: like a municipality's placement
 * practice, it looks at who is placed now and leans towards families when their share of the
 * stock has fallen below the policy's 63 % (CALIBRATION §2.2), towards institutions when above.
 */
static int
pick_placement(struct gen *g, struct date day, struct date end, int not_type, bool boy)
{
    size_t fam = 0, all = 0;
    for (size_t i = 0; i < g->nplaced; i++)
        if (date_cmp(g->placed[i].start, day) <= 0 && date_cmp(g->placed[i].end, day) >= 0) {
            all++;
            fam += g->placed[i].family;
        }
    double share = all ? (double)fam / (double)all : 0.63;
    struct quota *q = share < 0.62 ? &g->pfamily : share > 0.64 ? &g->pinst : &g->ptype;
    int t = quota_pick(q);
    for (int tries = 0; t == not_type && tries < 8; tries++)
        t = quota_pick(&g->ptype);
    if (g->nplaced == g->placed_cap) {
        g->placed_cap = g->placed_cap ? g->placed_cap * 2 : 256;
        g->placed = xrealloc(g->placed, g->placed_cap * sizeof(*g->placed));
    }
    g->placed[g->nplaced++] = (struct placed){ day, end, placements[t].family, boy };
    return t;
}

/* Which way the placement practice leans on day (see gen_quotas). */
static int
lean(struct gen *g, struct date day)
{
    size_t boys = 0, all = 0;
    for (size_t i = 0; i < g->nplaced; i++)
        if (date_cmp(g->placed[i].start, day) <= 0 && date_cmp(g->placed[i].end, day) >= 0) {
            all++;
            boys += g->placed[i].boy;
        }
    double share = all ? (double)boys / (double)all : 0.545;
    return share < 0.535 ? 1 : share > 0.555 ? 2 : 0;
}

static void
supervise(struct gen *g, struct child_sim *c, int64_t iv, struct date from, struct date to)
{
    /* Supervision visits to a placed child: usually two a year, sometimes fewer. */
    for (struct date v = add(from, 60 + upto(&g->r, 60));
         date_cmp(v, to) <= 0 && date_cmp(v, g->until) <= 0; v = add(v, 150 + upto(&g->r, 90))) {
        char vd[DATE_BUF];
        ymd(v, vd);
        emit(&g->o, RT_supervision,
             "\"child_id\":%lld,\"intervention_id\":%lld,\"date\":\"%s\",\"child_alone\":%s",
             (long long)c->id, (long long)iv, vd, unif(&g->r) < 0.8 ? "true" : "false");
    }
}

/* The day c turns years old (born 29 February: 1 March in a year without one). */
static struct date
birthday(const struct child_sim *c, int years)
{
    struct date d = { c->birth.y + years, c->birth.m, c->birth.d };
    return date_valid(d.y, d.m, d.d) ? d : (struct date){ d.y, 3, 1 };
}

/* Support after 18 (§ 114) for a young person whose placement ended on the 18th birthday. */
static void
aftercare(struct gen *g, struct child_sim *c, int64_t case_id, struct date eighteen)
{
    char dd[DATE_BUF], cd[DATE_BUF], s[DATE_BUF], e[DATE_BUF];
    /* Decided after revising the ungeplan, mostly by the deadline 6 months before 18 (Y1), some
     * weeks late for about one in five (the same one draw as before: the stream is unchanged). */
    struct date decided = add(eighteen, -(175 + upto(&g->r, 60)));
    if (date_cmp(eighteen, g->until) > 0)
        return;
    ymd(decided, dd);
    ymd(add(decided, -(1 + upto(&g->r, 10))), cd);
    int64_t conv = emit(&g->o, RT_conversation,
                        "\"child_id\":%lld,\"date\":\"%s\",\"bisidder_informed\":true,"
                        "\"child_words\":\"Syntetisk samtale om tiden efter 18 år\"",
                        (long long)c->id, cd);
    int64_t dec = emit(&g->o, RT_decision,
                       "\"child_id\":%lld,\"case_id\":%lld,\"date\":\"%s\",\"decision_type\":"
                       "\"aftercare\",\"legal_basis\":\"§ 114\",\"conversation_id\":%lld",
                       (long long)c->id, (long long)case_id, dd, (long long)conv);
    bool stay = quota_yes(&g->aftercare_kind);
    struct date end = calendar_add_months(eighteen, 12 + upto(&g->r, 25));
    bool ended = date_cmp(end, g->until) <= 0;
    ymd(eighteen, s);
    ymd(end, e);
    emit(&g->o, RT_intervention,
         "\"child_id\":%lld,\"case_id\":%lld,\"decision_id\":%lld,\"catalogue_code\":\"%s\","
         "\"start\":\"%s\"%s%s%s,\"rate_dkk\":%d,\"rate_unit\":\"year\"",
         (long long)c->id, (long long)case_id, (long long)dec, stay ? "bl114-1" : "bl114-2", s,
         ended ? ",\"end\":\"" : "", ended ? e : "",
         ended ? "\",\"end_reason\":\"goal_achieved\"" : "", stay ? 300000 : 60000);
    c->busy_until = end;
    c->case_until = add(end, 30);
    c->aftercare = true;
    c->ac_start = eighteen;
    c->ac_end = ended ? end : (struct date){ 0, 0, 0 };
}

static void
simulate_intervention(struct gen *g, struct child_sim *c, int64_t case_id, int64_t decision,
                      struct date start, bool placement, bool consent)
{
    char s[DATE_BUF], e[DATE_BUF], pd[DATE_BUF];
    int k = 0;
    int months;
    if (placement) {
        /* Duration: a quarter short, most 1-4 years, about half until the child is 18 (§2.5). */
        int dur = quota_pick(&g->duration);
        months = dur == 0 ? 2 + upto(&g->r, 10) : dur == 1 ? 12 + upto(&g->r, 60) : 240;
    } else {
        double w[ARRAY_SIZE(supports)];
        for (size_t i = 0; i < ARRAY_SIZE(supports); i++)
            w[i] = supports[i].w;
        k = pick(&g->r, w, (int)ARRAY_SIZE(supports));
        months = 8 + upto(&g->r, 28);
    }
    struct date end = calendar_add_months(start, months);
    /* The 18th birthday, when support after 18 may begin (§ 114). */
    struct date eighteen = birthday(c, 18);
    bool turns_18 = false;
    if (date_cmp(end, eighteen) >= 0) {
        end = add(eighteen, -1);
        turns_18 = true;
    }
    if (date_cmp(end, start) < 0)
        end = start;
    bool ended = date_cmp(end, g->until) <= 0;
    const char *reason = turns_18             ? "turned_18"
                         : unif(&g->r) < 0.55 ? "goal_achieved"
                                              : "stepped_down";
    ymd(calendar_add_months(start, months < 12 ? months : 12), pd);

    /* A placement may change type: in each whole calendar year it runs, about 7 % do. The
     * course is then several interventions under the one decision, each but the last ending
     * "changed_type" the day before the next starts. */
    struct date seg_start[12];
    int nseg = 1;
    seg_start[0] = start;
    if (placement) {
        for (int y = start.y + 1; y < end.y && y <= g->until.y && nseg < 12; y++) {
            struct date d = add((struct date){ y, 1, 1 }, upto(&g->r, 365));
            if (quota_yes(&g->type_change) && date_cmp(d, g->until) <= 0)
                seg_start[nseg++] = d;
        }
    }
    int64_t first_iv = 0;
    int last_type = -1;
    for (int si = 0; si < nseg; si++) {
        bool last = si == nseg - 1;
        struct date s_end = last ? end : add(seg_start[si + 1], -1);
        bool s_ended = last ? ended : true;
        const char *code;
        int cost;
        struct strbuf extra = STRBUF_INIT;
        if (placement) {
            int t = pick_placement(g, seg_start[si], s_end, last_type, c->boy);
            last_type = t;
            code = placements[t].code;
            cost = placements[t].cost;
            strbuf_addf(&extra, ",\"consent\":%s,\"combination\":%s", consent ? "true" : "false",
                        unif(&g->r) < 0.05 ? "true" : "false");
        } else {
            code = supports[k].code;
            cost = supports[k].cost;
        }
        ymd(seg_start[si], s);
        ymd(s_end, e);
        if (si > 0)
            ymd(calendar_add_months(seg_start[si], 12), pd);
        int64_t iv = emit(&g->o, RT_intervention,
                          "\"child_id\":%lld,\"case_id\":%lld,\"decision_id\":%lld,"
                          "\"catalogue_code\":\"%s\",\"start\":\"%s\",\"planned_end\":\"%s\"%s%s"
                          "%s%s%s,\"rate_dkk\":%d,\"rate_unit\":\"year\"%s",
                          (long long)c->id, (long long)case_id, (long long)decision, code, s, pd,
                          s_ended ? ",\"end\":\"" : "", s_ended ? e : "",
                          s_ended ? "\",\"end_reason\":\"" : "",
                          s_ended ? (last ? reason : "changed_type") : "", s_ended ? "\"" : "",
                          cost, strbuf_str(&extra));
        strbuf_release(&extra);
        if (!first_iv)
            first_iv = iv;
        if (placement)
            supervise(g, c, iv, seg_start[si], s_end);
    }
    c->busy_until = end;
    c->case_until = add(end, 30);
    /* A plan within about three months (a few late), one or two goals, follow-ups. */
    struct date plan_day = add(start, 20 + upto(&g->r, 100));
    char p[DATE_BUF];
    ymd(plan_day, p);
    if (date_cmp(plan_day, g->until) <= 0) {
        int64_t plan = emit(&g->o, RT_plan,
                            "\"child_id\":%lld,\"case_id\":%lld,\"kind\":\"barnets_plan\","
                            "\"date\":\"%s\",\"followup_months\":6",
                            (long long)c->id, (long long)case_id, p);
        static const char *const goals[] = { "Går i skole hver dag", "Har en voksen at tale med",
                                             "Sover og spiser regelmæssigt",
                                             "Har en fritidsaktivitet",
                                             "Har kontakt med familien" };
        int ngoals = 1 + upto(&g->r, 2);
        for (int gi = 0; gi < ngoals; gi++) {
            int64_t goal =
                emit(&g->o, RT_goal, "\"plan_id\":%lld,\"child_id\":%lld,\"text\":\"%s\"",
                     (long long)plan, (long long)c->id, goals[upto(&g->r, 5)]);
            int value = 2 + upto(&g->r, 4);
            bool works = quota_yes(&g->works);
            for (struct date f = add(start, 80 + upto(&g->r, 20));
                 date_cmp(f, end) <= 0 && date_cmp(f, g->until) <= 0;
                 f = add(f, 150 + upto(&g->r, 60))) {
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
    }
    if (placement && turns_18 && quota_yes(&g->aftercare))
        aftercare(g, c, case_id, add(end, 1));
}

/* One notified year of one child: notifications, screening, and what follows. */
/* --- working across sectors (issue 23), drawn from g->x ----------------------------------------
 */

/* Synthetic observations a partner writes. */
static const char *const seen_texts[] = {
    "Meget fravær de sidste uger, og barnet virker træt og trist (syntetisk)",
    "Barnet trækker sig fra de andre børn og græder ofte (syntetisk)",
    "Barnet kommer uden madpakke og i for tynde klæder (syntetisk)",
    "Uro og konflikter i klassen, som vi ikke kan løse alene (syntetisk)",
    "Forældrene er svære at komme i kontakt med, og barnet bliver ofte ikke hentet (syntetisk)",
};
static const char *const answers[] = {
    "Kommunen har vurderet henvendelsen og er i gang med en afdækning.",
    "Vi tilbyder en konsultativ samtale med jer og forældrene.",
    "Vi har talt med familien; skolen fortsætter sin indsats, og vi følger op.",
    "Kommunen har iværksat en børnefaglig undersøgelse.",
};

/* The partner's login: one school and one daycare have the demo's accounts. */
static const char *
partner_login(const struct child_sim *c, bool school, char buf[static 32])
{
    int n = (int)(c->id % 5);
    if (school && n == 0)
        return "skole";
    snprintf(buf, 32, "%s-%d", school ? "skole" : "dagtilbud", n + 1);
    return buf;
}

/* A formal notification from a school or daycare filed in the channel (notification nid). */
static void
portal_inquiry(struct gen *g, const struct child_sim *c, int nf, const char *filed,
               const char *taken, const char *answered, int64_t nid)
{
    char login[32], tail[512];
    tail[0] = '\0';
    if (taken)
        snprintf(tail, sizeof(tail),
                 ",\"taken_at\":\"%s\",\"taken_by\":\"modtagelsen\",\"notification_id\":%lld,"
                 "\"response\":\"notification\"%s%s%s%s%s",
                 taken, (long long)nid, answered ? ",\"feedback\":\"" : "",
                 answered ? answers[upto(&g->x, (int)ARRAY_SIZE(answers))] : "",
                 answered ? "\",\"feedback_at\":\"" : "", answered ? answered : "",
                 answered ? "\"" : "");
    emit(&g->o, RT_inquiry,
         "\"child_id\":%lld,\"filed_by\":\"%s\",\"filed_at\":\"%s\",\"kind\":"
         "\"formal_notification\",\"notifier_type\":\"%s\",\"child_name\":\"%s Testesen\","
         "\"child_cpr\":\"%s\",\"seen\":\"%s\"%s",
         (long long)c->id, partner_login(c, nf == 0, login), filed, notifiers[nf],
         first_names[c->name], c->cpr, seen_texts[upto(&g->x, (int)ARRAY_SIZE(seen_texts))], tail);
}

static void
simulate_year(struct gen *g, struct child_sim *c, int year)
{
    int n = 1 + quota_pick(&g->per_child);
    if (n == 6)
        n += upto(&g->r, 16); /* the open "6 or more" bucket: 6-21 */
    struct date first = { year, 1, 1 };
    first = add(first, upto(&g->r, 330));
    if (date_cmp(first, g->until) > 0)
        return; /* after the last day simulated */
    int64_t case_id = open_case(g, c, first);
    if (date_cmp(c->case_until, first) < 0) /* a case just opened runs at least a month */
        c->case_until = add(first, 30);
    int64_t notif = 0;
    /* The end of the last day: nothing happens after it. */
    int64_t horizon = calendar_cph_day_start(add(g->until, 1));
    for (int i = 0; i < n; i++) {
        struct date d = add(first, i * (1 + upto(&g->r, 20)));
        if (d.y > year)
            d = (struct date){ year, 12, 31 }; /* all of a child's notifications in this year */
        if (date_cmp(d, g->until) > 0)
            break;
        char when[DATETIME_BUF], assessed[DATETIME_BUF], receipt[DATE_BUF];
        int64_t t = calendar_cph_day_start(d) + 8 * 3600 + upto(&g->r, 9 * 3600);
        int nf = quota_pick(&g->notifier);
        datetime_format(t, when);
        /* Most are assessed within 24 hours; some are late, as in real life. */
        int64_t at = t + (unif(&g->r) < 0.9 ? 3600 + upto(&g->r, 20 * 3600)
                                            : 86400 + upto(&g->r, 3 * 86400));
        datetime_format(at, assessed);
        struct date rd = calendar_add_workdays(
            NULL, d, unif(&g->r) < 0.85 ? 1 + upto(&g->r, 5) : 7 + upto(&g->r, 6));
        ymd(rd, receipt);
        bool professional = nf != 3 && nf < 6;
        bool is_assessed = at < horizon, receipted = professional && date_cmp(rd, g->until) <= 0;
        /* In the last two years most notifications from schools and daycare come through the
         * partners' channel (issue 23): an inquiry, taken in within hours, answered within
         * weeks; the answer is the notification's feedback. Drawn from g->x only. */
        bool portal = (nf == 0 || nf == 4) && year >= g->until.y - 1 && unif(&g->x) < 0.7;
        int64_t taken_t = t + 1800 + upto(&g->x, 6 * 3600);
        int64_t fb_t = t + (int64_t)(5 + upto(&g->x, 30)) * 86400;
        bool taken = portal && taken_t < horizon;
        /* About one in seven is answered late (after 40-100 days), not never: an inbox of
         * answers owed for years is not how an intake works. */
        if (taken && fb_t < horizon && unif(&g->x) >= 0.85)
            fb_t = t + (int64_t)(40 + upto(&g->x, 60)) * 86400;
        bool fb = taken && fb_t < horizon;
        char fbs[DATETIME_BUF], takens[DATETIME_BUF];
        datetime_format(fb_t, fbs);
        datetime_format(taken_t, takens);
        int64_t id = emit(
            &g->o, RT_notification,
            "\"child_id\":%lld,\"case_id\":%lld,\"received_at\":\"%s\",\"notifier_type\":\"%s\","
            "\"professional\":%s,\"reason_codes\":[\"%s\"]%s%s%s,\"acute\":%s%s%s%s%s%s%s",
            (long long)c->id, (long long)case_id, when, notifiers[nf],
            professional ? "true" : "false", reasons[upto(&g->r, (int)ARRAY_SIZE(reasons))],
            is_assessed ? ",\"assessed_at\":\"" : "", is_assessed ? assessed : "",
            is_assessed ? "\",\"assessment_outcome\":\"screening\"" : "",
            unif(&g->r) < 0.05 ? "true" : "false", receipted ? ",\"receipt_sent_at\":\"" : "",
            receipted ? receipt : "", receipted ? "T12:00:00Z\"" : "",
            fb ? ",\"feedback_sent_at\":\"" : "", fb ? fbs : "", fb ? "\"" : "");
        if (portal)
            portal_inquiry(g, c, nf, when, taken ? takens : NULL, fb ? fbs : NULL, id);
        if (!notif)
            notif = id;
    }
    char sd[DATE_BUF];
    struct date sday = add(first, 1 + upto(&g->r, 4));
    if (date_cmp(sday, g->until) > 0)
        return;
    ymd(sday, sd);
    /* A child already in an intervention is followed up in it; no new course. */
    bool busy = date_cmp(c->busy_until, sday) >= 0;
    int so = busy ? 0 : quota_pick(&g->screening);
    static const char *const outcomes[] = { "nothing_further", "afdaekning", "assessment" };
    emit(&g->o, RT_screening,
         "\"child_id\":%lld,\"notification_id\":%lld,\"date\":\"%s\",\"outcome\":\"%s\"",
         (long long)c->id, (long long)notif, sd, outcomes[so]);
    if (date_cmp(c->case_until, sday) < 0)
        c->case_until = add(sday, 30);
    if (so == 0)
        return;
    int age = year - c->birth.y;
    char dd[DATE_BUF], cd[DATE_BUF];
    if (so == 1) {
        /* Early help without a child assessment (§ 30 / § 35 on step 2), for about half. */
        if (quota_yes(&g->early)) {
            struct date start = add(sday, 10 + upto(&g->r, 30));
            char s[DATE_BUF], e[DATE_BUF];
            struct date end = calendar_add_months(start, 3 + upto(&g->r, 9));
            if (date_cmp(start, g->until) > 0)
                return;
            bool over = date_cmp(end, g->until) > 0; /* still running on the last day */
            ymd(start, s);
            ymd(end, e);
            emit(&g->o, RT_intervention,
                 "\"child_id\":%lld,\"case_id\":%lld,\"catalogue_code\":\"%s\",\"start\":\"%s\""
                 "%s%s%s,\"rate_dkk\":%d,\"rate_unit\":\"year\"",
                 (long long)c->id, (long long)case_id, unif(&g->r) < 0.6 ? "bl30-1" : "bl30-2", s,
                 over ? "" : ",\"end\":\"", over ? "" : e,
                 over ? "" : "\",\"end_reason\":\"goal_achieved\"", 25000);
            c->busy_until = end;
            c->case_until = add(end, 30);
        }
        return;
    }
    /* A child assessment: about one in seven runs over four months and gets a provisional one. */
    struct date aware = first, started = add(first, 5 + upto(&g->r, 10));
    bool late = unif(&g->r) < 0.15;
    struct date done = add(started, late ? 125 + upto(&g->r, 40) : 40 + upto(&g->r, 70));
    if (date_cmp(started, g->until) > 0)
        return;
    /* Still running on the last day: no completion (nor a provisional one yet) to record. */
    bool finished = date_cmp(done, g->until) <= 0;
    bool provisional = late && date_cmp(calendar_add_months(aware, 4), g->until) <= 0;
    char a1[DATE_BUF], a2[DATE_BUF], a3[DATE_BUF], a4[DATE_BUF];
    ymd(aware, a1);
    ymd(started, a2);
    ymd(done, a3);
    ymd(calendar_add_months(aware, 4), a4);
    emit(&g->o, RT_assessment,
         "\"child_id\":%lld,\"case_id\":%lld,\"aware_date\":\"%s\",\"started\":\"%s\"%s%s%s"
         "%s%s%s",
         (long long)c->id, (long long)case_id, a1, a2,
         provisional ? ",\"provisional_date\":\"" : "", provisional ? a4 : "",
         provisional ? "\"" : "", finished ? ",\"completed\":\"" : "", finished ? a3 : "",
         finished ? "\"" : "");
    if (!finished)
        return;
    /* The decision, with the child's conversation before it (or a documented exception). */
    struct date decided = add(done, 3 + upto(&g->r, 10));
    if (date_cmp(decided, g->until) > 0)
        return;
    ymd(decided, dd);
    ymd(add(decided, -(1 + upto(&g->r, 6))), cd);
    int what = quota_pick(&g->decision[lean(g, decided)][c->boy][age >= 13]);
    bool place = what == 0, support = what == 1;
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
    bool consent = place && quota_yes(&g->consent);
    const char *type = place     ? (consent ? "placement_s46" : "placement_s47")
                       : support ? "support_s32"
                                 : "refusal";
    /* § 91 stk. 1: with a § 32 decision the choice to make a plan is recorded, except for one
     * child in ten (no random draw, so the rest of the stream is unchanged). */
    const char *plan_choice = support && c->id % 10 != 7 ? ",\"plan_choice\":\"make_plan\"" : "";
    int64_t decision =
        emit(&g->o, RT_decision,
             "\"child_id\":%lld,\"case_id\":%lld,\"date\":\"%s\",\"decision_type\":\"%s\","
             "\"legal_basis\":\"%s\"%s%s",
             (long long)c->id, (long long)case_id, dd, type,
             place ? (consent ? "§ 46" : "§ 47") : "§ 32", voice, plan_choice);
    struct date start = add(decided, 1 + upto(&g->r, 14));
    if ((place || support) && date_cmp(start, g->until) <= 0)
        simulate_intervention(g, c, case_id, decision, start, place, consent);
}

/* Close cases that have gone quiet before the year ends. */
static void
close_cases(struct gen *g, struct child_sim *c, int year)
{
    struct date year_end = { year, 12, 31 };
    if (date_cmp(year_end, g->until) > 0)
        year_end = g->until;
    if (c->case_id && date_cmp(c->case_until, year_end) < 0 &&
        date_cmp(c->busy_until, c->case_until) < 0) {
        /* Closed in the year it is found quiet, never back in a year gone by. */
        struct date jan1 = { year, 1, 1 };
        g->closed[c->case_id - g->first_case] =
            date_cmp(c->case_until, jan1) < 0 ? jan1 : c->case_until;
        c->case_id = 0;
    }
}

/* The number after key in the line of len bytes ("child_id" or "id"), or 0. Bounded to the
 * line: strstr would scan the whole rest of the buffer (under ASan on every call). */
static int64_t
line_number(const char *line, size_t len, const char *key)
{
    size_t n = strlen(key);
    for (size_t i = 0; i + n <= len; i++)
        if (line[i] == key[0] && memcmp(line + i, key, n) == 0)
            return strtoll(line + i + n, NULL, 10);
    return 0;
}

/*
 * Drop the burn-in's history of children not in a case in the recorded years: every line about
 * them, and the child too unless it belongs to the recorded years' population (born in or after
 * born_from). Ids keep their gaps; references stay within what is kept.
 */
static size_t
keep_recorded(struct gen *g, const struct child_sim *kids, size_t nkids, int64_t first_child,
              int born_from)
{
    size_t children = 0;
    for (int t = 0; t < RT__COUNT; t++) {
        struct strbuf kept = STRBUF_INIT;
        const char *p = strbuf_str(&g->o.lines[t]);
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t len = (size_t)(nl - p + 1);
            int64_t id = line_number(p, len, t == RT_child ? "\"id\":" : "\"child_id\":");
            size_t k = (size_t)(id - first_child);
            bool keep = id < first_child || k >= nkids || kids[k].recorded ||
                        (t == RT_child && kids[k].birth.y >= born_from);
            if (keep) {
                strbuf_add(&kept, p, len);
                children += t == RT_child;
            } else {
                g->o.count--;
            }
            p = nl + 1;
        }
        strbuf_release(&g->o.lines[t]);
        g->o.lines[t] = kept;
    }
    return children;
}

/* A day of the year, or a day after from (at most n days on), clipped to the last day simulated:
 * false when it would lie after it. */
static bool
day_within(struct gen *g, struct date from, int n, struct date *out)
{
    *out = add(from, upto(&g->x, n));
    return date_cmp(*out, g->until) <= 0;
}

static int64_t
instant(struct gen *g, struct date d)
{
    return calendar_cph_day_start(d) + 8 * 3600 + upto(&g->x, 7 * 3600);
}

/* A concern (not a formal notification) from the child's daycare or school, taken in and
 * answered: a step-1 course with the parents' consent (about 45 %), advice (40 %) or nothing
 * further. A child never otherwise in a case gets one for the course, closed after it. */
static void
cross_concern(struct gen *g, const struct child_sim *c, int year, int age)
{
    struct date filed_d, taken_d;
    if (!day_within(g, (struct date){ year, 1, 1 }, 365, &filed_d) || filed_d.y != year)
        return;
    bool school = age >= 6;
    int nf = school ? 0 : 4;
    char login[32], filed[DATETIME_BUF], taken[DATETIME_BUF], fb[DATETIME_BUF], tail[600];
    int64_t ft = instant(g, filed_d);
    datetime_format(ft, filed);
    bool is_taken = day_within(g, add(filed_d, 1), 3, &taken_d);
    int64_t tt = instant(g, taken_d);
    if (tt < ft)
        tt = ft + 3600;
    datetime_format(tt, taken);
    double u = unif(&g->x);
    const char *resp = u < 0.45 ? "step1_course" : u < 0.85 ? "advice" : "no_action";
    struct date fb_d;
    bool answered = is_taken && day_within(g, taken_d, 10, &fb_d);
    if (answered && unif(&g->x) >= 0.9) /* one in ten answered late, after a month or two */
        answered = day_within(g, add(taken_d, 30), 30, &fb_d);
    int64_t fbt = answered ? instant(g, fb_d) : 0;
    if (fbt && fbt < tt)
        fbt = tt + 3600;
    datetime_format(fbt, fb);
    tail[0] = '\0';
    if (is_taken)
        snprintf(tail, sizeof(tail),
                 ",\"taken_at\":\"%s\",\"taken_by\":\"modtagelsen\",\"response\":\"%s\"%s%s%s%s%s",
                 taken, resp, answered ? ",\"feedback\":\"" : "",
                 answered ? answers[1 + upto(&g->x, 2)] : "",
                 answered ? "\",\"feedback_at\":\"" : "", answered ? fb : "", answered ? "\"" : "");
    emit(&g->o, RT_inquiry,
         "\"child_id\":%lld,\"filed_by\":\"%s\",\"filed_at\":\"%s\",\"kind\":\"concern\","
         "\"notifier_type\":\"%s\",\"child_name\":\"%s Testesen\",\"child_cpr\":\"%s\","
         "\"seen\":\"%s\",\"since\":\"%04d-%02d-%02d\",\"partner_action\":\"Samtaler med "
         "barnet og forældrene (syntetisk)\",\"parents_informed\":%s%s",
         (long long)c->id, partner_login(c, school, login), filed, notifiers[nf],
         first_names[c->name], c->cpr, seen_texts[upto(&g->x, (int)ARRAY_SIZE(seen_texts))],
         add(filed_d, -30).y, add(filed_d, -30).m, add(filed_d, -30).d,
         unif(&g->x) < 0.8 ? "true" : "false", tail);
    if (!is_taken || strcmp(resp, "step1_course") != 0)
        return;
    /* The course: the harbour's work practice for some of 15-16, else an inclusion effort or a
     * consultative talk; two to six months. */
    struct date start = add(taken_d, 7 + upto(&g->x, 14));
    if (date_cmp(start, g->until) > 0)
        return;
    int on_start = start.y - c->birth.y -
                   (start.m < c->birth.m || (start.m == c->birth.m && start.d < c->birth.d));
    const char *code = on_start >= 15 && on_start <= 16 && unif(&g->x) < 0.4 ? "alm-havn"
                       : unif(&g->x) < 0.6                                   ? "alm-inklusion"
                                                                             : "alm-konsultativ";
    struct date end = calendar_add_months(start, 2 + upto(&g->x, 5));
    bool ended = date_cmp(end, g->until) <= 0;
    char s[DATE_BUF], e[DATE_BUF], o[DATE_BUF], cl[DATE_BUF], kase[64] = "";
    ymd(start, s);
    ymd(end, e);
    ymd(taken_d, o);
    ymd(add(end, 30), cl);
    if (!c->recorded) {
        /* Its only case: opened at the taking in, closed a month after the course. */
        int w = upto(&g->x, g->ncaseworkers);
        bool closed = ended && date_cmp(add(end, 30), g->until) <= 0;
        int64_t k = emit(&g->o, RT_case,
                         "\"child_id\":%lld,\"caseworker\":\"%s\",\"team\":\"%s\",\"opened\":\"%s\""
                         "%s%s%s",
                         (long long)c->id, g->caseworkers[w], g->teams[w], o,
                         closed ? ",\"closed\":\"" : "", closed ? cl : "", closed ? "\"" : "");
        snprintf(kase, sizeof(kase), ",\"case_id\":%lld", (long long)k);
    }
    emit(
        &g->o, RT_intervention,
        "\"child_id\":%lld%s,\"catalogue_code\":\"%s\",\"start\":\"%s\",\"parents_consent\":true%s%s%s",
        (long long)c->id, kase, code, s, ended ? ",\"end\":\"" : "", ended ? e : "",
        ended ? "\",\"end_reason\":\"goal_achieved\"" : "");
}

static const struct {
    const char *department, *name;
} tf_members[] = {
    { "job_centre", "Ungevejleder, jobcenteret" },
    { "youth_guidance", "UU-vejleder" },
    { "psychiatry", "Behandler, børne- og ungepsykiatrien" },
    { "police_ssp", "SSP-konsulent" },
    { "youth_school", "Lærer, ungdomsskolen" },
};

static const char *const tf_actions[] = {
    "Skoleskema med fleksible mødetider",
    "Første samtale i psykiatrien",
    "Fritidsjob gennem jobcenteret",
    "Plan for uddannelse efter grundskolen",
    "Kontakt til SSP om aftenen",
    "Bolig til efter 18 år undersøgt",
    "Mentor i ungdomsskolen",
};

/* A task force around a young person of 15-19: 6-12 months, 3-5 members, 4-7 actions (most done
 * by their dates), a meeting every 4-8 weeks. */
static void
cross_taskforce(struct gen *g, const struct child_sim *c, struct date start)
{
    struct date planned = calendar_add_months(start, 6 + upto(&g->x, 7));
    struct date end = add(planned, -upto(&g->x, 30));
    bool ended = date_cmp(end, g->until) <= 0;
    char s[DATE_BUF], p[DATE_BUF], e[DATE_BUF];
    ymd(start, s);
    ymd(planned, p);
    ymd(end, e);
    int64_t tf =
        emit(&g->o, RT_taskforce,
             "\"child_id\":%lld,\"owner\":\"taskforce\",\"purpose\":\"Samlet plan for "
             "skole, fritid og bolig (syntetisk)\",\"start\":\"%s\",\"planned_end\":\"%s\""
             "%s%s%s",
             (long long)c->id, s, p, ended ? ",\"end\":\"" : "", ended ? e : "", ended ? "\"" : "");
    int members = 3 + upto(&g->x, 3), first = upto(&g->x, (int)ARRAY_SIZE(tf_members));
    for (int i = 0; i < members; i++) {
        int m = (first + i) % (int)ARRAY_SIZE(tf_members);
        emit(&g->o, RT_taskforce_member,
             "\"taskforce_id\":%lld,\"child_id\":%lld,\"name\":\"%s\",\"department\":\"%s\","
             "\"from_date\":\"%s\"",
             (long long)tf, (long long)c->id, tf_members[m].name, tf_members[m].department, s);
    }
    int actions = 4 + upto(&g->x, 4), span = date_to_days(planned) - date_to_days(start);
    for (int i = 0; i < actions; i++) {
        int m = (first + upto(&g->x, members)) % (int)ARRAY_SIZE(tf_members);
        struct date due = add(start, 14 + upto(&g->x, span > 28 ? span - 14 : 14));
        double u = unif(&g->x);
        struct date done = u < 0.88 ? add(due, -upto(&g->x, 10)) : add(due, 5 + upto(&g->x, 35));
        if (date_cmp(done, start) < 0)
            done = start;
        bool has_done = u < 0.96 && date_cmp(done, g->until) <= 0;
        char d1[DATE_BUF], d2[DATE_BUF];
        ymd(due, d1);
        ymd(done, d2);
        emit(&g->o, RT_taskforce_action,
             "\"taskforce_id\":%lld,\"child_id\":%lld,\"text\":\"%s\",\"department\":\"%s\","
             "\"owner\":\"%s\",\"due\":\"%s\"%s%s%s",
             (long long)tf, (long long)c->id, tf_actions[upto(&g->x, (int)ARRAY_SIZE(tf_actions))],
             tf_members[m].department, tf_members[m].name, d1, has_done ? ",\"done\":\"" : "",
             has_done ? d2 : "", has_done ? "\"" : "");
    }
    struct date last = ended ? end : g->until;
    for (struct date m = add(start, 3); date_cmp(m, last) <= 0; m = add(m, 28 + upto(&g->x, 29))) {
        char md[DATE_BUF];
        ymd(m, md);
        emit(&g->o, RT_taskforce_meeting,
             "\"taskforce_id\":%lld,\"child_id\":%lld,\"date\":\"%s\",\"young_present\":%s,"
             "\"note\":\"Status på planens handlinger (syntetisk)\"",
             (long long)tf, (long long)c->id, md, unif(&g->x) < 0.7 ? "true" : "false");
    }
}

/* The guidance centre's contacts with a young person in support after 18: every 3-7 weeks,
 * sometimes missed; where the young person is (education, work, neither) changes now and then. */
static void
cross_contacts(struct gen *g, const struct child_sim *c, struct date from)
{
    struct date to = c->ac_end.y && date_cmp(c->ac_end, g->until) < 0 ? c->ac_end : g->until;
    static const char *const forms[] = { "meeting", "phone", "message", "home_visit" };
    static const char *const topics[] = { "education", "work", "housing", "health", "family" };
    static const char *const where[] = { "in_education", "in_work", "neither" };
    double u = unif(&g->x);
    int status = u < 0.55 ? 0 : u < 0.75 ? 1 : 2;
    /* The guidance centre is for 18 and over (the record's rule): from the 18th birthday. */
    struct date adult = birthday(c, 18);
    if (date_cmp(from, adult) < 0)
        from = adult;
    for (struct date d = add(from, upto(&g->x, 30)); date_cmp(d, to) <= 0;
         d = add(d, 21 + upto(&g->x, 28))) {
        char dd[DATE_BUF];
        ymd(d, dd);
        if (unif(&g->x) < 0.1)
            status = upto(&g->x, 3);
        bool missed = unif(&g->x) < 0.08;
        emit(&g->o, RT_aftercare_contact,
             "\"child_id\":%lld,\"date\":\"%s\",\"form\":\"%s\",\"topic\":\"%s\","
             "\"counsellor\":\"Vejleder, vejledningscenteret\"%s%s%s",
             (long long)c->id, dd, missed ? "no_show" : forms[upto(&g->x, 4)],
             topics[upto(&g->x, 5)], missed ? "" : ",\"status\":\"", missed ? "" : where[status],
             missed ? "" : "\"");
    }
}

/* The ungeplan from 16 of a young person who later gets support after 18 (§§ 108-109): goals
 * for education, work and housing, each followed up half a year on. */
static void
cross_ungeplan(struct gen *g, const struct child_sim *c)
{
    static const struct {
        const char *area, *text;
    } goals[] = {
        { "education", "Gennemfører 10. klasse og søger en ungdomsuddannelse" },
        { "work", "Har et fritidsjob" },
        { "housing", "Har en plan for egen bolig efter 18 år" },
    };
    struct date sixteen = birthday(c, 16);
    struct date made = add(sixteen, 10 + upto(&g->x, 70));
    if (date_cmp(made, g->until) > 0)
        return;
    char md[DATE_BUF], fd[DATE_BUF];
    ymd(made, md);
    int64_t plan =
        emit(&g->o, RT_plan,
             "\"child_id\":%lld,\"kind\":\"ungeplan\",\"date\":\"%s\",\"followup_months\":6",
             (long long)c->id, md);
    struct date fu = calendar_add_months(made, 6);
    ymd(fu, fd);
    for (size_t i = 0; i < ARRAY_SIZE(goals); i++) {
        int64_t goal = emit(&g->o, RT_goal,
                            "\"plan_id\":%lld,\"child_id\":%lld,\"text\":\"%s\",\"area\":\"%s\"",
                            (long long)plan, (long long)c->id, goals[i].text, goals[i].area);
        if (date_cmp(fu, g->until) <= 0)
            emit(&g->o, RT_followup,
                 "\"goal_id\":%lld,\"child_id\":%lld,\"date\":\"%s\",\"scale\":\"scale_0_10\","
                 "\"value\":%d,\"rated_by\":\"child\"",
                 (long long)goal, (long long)c->id, fd, 3 + upto(&g->x, 6));
    }
}

/*
 * Working across sectors in the last three years simulated (issue 23; the rates are this
 * generator's assumptions, not published figures): concerns from daycare and school for about 3 %
 * of the children aged 3-16 a year, a task force for about one in sixteen of the young people of
 * 15-19 notified in three or more years, the ungeplan from 16 of every young person who gets
 * support after 18, and the guidance centre's contacts with those in support after 18 (from 2
 * years before the last day). Drawn from g->x: the calibrated stream is unchanged.
 */
static void
cross_sector(struct gen *g, const struct child_sim *kids, size_t nkids, int born_from)
{
    int from_year = g->until.y - 2;
    struct date window = { from_year, 1, 1 };
    for (size_t k = 0; k < nkids; k++) {
        const struct child_sim *c = &kids[k];
        if (!c->recorded && c->birth.y < born_from)
            continue; /* not in the database */
        for (int year = from_year; year <= g->until.y; year++) {
            int age = year - c->birth.y;
            if (age >= 3 && age <= 16 && unif(&g->x) < 0.03)
                cross_concern(g, c, year, age);
        }
        if (c->recorded && c->notified_years >= 3 && unif(&g->x) < 0.06) {
            struct date fifteen = birthday(c, 15);
            struct date nineteen = { c->birth.y + 19, 1, 1 };
            struct date from = date_cmp(fifteen, window) > 0 ? fifteen : window;
            struct date start;
            if (date_cmp(from, nineteen) < 0 && day_within(g, from, 1000, &start) &&
                date_cmp(start, nineteen) < 0)
                cross_taskforce(g, c, start);
        }
        if (c->aftercare)
            cross_ungeplan(g, c);
        if (c->aftercare && (!c->ac_end.y || date_cmp(c->ac_end, window) >= 0))
            cross_contacts(g, c, date_cmp(c->ac_start, window) > 0 ? c->ac_start : window);
    }
}

/*
 * Simulate one district of children_0_17 children into g->o (JSON Lines by type). cw_prefix and
 * team_prefix name its caseworkers and teams ("" for the calibrated municipality: rg-01 ...).
 * Returns how many children it recorded.
 */
static size_t
simulate_district(struct gen *g, struct arena *a, int children_0_17, const char *cw_prefix,
                  const char *team_prefix)
{
    g->ncaseworkers = children_0_17 / 450 > 2 ? children_0_17 / 450 : 2;
    if (g->ncaseworkers > (int)ARRAY_SIZE(g->caseworkers))
        g->ncaseworkers = (int)ARRAY_SIZE(g->caseworkers);
    for (int i = 0; i < g->ncaseworkers; i++) {
        g->caseworkers[i] = arena_printf(a, "%srg-%02d", cw_prefix, i + 1);
        g->teams[i] = arena_printf(a, "%s%s", team_prefix, i % 2 ? "Team Syd" : "Team Nord");
    }
    g->first_case = g->o.next_id[RT_case] + 1;
    gen_quotas(g);

    /* The population: children born from 17 years before the first simulated year up to the
     * last one, so that every age 0-17 is present in each simulated year (and, as BURN_IN is at
     * least 5, every age 0-22 in each recorded one). */
    int recorded_from = g->until.y - YEARS + 1, simulated_from = recorded_from - BURN_IN;
    int born_from = simulated_from - 17;
    int per_year = children_0_17 / 18;
    size_t nkids = (size_t)per_year * (size_t)(g->until.y - born_from + 1);
    struct child_sim *kids = xcalloc(nkids, sizeof(*kids));
    int64_t first_child = g->o.next_id[RT_child] + 1;
    for (size_t i = 0; i < nkids; i++) {
        struct child_sim *c = &kids[i];
        int y = born_from + (int)(i / (size_t)per_year);
        struct date b = add((struct date){ y, 1, 1 }, upto(&g->r, 365));
        char cpr[48], bd[DATE_BUF];
        c->boy = unif(&g->r) < 0.51;
        int seq = upto(&g->r, 500) * 2 + (c->boy ? 1 : 0); /* odd last digit: a boy */
        int digit7 = y < 2000 ? upto(&g->r, 4) : 4 + (y <= 2036 ? 0 : 1);
        snprintf(cpr, sizeof(cpr), "%02d%02d%02d-%d%03d", b.d + 60, b.m, b.y % 100, digit7, seq);
        ymd(b, bd);
        c->birth = b;
        /* Its school or daycare as of the last day simulated (none before 1 or from 17). */
        int age = g->until.y - b.y - (g->until.m < b.m || (g->until.m == b.m && g->until.d < b.d));
        int64_t next = g->o.next_id[RT_child] + 1;
        const char *school = age >= 1 && age < 6    ? daycares[next % ARRAY_SIZE(daycares)]
                             : age >= 6 && age < 17 ? schools[next % ARRAY_SIZE(schools)]
                                                    : NULL;
        c->name = upto(&g->r, 10) + (c->boy ? 10 : 0);
        memcpy(c->cpr, cpr, sizeof(c->cpr) - 1); /* DDMMYY-SSSS */
        c->cpr[sizeof(c->cpr) - 1] = '\0';
        c->id = emit(&g->o, RT_child,
                     "\"cpr\":\"%s\",\"name\":\"%s Testesen\",\"birth_date\":\"%s\","
                     "\"sex\":\"%s\"%s%s%s",
                     cpr, first_names[c->name], bd, c->boy ? "male" : "female",
                     school ? ",\"school\":\"" : "", school ? school : "", school ? "\"" : "");
    }

    /* Each year each child 0-17 may be notified; a notified child is more likely to be again. */
    for (int year = simulated_from; year <= g->until.y; year++) {
        if (g->trend)
            decision_quotas(g, g->place_factor * placement_trend(year), false);
        struct date jan1 = { year, 1, 1 };
        for (size_t i = 0; i < nkids; i++) {
            struct child_sim *c = &kids[i];
            /* In a case when the record begins, or in one later: the whole history is kept. */
            if (year >= recorded_from && !c->recorded)
                c->recorded = c->case_id || date_cmp(c->case_until, jan1) >= 0 ||
                              date_cmp(c->busy_until, jan1) >= 0;
            int age = year - c->birth.y;
            if (age < 0)
                continue;
            if (age > 17) {
                close_cases(g, c, year); /* the case ends when the support after 18 does */
                continue;
            }
            double p = c->notified_years ? 0.28 : 0.066;
            if (unif(&g->r) < p) {
                c->notified_years++;
                simulate_year(g, c, year);
                if (year >= recorded_from && c->case_id)
                    c->recorded = true; /* notified in the recorded years (up to until) */
            }
            close_cases(g, c, year);
        }
    }

    /* Closing dates go onto the case lines (cases are written before their closings are known). */
    struct strbuf cases = STRBUF_INIT;
    const char *p = strbuf_str(&g->o.lines[RT_case]);
    for (size_t k = 0; *p; k++) {
        const char *nl = strchr(p, '\n');
        if (k < g->nclosed && g->closed[k].y) {
            char day[DATE_BUF];
            ymd(g->closed[k], day);
            strbuf_add(&cases, p, (size_t)(nl - p - 1));
            strbuf_addf(&cases, ",\"closed\":\"%s\"}\n", day);
        } else {
            strbuf_add(&cases, p, (size_t)(nl - p + 1));
        }
        p = nl + 1;
    }
    strbuf_release(&g->o.lines[RT_case]);
    g->o.lines[RT_case] = cases;
    if (g->closed)
        memset(g->closed, 0, g->nclosed * sizeof(*g->closed));
    size_t kept = keep_recorded(g, kids, nkids, first_child, recorded_from - 22);
    cross_sector(g, kids, nkids, recorded_from - 22);
    /* Each child in a case during the recorded years has its custody holder recorded, as a
     * caseworker records it with the first case (after the burn-in is dropped: no orphans). */
    for (size_t k = 0; k < nkids; k++) {
        if (!kids[k].recorded)
            continue;
        char born[DATE_BUF];
        ymd(kids[k].birth, born);
        int64_t person = emit(&g->o, RT_person, "\"name\":\"%s Testesen\"",
                              parent_names[kids[k].id % (int64_t)ARRAY_SIZE(parent_names)]);
        emit(&g->o, RT_relation,
             "\"child_id\":%lld,\"person_id\":%lld,\"kind\":\"parent_custody\","
             "\"from_date\":\"%s\"",
             (long long)kids[k].id, (long long)person, born);
    }
    free(kids);
    return kept;
}

/* Write the district's lines to fd (the import reads the other end) and empty them. */
static enum err
flush_district(struct gen *g, int fd)
{
    for (int t = 0; t < RT__COUNT; t++) {
        struct strbuf *sb = &g->o.lines[t];
        enum err rc = strbuf_error(sb);
        if (rc)
            return rc;
        for (size_t off = 0; off < sb->len;) {
            ssize_t n = send(fd, sb->buf + off, sb->len - off, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return ERR_IO; /* the import stopped reading: it found an error */
            off += (size_t)n;
        }
        strbuf_reset(sb);
    }
    return OK;
}

/*
 * National scale: 98 municipalities with 1.16 million children aged 0-17. Municipality 1 is the
 * calibrated, Norddjurs-sized one (the demo accounts work in it); the other 97 have synthetic
 * sizes falling off like 1/(rank + 3), from about 90,000 children down to about 3,700. They place
 * fewer children (0.9 % of 0-22 nationally against 1.6 % in the calibrated municipality, §2.1
 * and §4), so their place_factor is lower; children they do not place come back and would get
 * more supportive measures than the national 3 % (§3), so their support_factor is lower too. Big
 * municipalities are simulated in districts of at most 8,000 children.
 */
#define NATIONAL_CHILDREN 1160000
#define NATIONAL_MUNIS    98
#define MUNI_CHILDREN     6700
/* The calibrated municipality from 2020 on (placement_trend before): with the burn-in's full
 * stock of long placements, 0.64 of the first factors' level gives Norddjurs' 138 placed. */
#define MUNI_PLACE_FACTOR 0.60
/* ... and its supportive measures: the burn-in's measures still running when the record begins
 * would put 3.6 % of 0-22 in one against the country's 3.0 % (§3). */
#define MUNI_SUPPORT_FACTOR  0.85
#define OTHER_PLACE_FACTOR   0.36
#define OTHER_SUPPORT_FACTOR 0.88
#define DISTRICT_MAX         8000

/* The generator runs in its own thread and writes JSON Lines into a socket the import reads. */
struct generator {
    const struct demo_options *opt;
    int fd;
    struct demo_result res;
    enum err rc;
};

static void *
generate(void *arg)
{
    struct generator *gt = arg;
    const struct demo_options *opt = gt->opt;
    struct gen g;
    memset(&g, 0, sizeof(g));
    g.until = opt->until;
    for (int t = 0; t < RT__COUNT; t++)
        strbuf_init(&g.o.lines[t], 0);
    int nmunis = opt->national ? NATIONAL_MUNIS : 1;
    double weight_sum = 0;
    for (int m = 2; m <= nmunis; m++)
        weight_sum += 1.0 / (m + 2);
    for (int m = 1; !gt->rc && m <= nmunis; m++) {
        int children = m == 1 ? MUNI_CHILDREN
                              : (int)((NATIONAL_CHILDREN - MUNI_CHILDREN) / (m + 2) / weight_sum);
        int ndistricts = (children + DISTRICT_MAX - 1) / DISTRICT_MAX;
        for (int d = 1; !gt->rc && d <= ndistricts; d++) {
            /* Each district its own stream: the same seed gives the same database. */
            g.r.s =
                (opt->seed * 0x2545f4914f6cdd1dULL + 1) ^ ((uint64_t)m << 40) ^ ((uint64_t)d << 32);
            g.x.s = g.r.s ^ 0x7a3f0c1d5e9b2468ULL;
            g.place_factor = m == 1 ? MUNI_PLACE_FACTOR : OTHER_PLACE_FACTOR;
            g.support_factor = m == 1 ? MUNI_SUPPORT_FACTOR : OTHER_SUPPORT_FACTOR;
            g.trend = m == 1;
            const char *cwp = m == 1 ? "" : arena_printf(opt->arena, "k%02d-d%d-", m, d);
            const char *tp = m == 1 ? "" : arena_printf(opt->arena, "K%02d D%d ", m, d);
            gt->res.children += simulate_district(&g, opt->arena, children / ndistricts, cwp, tp);
            gt->res.caseworkers += (size_t)g.ncaseworkers;
            gt->rc = flush_district(&g, gt->fd);
        }
        gt->res.municipalities++;
    }
    free(g.closed);
    free(g.placed);
    for (int t = 0; t < RT__COUNT; t++)
        strbuf_release(&g.o.lines[t]);
    shutdown(gt->fd, SHUT_WR); /* end of input for the import */
    return NULL;
}

/* Synthetic objectives (marked as examples): one for each direction and focus area, on the key
 * figure that follows it, with a target for illustration. */
static const struct {
    const char *parent, *title, *indicator, *better;
    double target;
} demo_objectives[] = {
    { "P1", "Barnet er hørt før hver afgørelse", "voice_conversation", "higher", 0.95 },
    { "P2", "Flere forløb begynder på de laveste trin", "ladder_start_low", "higher", 0.90 },
    { "P3", "Flere børn går ned ad trappen end op", "ladder_net_down", "higher", 0 },
    { "F1", "Flere anbragte bor i netværksplejefamilie", "placement_stock/network", "higher",
      0.15 },
    { "F2", "Færre sammenbrud i familiepleje", "foster_breakdowns", "lower", 0.15 },
    { "F3", "Færre anbragte på børne- og ungehjem", "placement_stock/childrens_home", "lower",
      0.25 },
};

/* The strategy module's example: the status note's rows from the seed papers with their status
 * of 2024, then synthetic objectives and a follow-up every half year up to opt->until. */
static enum err
demo_strategy(struct app *app, const struct demo_options *opt, struct strbuf *why)
{
    struct arena *a = arena_new(0);
    struct strategy_action *acts;
    struct strategy_followup *fus;
    size_t n = 0;
    char until_period[8];
    strategy_period_of(opt->until, until_period);
    enum err rc = json_strategy_example_load(app->cfg.dir, a, &acts, &fus, &n, why);
    for (size_t i = 0; !rc && i < ARRAY_SIZE(demo_objectives); i++) {
        struct strategy_objective o = { 0 };
        o.parent_code = demo_objectives[i].parent;
        o.title = demo_objectives[i].title;
        o.indicator = demo_objectives[i].indicator;
        o.better = demo_objectives[i].better;
        o.has_target = demo_objectives[i].target > 0;
        o.target = demo_objectives[i].target;
        o.target_note = o.has_target ? "Eksempel (syntetisk), ikke vedtaget" : NULL;
        o.description = "Syntetisk eksempel: ledelsen sætter selv strategiens målsætninger.";
        o.example = true;
        rc = app_strategy_objective_save(app, a, &o, 0, why);
    }
    static const char *const progress[] = {
        "Syntetisk eksempel: arbejdet fortsætter efter planen; næste skridt er aftalt på "
        "ledermødet.",
        "Syntetisk eksempel: tiltaget er forankret i den daglige drift og følges op i OMU.",
        "Syntetisk eksempel: tiltaget er gennemført og evalueret.",
    };
    for (size_t i = 0; !rc && i < n; i++) {
        rc = app_strategy_action_save(app, a, &acts[i], 0, why);
        fus[i].action_id = acts[i].id;
        if (!rc && strcmp(fus[i].period, until_period) <= 0)
            rc = app_strategy_followup_add(app, a, &fus[i], why);
        /* Then every half year after the seed's, up to the last day simulated. */
        int year = 2025, half = 1, k = 0;
        char period[16], date[DATE_BUF];
        for (;;) {
            snprintf(period, sizeof(period), "%04d-H%d", year, half);
            struct date d = { year, half == 1 ? 6 : 12, half == 1 ? 20 : 15 };
            if (rc || strcmp(period, until_period) > 0 || date_cmp(d, opt->until) > 0)
                break;
            ymd(d, date);
            struct strategy_followup f = { 0 };
            f.action_id = acts[i].id;
            f.period = period;
            f.date = date;
            int stage = k < 2 ? 0 : (k + (int)i) % 4 == 0 ? 2 : 1;
            f.status = stage == 2 ? SS_DONE : SS_ONGOING;
            f.status_text = progress[stage];
            f.example = true;
            rc = app_strategy_followup_add(app, a, &f, why);
            k++;
            if (stage == 2)
                break;
            half = half == 1 ? 2 : 1;
            year += half == 1;
        }
    }
    arena_free(a);
    return rc;
}

enum err
app_demo(struct app *app, const struct demo_options *opt, struct demo_result *res,
         struct strbuf *why)
{
    struct app_import *im;
    struct generator gt = { opt, -1, { 0 }, OK };
    pthread_t th;
    int sv[2];
    memset(res, 0, sizeof(*res));
    enum err rc = app_import_begin(app, &im, why);
    if (rc)
        return rc;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        app_import_end(im, false, NULL, NULL);
        return why_set(why, ERR_IO, "demo: cannot make a socket pair: %s", strerror(errno));
    }
    gt.fd = sv[1];
    if (pthread_create(&th, NULL, generate, &gt) != 0) {
        close(sv[0]);
        close(sv[1]);
        app_import_end(im, false, NULL, NULL);
        return why_set(why, ERR_INTERNAL, "demo: cannot start the generator");
    }
    FILE *in = fdopen(sv[0], "r");
    rc = in ? app_import_stream(im, in, "demo", why)
            : why_set(why, ERR_IO, "demo: %s", strerror(errno));
    if (in)
        fclose(in); /* a generator still writing gets EPIPE and stops */
    else
        close(sv[0]);
    pthread_join(th, NULL);
    close(sv[1]);
    if (!rc && gt.rc)
        rc = why_set(why, gt.rc, "demo: the generator failed");
    *res = gt.res;
    enum err rc2 = app_import_end(im, rc == OK, &res->records, rc ? NULL : why);
    if (!rc && !rc2)
        rc2 = demo_strategy(app, opt, why);
    return rc ? rc : rc2;
}

enum err
app_demo_check(struct app *app, int year, bool municipal, struct demo_check *out, size_t *n,
               struct strbuf *why)
{
    /* How a figure's sampling error is worked out from its sample n and the target t. */
    enum sample {
        S_SHARE, /* a share of n: binomial, sqrt(t(1-t)/n) */
        S_MEAN,  /* notifications per notified child: 1 + Poisson(t-1), sqrt((t-1)/n) */
        S_COUNT, /* a count: Poisson, sqrt(t) */
        S_RATIO, /* a count over n events: t/sqrt(n), the events' Poisson error */
        S_NONE,  /* a ratio of averages or of spend: the national tolerance only */
    };

    static const struct {
        const char *id, *what;
        enum store_kpi k;
        double target, tol; /* tol: how far the national figures themselves leave room */
        enum sample sample;
        int scale; /* 0 both, 1 municipal only, 2 national only */
    } checks[] = {
        { "#1", "notifications per notified child", KPI_NOTIF_PER_CHILD, 1.79, 0.10, S_MEAN, 0 },
        { "#2", "share of notified children with one notification", KPI_ONE_NOTIF, 0.66, 0.04,
          S_SHARE, 0 },
        { "#3a", "share of notifications from schools", KPI_NOTIFIER_SCHOOL, 0.21, 0.02, S_SHARE,
          0 },
        { "#3b", "share of notifications from the health sector", KPI_NOTIFIER_HEALTH, 0.20, 0.02,
          S_SHARE, 0 },
        { "#3c", "share of notifications from police or courts", KPI_NOTIFIER_POLICE, 0.125, 0.02,
          S_SHARE, 0 },
        { "#4", "share of 0-22 placed on 31 Dec", KPI_PLACED_SHARE, 0.009, 0.001, S_SHARE, 2 },
        { "#5a", "placements in (network) foster families", KPI_FOSTER_SHARE, 0.63, 0.03, S_SHARE,
          0 },
        { "#5b", "placements on step 6 (institution, opholdssted, own room, boarding)",
          KPI_INSTITUTION_SHARE, 0.37, 0.03, S_SHARE, 0 },
        { "#6", "boys' share of the placed", KPI_BOYS_PLACED, 0.545, 0.02, S_SHARE, 0 },
        { "#7", "placements started without consent (all years to it)", KPI_NO_CONSENT, 0.10, 0.02,
          S_SHARE, 0 },
        { "#8", "exit rate of the start-of-year stock", KPI_EXIT_RATE, 0.16, 0.03, S_SHARE, 0 },
        { "#9", "continuing placements that changed type in the year", KPI_TYPE_CHANGE, 0.07, 0.02,
          S_SHARE, 0 },
        { "#10", "placed on 31 Dec / placements started in the year", KPI_STOCK_PER_STARTS, 3.85,
          0.75, S_RATIO, 0 },
        { "#11", "early measures among supportive-measure recipients", KPI_EARLY_SHARE, 0.355, 0.04,
          S_SHARE, 0 },
        { "#12", "share of 0-22 with a supportive measure", KPI_SUPPORT_SHARE, 0.030, 0.003,
          S_SHARE, 0 },
        { "#13", "yearly cost, institution / foster family", KPI_COST_RATIO, 2.5, 0.3, S_NONE, 0 },
        /* National only: a municipality placing more children than the country (Norddjurs about
         * 1.6 % of 0-22 against 0.9 %) spends a smaller share on prevention. */
        { "#14", "preventive share of spend", KPI_PREVENTIVE_SPEND, 0.37, 0.05, S_NONE, 2 },
        { "#15", "placed children on 31 Dec (Norddjurs: 172 in 2016, 138 from 2020)",
          KPI_PLACED_COUNT, 138, 13.8, S_COUNT, 1 },
    };

    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "demo: only for operators");
    *n = 0;
    for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
        if ((checks[i].scale == 1 && !municipal) || (checks[i].scale == 2 && municipal))
            continue;
        struct demo_check *c = &out[(*n)++];
        /* One year, judged as one year: a municipality of 6,700 children sees a few hundred
         * notifications and about 40 new placements a year, so its year differs from the
         * country's ratio by chance alone. The tolerance is the national one plus three standard
         * errors of a sample of the municipality's size (at national scale that part is small). */
        enum err rc = store_kpi_sample(app->store, checks[i].k, year, &c->value, &c->base, why);
        if (rc)
            return rc;
        double t = checks[i].target, tol = checks[i].tol, nb = c->base, se = 0;
        if (checks[i].k == KPI_PLACED_COUNT) {
            /* Norddjurs: 172 placed in 2016, 138 in 2020 (CALIBRATION §4); between, a line. */
            t = year <= 2016 ? 172 : year >= 2020 ? 138 : 172 - (172 - 138) * (year - 2016) / 4.0;
            tol = t * 0.10;
        }
        switch (checks[i].sample) {
        case S_SHARE:
            se = nb > 0 ? sqrt(t * (1 - t) / nb) : 0;
            break;
        case S_MEAN:
            se = nb > 0 ? sqrt((t - 1) / nb) : 0;
            break;
        case S_COUNT:
            se = sqrt(t);
            break;
        case S_RATIO:
            se = nb > 0 ? t / sqrt(nb) : 0;
            break;
        case S_NONE:
            break;
        }
        c->year = year;
        c->id = checks[i].id;
        c->what = checks[i].what;
        c->target = t;
        c->sampling = 3 * se;
        c->tolerance = tol + c->sampling;
        c->ok = (nb > 0 || checks[i].sample == S_NONE) && c->value >= t - c->tolerance &&
                c->value <= t + c->tolerance;
    }
    return OK;
}

size_t
app_kpi_count(void)
{
    return KPI__COUNT;
}

/* The registry (domain/figures.def) lists the calibration figures by their store enum. */
#define CAL_ENUM(e, id, name) e,

static const enum store_kpi cal_enum[] = { CALIBRATION_FIGURES(CAL_ENUM) };

#undef CAL_ENUM
_Static_assert(ARRAY_SIZE(cal_enum) == KPI__COUNT, "figures.def names every calibration figure");

const char *
app_kpi_name(size_t k)
{
    for (size_t i = 0; i < ARRAY_SIZE(cal_enum); i++)
        if ((size_t)cal_enum[i] == k)
            return fig_calibration_id(i);
    return NULL;
}

enum err
app_kpi(struct app *app, size_t k, int year, bool fresh, double *value, struct strbuf *why)
{
    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "kpi: only for operators");
    if (k >= KPI__COUNT)
        return why_set(why, ERR_INVALID, "kpi: no key figure %zu", k);
    return store_kpi(app->store, (enum store_kpi)k, year, fresh, value, why);
}

enum err
app_kpi_sql(size_t k, int year, struct strbuf *out)
{
    char lit[4][24];
    if (k >= KPI__COUNT)
        return ERR_INVALID;
    snprintf(lit[0], sizeof(lit[0]), "'%04d'", year);
    snprintf(lit[1], sizeof(lit[1]), "'%04d-01-01'", year);
    snprintf(lit[2], sizeof(lit[2]), "'%04d-12-31'", year);
    snprintf(lit[3], sizeof(lit[3]), "'%04d-01-01'", year - 22);
    for (const char *p = store_kpi_sql((enum store_kpi)k); *p; p++) {
        if (p[0] == '?' && p[1] >= '1' && p[1] <= '4') {
            strbuf_addstr(out, lit[p[1] - '1']);
            p++;
        } else {
            strbuf_addch(out, *p);
        }
    }
    return strbuf_error(out);
}
