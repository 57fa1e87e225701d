/*
 * deadline_json.c - a computed deadline as one JSON object (for `trappe deadlines --json` and the
 * API). Must not: compute anything; it only writes what domain/deadline.c found.
 */
#include <jansson.h>
#include <stdlib.h>

#include "json/json.h"

static json_t *
day(struct date d)
{
    char buf[DATE_BUF];
    date_format(d, buf);
    return json_string(buf);
}

static json_t *
instant(int64_t t)
{
    char buf[DATETIME_BUF];
    datetime_format(t, buf);
    return json_string(buf);
}

enum err
json_deadline_encode(const struct deadline *d, const char *explanation_da, struct strbuf *out)
{
    const struct deadline_rule *r = d->rule;
    json_t *o = json_object();
    json_object_set_new(o, "child_id", json_integer(d->child_id));
    json_object_set_new(o, "rule", json_string(r->id));
    json_object_set_new(o, "name_da", json_string(r->name_da));
    json_object_set_new(o, "paragraph", json_string(r->paragraph));
    json_object_set_new(o, "confidence", json_string(confidence_str(r->conf)));
    json_object_set_new(o, "unverified", json_boolean(r->conf == CONF_U));
    json_object_set_new(o, "owed_to", json_string(r->owed_to_da));
    json_object_set_new(o, "record_type", json_string(d->record_type));
    json_object_set_new(o, "record_id", json_integer(d->record_id));
    json_object_set_new(o, "due", day(d->due));
    if (d->clock)
        json_object_set_new(o, "due_at", instant(d->due_at));
    json_object_set_new(o, "status", json_string(deadline_status_str(d->status)));
    if (d->met)
        json_object_set_new(o, "met", d->met_clock ? instant(d->met_at) : day(d->met_date));
    if (d->note_da)
        json_object_set_new(o, "note_da", json_string(d->note_da));
    json_object_set_new(o, "explanation_da", json_string(explanation_da));
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return ERR_INTERNAL;
    strbuf_addstr(out, s);
    free(s);
    return strbuf_error(out);
}
