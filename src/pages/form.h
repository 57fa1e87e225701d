/*
 * form.h - the record form of form.c for the other pages that ask for one record (a partner's
 * inquiry): inputs built from records.def, read back with the rules of records.def, errors in
 * Danish at each field.
 */
#ifndef TRAPPE_PAGES_FORM_H
#define TRAPPE_PAGES_FORM_H

#include "app/app.h"
#include "pages/web.h"

struct form {
    size_t kind;
    const struct record_desc *d;
    int64_t child;
    int64_t id;                  /* editing this record (0: a new one) */
    int64_t version;             /* the version the user is editing */
    const struct record *theirs; /* after a conflict: the version saved by someone else */
    struct child_view view;
    const char *input[RECORD_MAX_FIELDS]; /* what the user typed, to show again */
    const char *error[RECORD_MAX_FIELDS]; /* Danish message per field, or NULL */
    const char *general;                  /* an error not tied to a field */
    bool restored;                        /* filled in from what was typed when a session ended */
};

/* Whether records of d have a form here (an inquiry is the partner's, answered in the inbox). */
bool form_edits(const struct record_desc *d);
/* The input of field i (label, hint, error, value typed). */
void form_field(struct strbuf *b, struct req *req, struct app *app, const struct form *f, int i);
/* Read the posted fields into r; true if any was bad (its error set at the field). */
bool form_read(struct req *req, struct app *app, struct form *f, struct record *r);
bool form_has_errors(const struct form *f);
/* The summary of f's errors at the top of the page (nothing if none). */
void form_error_summary(struct strbuf *b, const struct form *f);
/* An app/ error ("type.field: rule") at its field, in Danish. */
void form_place_error(struct req *req, struct form *f, const char *why_en);
/* The form's one-time token (see app_form_token). */
void form_once(struct strbuf *b, struct req *req);

#endif
