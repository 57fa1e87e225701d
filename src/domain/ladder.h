/*
 * ladder.h - a child's position on the intervention ladder over time, from its interventions:
 * on any day the child stands on the highest step of the interventions running that day (0 when
 * none runs). Pure; no snapshots are stored.
 */
#ifndef TRAPPE_DOMAIN_LADDER_H
#define TRAPPE_DOMAIN_LADDER_H

#include "domain/deadline.h"

/* A stretch of days on one step: from `from` until the next segment's `from` (or today). */
struct ladder_segment {
    struct date from;
    int step;
};

/*
 * The child's steps from its first intervention up to day `to`, as segments where the step
 * changes (arena array; returns the count, 0 if there are no interventions before `to`).
 */
size_t ladder_history(const struct child_records *cr, struct date to, struct arena *a,
                      struct ladder_segment **out);

/* The step on day d and, in *since, the day the child came onto it (d itself if no history). */
int ladder_step_on(const struct child_records *cr, struct date d, struct date *since);

#endif
