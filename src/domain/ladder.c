/*
 * ladder.c - step history from intervention intervals. An intervention runs from its start to its
 * end day inclusive (or open-ended); the step on a day is the highest running step.
 * Must not: store or cache anything; everything follows from the records.
 */
#include "domain/ladder.h"

#include <string.h>

static struct date
parse_day(const char *s)
{
    struct date d = { DATE_MIN_YEAR, 1, 1 };
    if (s && date_parse(s, &d) != OK)
        d = (struct date){ DATE_MIN_YEAR, 1, 1 };
    return d;
}

static int
step_at(const struct child_records *cr, int64_t day)
{
    int step = 0;
    for (size_t i = 0; i < cr->n[RT_intervention]; i++) {
        const struct record *iv = &cr->recs[RT_intervention][i];
        int64_t s = date_to_days(parse_day(record_get_s(iv, "start")));
        const char *e = record_get_s(iv, "end");
        if (s > day || (e && date_to_days(parse_day(e)) < day))
            continue;
        int st = (int)record_get_i(iv, "step", 0);
        if (st > step)
            step = st;
    }
    return step;
}

size_t
ladder_history(const struct child_records *cr, struct date to, struct arena *a,
               struct ladder_segment **out)
{
    size_t n = cr->n[RT_intervention];
    int64_t end = date_to_days(to);
    /* Candidate change days: each start, and the day after each end. */
    int64_t *days = arena_alloc(a, (2 * n + 1) * sizeof(*days));
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        const struct record *iv = &cr->recs[RT_intervention][i];
        int64_t s = date_to_days(parse_day(record_get_s(iv, "start")));
        if (s <= end)
            days[nd++] = s;
        const char *e = record_get_s(iv, "end");
        if (e && date_to_days(parse_day(e)) + 1 <= end)
            days[nd++] = date_to_days(parse_day(e)) + 1;
    }
    for (size_t i = 1; i < nd; i++)
        for (size_t j = i; j > 0 && days[j] < days[j - 1]; j--) {
            int64_t t = days[j];
            days[j] = days[j - 1];
            days[j - 1] = t;
        }
    struct ladder_segment *seg = arena_alloc(a, (nd + 1) * sizeof(*seg));
    size_t ns = 0;
    for (size_t i = 0; i < nd; i++) {
        if (i > 0 && days[i] == days[i - 1])
            continue;
        int st = step_at(cr, days[i]);
        if (ns > 0 && seg[ns - 1].step == st)
            continue;
        seg[ns].from = date_from_days(days[i]);
        seg[ns].step = st;
        ns++;
    }
    *out = seg;
    return ns;
}

int
ladder_step_on(const struct child_records *cr, struct date d, struct date *since)
{
    struct arena *a = arena_new(0);
    struct ladder_segment *seg;
    size_t n = ladder_history(cr, d, a, &seg);
    int step = n ? seg[n - 1].step : 0;
    *since = n ? seg[n - 1].from : d;
    arena_free(a);
    return step;
}
