/*
 * deadline.h - the statutory deadlines of a child's case, computed from its records and the rules
 * of config/deadlines.jsonl, with their status as of a date. Pure: the records, the configuration
 * (with its calendar) and the as-of moment are passed in.
 */
#ifndef TRAPPE_DOMAIN_DEADLINE_H
#define TRAPPE_DOMAIN_DEADLINE_H

#include "domain/record.h"

/* Everything recorded about one child, by record type (arrays in id order). */
struct child_records {
    const struct record *child;
    const struct record *recs[RT__COUNT];
    size_t n[RT__COUNT];
};

/* The moment a status is computed for: a Copenhagen calendar day, or an exact instant. */
struct asof {
    struct date d; /* the local day */
    int64_t t;     /* the instant, when has_time */
    bool has_time; /* false: the whole day d (events dated d are known, due d is not overdue) */
};

enum deadline_status {
    DL_UPCOMING,
    DL_DUE_SOON,
    DL_OVERDUE,
    DL_MET,
    DL_MET_LATE,
    DL_NOT_APPLICABLE,
    DL_REMINDER, /* a duty that arises only with a choice not yet recorded (P1): never overdue */
};

struct deadline {
    const struct deadline_rule *rule;
    int64_t child_id;
    const char *child_name;  /* the child's name (borrowed from the record), or NULL */
    const char *caseworker;  /* the caseworker of the child's open case (else its last), or NULL */
    const char *record_type; /* the record that triggered it, e.g. "notification" */
    int64_t record_id;
    bool clock; /* due_at is an instant (clock hours); otherwise due is a day */
    int64_t due_at;
    struct date due; /* the local day it is due (also for clock deadlines) */
    bool met;        /* met as of the moment */
    bool met_clock;
    int64_t met_at;
    struct date met_date;
    bool reminder; /* owed only once a choice is recorded: judged DL_REMINDER until met */
    enum deadline_status status;
    const char *note_da; /* extra detail in Danish, or NULL */
};

/*
 * Every deadline of the child's case under every rule of cfg, with status as of at. *out is an
 * array in arena a; returns its length.
 */
size_t deadlines_for_child(const struct config *cfg, const struct child_records *cr, struct asof at,
                           struct arena *a, struct deadline **out);

/* The same for a deadline's own strings (the child's name, the note). */
size_t deadline_strings_size(const struct deadline *d, size_t *pieces);
void deadline_strings_copy(struct deadline *d, struct arena *a);

/* True for a deadline still to be met (upcoming, due soon, overdue). */
bool deadline_is_open(const struct deadline *d);

/* Order for a worklist: overdue first, then by due date (and time), then child and rule. */
int deadline_cmp(const void *a, const void *b);

/* "upcoming", "due_soon", "overdue", "met", "met_late", "not_applicable", "reminder". */
const char *deadline_status_str(enum deadline_status s);
/* The status in Danish: "kommende", "snart", "overskredet", "overholdt", "overholdt for sent",
 * "ikke relevant", "påmindelse". */
const char *deadline_status_da(enum deadline_status s);

/*
 * A Danish sentence for the worklist, naming the paragraph and, for an unverified rule, saying so:
 * "Vurdering af underretningen inden 24 timer (Barnets lov § 136). Frist 2.3.2024 kl. 15:00:
 * overskredet med 2 dage." Arena-owned.
 */
const char *deadline_explain_da(const struct deadline *d, struct asof at, struct arena *a);
/*
 * The same without what a worklist's columns already say (the rule, its paragraph, the due day,
 * the status word): how far off or how late it is, the hour of a deadline counted in hours, and
 * the note.
 * "Om 12 dage.", "Overskredet med 2 dage; frist kl. 15:00.", "Overholdt 6.1.2025."
 * Arena-owned.
 */
const char *deadline_when_da(const struct deadline *d, struct asof at, struct arena *a);

/* The date of birth of a child record (birth_date, else from the CPR number); false if unknown. */
bool child_birth_date(const struct record *child, struct date *out);
/* The child's open case (the latest, if several are open) or NULL; *n gets how many are open. */
const struct record *child_open_case(const struct child_records *cr, size_t *n);

/* The day a child born on birth turns age (29 February by the leap setting). */
struct date birthday_at(struct date birth, int age, bool leap_march_1);

#endif
