/*
 * render.h - small view helpers shared by the pages (Danish labels for codes, dates, ages).
 */
#ifndef TRAPPE_PAGES_RENDER_H
#define TRAPPE_PAGES_RENDER_H

#include "app/app.h"
#include "html/html.h"

/* The child's name, or a Danish placeholder. */
const char *render_child_name(const struct record *child);
/* Age in whole years on day, or -1 if unknown. */
int render_age(const struct record *child, struct date day);
/* "12. maj 2024". */
void render_date_da(struct strbuf *b, struct date d);
/* "12. maj 2024 kl. 14:05" in Copenhagen time, from a UTC instant "YYYY-MM-DDTHH:MM:SSZ"; the text
 * as it is if it is not one. */
void render_time_da(struct strbuf *b, const char *utc);
/* A status cell: a class for the colour and the Danish word. */
void render_status(struct strbuf *b, enum deadline_status s);
/* The step number and its Danish name from the ladder. */
void render_step(struct strbuf *b, const struct config *cfg, int step);
/* DKFDS's success alert (role status) with text, escaped. */
void render_success(struct strbuf *b, const char *text);
/* A link to the child's page with the name as text. */
void render_child_link(struct strbuf *b, int64_t id, const char *name);
/* The account login names, as "Name (login)" from acc[0, n), or the login alone if it is no
 * account there or has no other name; nothing for NULL. */
void render_account(struct strbuf *b, const struct account *acc, size_t n, const char *login);
/* The accounts that may hold cases, for render_account: none if they cannot be read (the logins
 * are shown then). */
void render_caseworkers(struct app *app, struct arena *a, struct account **acc, size_t *n);

/* A CPR number as searched for ("1205124018", "120512-4018", "120512 4018"): its first six digits
 * in out, or false for a name or a date. A CPR number is never written back into a page in full. */
bool render_cpr_term(const char *q, char out[7]);

#endif
