/*
 * note.h - the committee's status note (seed 001's structure) and agenda item (seed 002's) as
 * documents (doc.h), from the key figures and the strategy's follow-up.
 */
#ifndef TRAPPE_REPORT_NOTE_H
#define TRAPPE_REPORT_NOTE_H

#include "domain/figures.h"
#include "domain/strategy.h"
#include "report/doc.h"

struct note_data {
    const struct config *cfg;
    int year;
    struct date made;                 /* the day it is made */
    const char *team;                 /* a team's note, or NULL for the whole area */
    const struct fig_table *year_t;   /* the year, with the ladder at each month's end */
    const struct fig_table *before_t; /* the year before */
    const struct strategy_data *s;
};

void note_status_doc(const struct note_data *n, struct arena *a, struct doc *out);
void note_agenda_doc(const struct note_data *n, struct arena *a, struct doc *out);

#endif
