/*
 * codec.c - case records to and from JSON Lines.
 * Must not: accept unknown or duplicate keys, or guess a type from a value's shape.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"

static enum err
decode_value(struct record *r, struct arena *a, int i, json_t *jv, struct strbuf *why)
{
    const struct field_desc *f = &r->desc->fields[i];
    if (json_is_null(jv))
        return OK;
    switch (f->kind) {
    case FK_INT:
    case FK_REF:
    case FK_STEP:
        if (!json_is_integer(jv))
            return why_set(why, ERR_INVALID, "%s.%s: must be a whole number", r->desc->name,
                           f->name);
        return record_set_int(r, i, (int64_t)json_integer_value(jv), why);
    case FK_BOOL:
        if (!json_is_boolean(jv))
            return why_set(why, ERR_INVALID, "%s.%s: must be true or false", r->desc->name,
                           f->name);
        return record_set_int(r, i, json_is_true(jv), why);
    case FK_CODES: {
        struct strbuf joined = STRBUF_INIT;
        size_t k;
        json_t *item;
        enum err rc = OK;
        if (!json_is_array(jv) || json_array_size(jv) == 0) {
            return why_set(why, ERR_INVALID, "%s.%s: must be a non-empty array of codes",
                           r->desc->name, f->name);
        }
        json_array_foreach(jv, k, item)
        {
            if (!json_is_string(item)) {
                rc = why_set(why, ERR_INVALID, "%s.%s: must be an array of strings", r->desc->name,
                             f->name);
                break;
            }
            if (strchr(json_string_value(item), ',')) {
                rc = why_set(why, ERR_INVALID, "%s.%s: a code must not contain a comma",
                             r->desc->name, f->name);
                break;
            }
            strbuf_addf(&joined, "%s%s", k ? "," : "", json_string_value(item));
        }
        if (!rc)
            rc = strbuf_error(&joined);
        if (!rc)
            rc = record_set_text(r, a, i, strbuf_str(&joined), why);
        strbuf_release(&joined);
        return rc;
    }
    default:
        if (!json_is_string(jv))
            return why_set(why, ERR_INVALID, "%s.%s: must be a string", r->desc->name, f->name);
        if (strlen(json_string_value(jv)) != json_string_length(jv))
            return why_set(why, ERR_INVALID, "%s.%s: must not contain NUL", r->desc->name, f->name);
        return record_set_text(r, a, i, json_string_value(jv), why);
    }
}

enum err
json_record_decode(const char *line, size_t len, struct arena *a, struct record *r,
                   struct strbuf *why)
{
    json_error_t jerr;
    enum err rc = OK;
    if (len > JSON_LINE_MAX)
        return why_set(why, ERR_INVALID, "line is longer than %u bytes", JSON_LINE_MAX);
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj)
        return why_set(why, ERR_INVALID, "not valid JSON: %s", jerr.text);
    if (!json_is_object(obj)) {
        rc = why_set(why, ERR_INVALID, "must be a JSON object");
        goto out;
    }
    json_t *jt = json_object_get(obj, "type");
    if (!json_is_string(jt)) {
        rc = why_set(why, ERR_INVALID, "type: is required and must be a string");
        goto out;
    }
    const struct record_desc *d = record_desc_by_name(json_string_value(jt));
    if (!d) {
        rc = why_set(why, ERR_INVALID, "type: unknown record type");
        goto out;
    }
    record_init(r, d);
    const char *key;
    json_t *jv;
    json_object_foreach(obj, key, jv)
    {
        if (strcmp(key, "type") == 0)
            continue;
        if (strcmp(key, "id") == 0) {
            if (!json_is_integer(jv) || json_integer_value(jv) < 1) {
                rc = why_set(why, ERR_INVALID, "%s.id: must be a positive whole number", d->name);
                goto out;
            }
            r->id = (int64_t)json_integer_value(jv);
            continue;
        }
        int i = record_field_index(d, key);
        if (i < 0) {
            rc = why_set(why, ERR_INVALID, "%s: unknown field \"%.64s\"", d->name, key);
            goto out;
        }
        rc = decode_value(r, a, i, jv, why);
        if (rc)
            goto out;
    }
out:
    json_decref(obj);
    return rc;
}

/* r's set fields into obj, in order. */
static enum err
encode_fields(json_t *obj, const struct record *r)
{
    const struct record_desc *d = r->desc;
    for (int i = 0; i < d->nfields; i++) {
        const struct field_desc *f = &d->fields[i];
        const struct value *v = &r->v[i];
        json_t *jv;
        if (!v->set)
            continue;
        switch (f->kind) {
        case FK_INT:
        case FK_REF:
        case FK_STEP:
            jv = json_integer(v->i);
            break;
        case FK_BOOL:
            jv = json_boolean(v->i);
            break;
        case FK_CODES: {
            jv = json_array();
            const char *p = v->s;
            while (*p) {
                const char *comma = strchr(p, ',');
                size_t len = comma ? (size_t)(comma - p) : strlen(p);
                json_array_append_new(jv, json_stringn(p, len));
                p += len + (comma != NULL);
            }
            break;
        }
        default:
            jv = json_string(v->s);
            break;
        }
        if (!jv)
            return ERR_INTERNAL;
        json_object_set_new(obj, f->name, jv);
    }
    return OK;
}

/* obj as one compact line (no newline) onto out; obj is released. */
static enum err
dump(json_t *obj, enum err rc, struct strbuf *out)
{
    if (!rc) {
        char *s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (!s) {
            rc = ERR_INTERNAL;
        } else {
            strbuf_addstr(out, s);
            free(s);
            rc = strbuf_error(out);
        }
    }
    json_decref(obj);
    return rc;
}

enum err
json_record_encode(const struct record *r, unsigned flags, struct strbuf *out)
{
    json_t *obj = json_object();
    json_object_set_new(obj, "type", json_string(r->desc->name));
    json_object_set_new(obj, "id", json_integer(r->id));
    if (flags & JSON_REC_VERSION)
        json_object_set_new(obj, "version", json_integer(r->version));
    return dump(obj, encode_fields(obj, r), out);
}

enum err
json_record_encode_pseudo(const struct record *r, const char *pseudonym, struct strbuf *out)
{
    json_t *obj = json_object();
    json_object_set_new(obj, "type", json_string(r->desc->name));
    json_object_set_new(obj, "child", json_string(pseudonym));
    return dump(obj, encode_fields(obj, r), out);
}
