/*
 * report.h - what the committee's status note and agenda item are made of (report/note.h): the
 * year's key figures (with the ladder at each month's end) beside last year's, and the strategy's
 * follow-up. Leadership (the whole area) and team leaders (the own team) may make them; the reads
 * are audited.
 */
#ifndef TRAPPE_APP_REPORT_H
#define TRAPPE_APP_REPORT_H

#include "app/figures.h"
#include "app/strategy.h"
#include "report/note.h"

/* The note's data for year, in arena a; ERR_INVALID naming the field for a year outside
 * 1901-2200. */
enum err app_note_data(struct app *app, int year, struct arena *a, struct note_data *out,
                       struct strbuf *why) WUR;

#endif
