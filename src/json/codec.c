/*
 * codec.c - case records to and from JSON Lines.
 * A record line is decoded in one pass without building a tree (json_record_decode): an import
 * spent most of its decoding thread in jansson's allocations and character callbacks. jansson's
 * decoder stays as the reference the fast one must agree with (test_record.c, fuzz_jsonl.c):
 * same lines accepted, same records, and for a line that is not JSON, "not valid JSON".
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
json_record_decode_reference(const char *line, size_t len, struct arena *a, struct record *r,
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

/* One JSON value of a record line, as the fast decoder saw it. */
struct jval {
    enum { J_NULL, J_BOOL, J_INT, J_REAL, J_STR, J_ARR, J_OBJ } k;

    bool b;
    int64_t i;
    const char *s;      /* J_STR: decoded, NUL-terminated, in the arena */
    struct jval *items; /* J_ARR at the top level: its elements (theirs are not kept) */
    size_t n;
};

struct jparse {
    const char *p, *end;
    struct arena *a;
    const char *err; /* why the line is not valid JSON */
    int depth;
};

#define J_MEMBERS_MAX 64
#define J_DEPTH_MAX   64

static void
jws(struct jparse *jp)
{
    while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r'))
        jp->p++;
}

static bool
jfail(struct jparse *jp, const char *err)
{
    if (!jp->err)
        jp->err = err;
    return false;
}

/* Length of the well-formed UTF-8 sequence at p (at most n bytes), or 0: no overlong forms, no
 * surrogates, nothing above U+10FFFF (as jansson checks). */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static int
hex4(const char *p)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

static char *
put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | cp >> 12);
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | cp >> 18);
        *o++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* The string at jp->p (at its opening quote), decoded into the arena if out is not NULL. */
static bool
jstring(struct jparse *jp, const char **out)
{
    const char *start = ++jp->p;
    bool escaped = false;
    /* First pass: find the closing quote, check the raw bytes. */
    while (jp->p < jp->end && *jp->p != '"') {
        unsigned char c = (unsigned char)*jp->p;
        if (c < 0x20)
            return jfail(jp, "control character in a string");
        if (c == '\\') {
            escaped = true;
            if (++jp->p == jp->end)
                break;
            jp->p++;
            continue;
        }
        size_t len = utf8_seq((const unsigned char *)jp->p, (size_t)(jp->end - jp->p));
        if (!len)
            return jfail(jp, "invalid UTF-8 in a string");
        jp->p += len;
    }
    if (jp->p >= jp->end)
        return jfail(jp, "unterminated string");
    const char *stop = jp->p++;
    if (!escaped) {
        if (out)
            *out = arena_strndup(jp->a, start, (size_t)(stop - start));
        return true;
    }
    char *buf = arena_alloc(jp->a, (size_t)(stop - start) + 1), *o = buf;
    for (const char *q = start; q < stop;) {
        if (*q != '\\') {
            *o++ = *q++;
            continue;
        }
        q++;
        switch (*q++) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '/':
            *o++ = '/';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'u': {
            int v = stop - q >= 4 ? hex4(q) : -1;
            if (v < 0)
                return jfail(jp, "invalid \\u escape");
            q += 4;
            unsigned cp = (unsigned)v;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                int lo = stop - q >= 6 && q[0] == '\\' && q[1] == 'u' ? hex4(q + 2) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return jfail(jp, "invalid Unicode escape (lone surrogate)");
                q += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return jfail(jp, "invalid Unicode escape (lone surrogate)");
            } else if (cp == 0) {
                return jfail(jp, "\\u0000 is not allowed");
            }
            o = put_utf8(o, cp);
            break;
        }
        default:
            return jfail(jp, "invalid escape");
        }
    }
    *o = '\0';
    if (out)
        *out = buf;
    return true;
}

static bool
jnumber(struct jparse *jp, struct jval *v)
{
    const char *p = jp->p, *end = jp->end;
    bool neg = false, real = false;
    uint64_t mag = 0;
    bool overflow = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    if (p == end || *p < '0' || *p > '9')
        return jfail(jp, "invalid number");
    if (*p == '0') {
        p++;
    } else {
        for (; p < end && *p >= '0' && *p <= '9'; p++) {
            unsigned d = (unsigned)(*p - '0');
            if (mag > (UINT64_MAX - d) / 10)
                overflow = true;
            else
                mag = mag * 10 + d;
        }
    }
    if (p < end && *p == '.') {
        real = true;
        if (++p == end || *p < '0' || *p > '9')
            return jfail(jp, "invalid number");
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        real = true;
        if (++p < end && (*p == '+' || *p == '-'))
            p++;
        if (p == end || *p < '0' || *p > '9')
            return jfail(jp, "invalid number");
        while (p < end && *p >= '0' && *p <= '9')
            p++;
    }
    jp->p = p;
    if (real) {
        v->k = J_REAL;
        return true;
    }
    if (overflow || mag > (uint64_t)INT64_MAX + neg)
        return jfail(jp, "too big integer");
    v->k = J_INT;
    v->i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return true;
}

static bool
jliteral(struct jparse *jp, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, word, n) != 0)
        return jfail(jp, "invalid token");
    jp->p += n;
    return true;
}

static bool jvalue(struct jparse *jp, struct jval *v, bool keep);

/* After an element of an array or object: a comma (*more: another follows) or its close. */
static bool
jnext(struct jparse *jp, char close, bool *more)
{
    jws(jp);
    if (jp->p < jp->end && (*jp->p == ',' || *jp->p == close)) {
        *more = *jp->p++ == ',';
        jws(jp);
        return true;
    }
    return jfail(jp, close == ']' ? "']' or ',' expected" : "'}' or ',' expected");
}

/* The members of a record line's object, in their order. */
struct jmembers {
    const char *keys[J_MEMBERS_MAX];
    struct jval vals[J_MEMBERS_MAX];
    size_t n;
};

/* An array; its elements kept (one level) if keep. */
static bool
jarray(struct jparse *jp, struct jval *v, bool keep)
{
    size_t cap = 0;
    v->k = J_ARR;
    v->n = 0;
    v->items = NULL;
    jp->p++;
    jws(jp);
    if (jp->p < jp->end && *jp->p == ']') {
        jp->p++;
        return true;
    }
    for (bool more = true; more;) {
        struct jval item;
        if (!jvalue(jp, &item, false))
            return false;
        if (keep) {
            if (v->n == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                struct jval *grown = arena_alloc(jp->a, ncap * sizeof(*grown));
                if (v->n)
                    memcpy(grown, v->items, v->n * sizeof(*grown));
                v->items = grown;
                cap = ncap;
            }
            v->items[v->n] = item;
        }
        v->n++;
        if (!jnext(jp, ']', &more))
            return false;
    }
    return true;
}

/* An object: its members kept in m (the record line itself: no key twice, at most
 * J_MEMBERS_MAX), or only checked if m is NULL (nested: no field takes one). */
static bool
jobject(struct jparse *jp, struct jmembers *m)
{
    jp->p++;
    jws(jp);
    if (jp->p < jp->end && *jp->p == '}') {
        jp->p++;
        return true;
    }
    for (bool more = true; more;) {
        const char *key = NULL;
        struct jval v;
        if (jp->p >= jp->end || *jp->p != '"')
            return jfail(jp, "string or '}' expected");
        if (m && m->n == J_MEMBERS_MAX)
            return jfail(jp, "too many keys");
        if (!jstring(jp, m ? &key : NULL))
            return false;
        jws(jp);
        if (jp->p >= jp->end || *jp->p != ':')
            return jfail(jp, "':' expected");
        jp->p++;
        jws(jp);
        if (!jvalue(jp, &v, m != NULL))
            return false;
        if (m) {
            for (size_t k = 0; k < m->n; k++)
                if (strcmp(m->keys[k], key) == 0)
                    return jfail(jp, "duplicate object key");
            m->keys[m->n] = key;
            m->vals[m->n++] = v;
        }
        if (!jnext(jp, '}', &more))
            return false;
    }
    return true;
}

static bool
jvalue(struct jparse *jp, struct jval *v, bool keep)
{
    memset(v, 0, sizeof(*v));
    if (jp->p >= jp->end)
        return jfail(jp, "unexpected end of line");
    bool ok;
    switch (*jp->p) {
    case '"':
        v->k = J_STR;
        return jstring(jp, &v->s);
    case 't':
        v->k = J_BOOL;
        v->b = true;
        return jliteral(jp, "true");
    case 'f':
        v->k = J_BOOL;
        return jliteral(jp, "false");
    case 'n':
        v->k = J_NULL;
        return jliteral(jp, "null");
    case '[':
    case '{':
        if (++jp->depth > J_DEPTH_MAX)
            return jfail(jp, "nested too deeply");
        if (*jp->p == '[') {
            ok = jarray(jp, v, keep);
        } else {
            v->k = J_OBJ;
            ok = jobject(jp, NULL);
        }
        jp->depth--;
        return ok;
    default:
        if (*jp->p == '-' || (*jp->p >= '0' && *jp->p <= '9'))
            return jnumber(jp, v);
        return jfail(jp, "invalid token");
    }
}

static enum err
decode_jval(struct record *r, struct arena *a, int i, const struct jval *jv, struct strbuf *why)
{
    const struct field_desc *f = &r->desc->fields[i];
    if (jv->k == J_NULL)
        return OK;
    switch (f->kind) {
    case FK_INT:
    case FK_REF:
    case FK_STEP:
        if (jv->k != J_INT)
            return why_set(why, ERR_INVALID, "%s.%s: must be a whole number", r->desc->name,
                           f->name);
        return record_set_int(r, i, jv->i, why);
    case FK_BOOL:
        if (jv->k != J_BOOL)
            return why_set(why, ERR_INVALID, "%s.%s: must be true or false", r->desc->name,
                           f->name);
        return record_set_int(r, i, jv->b, why);
    case FK_CODES: {
        struct strbuf joined = STRBUF_INIT;
        enum err rc = OK;
        if (jv->k != J_ARR || jv->n == 0)
            return why_set(why, ERR_INVALID, "%s.%s: must be a non-empty array of codes",
                           r->desc->name, f->name);
        for (size_t k = 0; k < jv->n; k++) {
            const struct jval *item = &jv->items[k];
            if (item->k != J_STR) {
                rc = why_set(why, ERR_INVALID, "%s.%s: must be an array of strings", r->desc->name,
                             f->name);
                break;
            }
            if (strchr(item->s, ',')) {
                rc = why_set(why, ERR_INVALID, "%s.%s: a code must not contain a comma",
                             r->desc->name, f->name);
                break;
            }
            if (k)
                strbuf_addch(&joined, ',');
            strbuf_addstr(&joined, item->s);
        }
        if (!rc)
            rc = strbuf_error(&joined);
        if (!rc)
            rc = record_set_text(r, a, i, strbuf_str(&joined), why);
        strbuf_release(&joined);
        return rc;
    }
    default:
        if (jv->k != J_STR)
            return why_set(why, ERR_INVALID, "%s.%s: must be a string", r->desc->name, f->name);
        return record_set_text(r, a, i, jv->s, why);
    }
}

enum err
json_record_decode(const char *line, size_t len, struct arena *a, struct record *r,
                   struct strbuf *why)
{
    struct jparse jp = { line, line + len, a, NULL, 0 };
    struct jmembers m;
    bool object = false;

    m.n = 0;
    if (len > JSON_LINE_MAX)
        return why_set(why, ERR_INVALID, "line is longer than %u bytes", JSON_LINE_MAX);
    jws(&jp);
    if (jp.p < jp.end && *jp.p == '[') {
        struct jval top;
        jvalue(&jp, &top, false);
    } else if (jp.p < jp.end && *jp.p == '{') {
        object = true;
        jobject(&jp, &m);
    } else {
        jfail(&jp, "'[' or '{' expected");
    }
    if (!jp.err) {
        jws(&jp);
        if (jp.p != jp.end)
            jfail(&jp, "end of line expected");
    }
    if (jp.err)
        return why_set(why, ERR_INVALID, "not valid JSON: %s", jp.err);
    if (!object)
        return why_set(why, ERR_INVALID, "must be a JSON object");

    const struct jval *type = NULL;
    for (size_t k = 0; k < m.n; k++)
        if (strcmp(m.keys[k], "type") == 0)
            type = &m.vals[k];
    if (!type || type->k != J_STR)
        return why_set(why, ERR_INVALID, "type: is required and must be a string");
    const struct record_desc *d = record_desc_by_name(type->s);
    if (!d)
        return why_set(why, ERR_INVALID, "type: unknown record type");
    record_init(r, d);
    for (size_t k = 0; k < m.n; k++) {
        if (strcmp(m.keys[k], "type") == 0)
            continue;
        if (strcmp(m.keys[k], "id") == 0) {
            if (m.vals[k].k != J_INT || m.vals[k].i < 1)
                return why_set(why, ERR_INVALID, "%s.id: must be a positive whole number", d->name);
            r->id = m.vals[k].i;
            continue;
        }
        int i = record_field_index(d, m.keys[k]);
        if (i < 0)
            return why_set(why, ERR_INVALID, "%s: unknown field \"%.64s\"", d->name, m.keys[k]);
        enum err rc = decode_jval(r, a, i, &m.vals[k], why);
        if (rc)
            return rc;
    }
    return OK;
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
