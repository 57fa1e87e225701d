/*
 * record.h - the case records as data: descriptors built from records.def, values, and the rules
 * that a record must keep on its own (field syntax, ranges, dates in order) and against the records
 * it refers to (through a lookup callback, so this module stays free of I/O).
 *
 * Error messages name the field as "<type>.<field>" and the rule broken, in English, and never
 * contain the value (which may be personal data).
 */
#ifndef TRAPPE_DOMAIN_RECORD_H
#define TRAPPE_DOMAIN_RECORD_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "domain/config.h"
#include "domain/records.def"

enum field_kind {
    FK_TEXT,
    FK_INT,
    FK_BOOL,
    FK_DATE,
    FK_DATETIME,
    FK_CPR,
    FK_ENUM,
    FK_CODE,
    FK_CODES,
    FK_REF,
    FK_STEP,
};

enum field_flags {
    F_REQ = 1 << 0,        /* must be set */
    F_CHILD = 1 << 1,      /* the id of the child the record is about */
    F_PERSONAL = 1 << 2,   /* personal data: sealed at rest */
    F_RESTRICTED = 1 << 3, /* CPR, health and family notes: never shown under a consent (S-08) */
};

struct field_desc {
    const char *name;               /* column and JSON key */
    enum field_kind kind;           /* how the value is parsed and stored */
    unsigned flags;                 /* enum field_flags */
    int64_t min, max;               /* FK_TEXT: length in characters; FK_INT: range */
    const char *const *enum_values; /* FK_ENUM: NULL-terminated list */
    const char *ref;                /* FK_REF: record type; FK_CODE(S): code list name */
    const char *label_da;           /* Danish label for the UI */
};

#define R_ENUM(name, table, label, parent) RT_##name,

enum record_type { RECORD_TYPES(R_ENUM) RT__COUNT };

#undef R_ENUM

#define RECORD_MAX_FIELDS 24

struct record_desc {
    enum record_type type;
    const char *name;     /* JSON "type", e.g. "notification" */
    const char *table;    /* SQL table */
    const char *label_da; /* Danish name */
    const struct field_desc *fields;
    int nfields;
    int child_field;    /* index of the F_CHILD field, or -1 (child itself: -1) */
    const char *parent; /* the column `list --of ID` filters on ("id" if none) */
    int parent_field;   /* its field index, or -1 for "id" */
};

/* A field value. Strings are borrowed (usually from an arena). */
struct value {
    bool set;      /* false = NULL / absent */
    int64_t i;     /* FK_INT, FK_BOOL, FK_REF, FK_STEP */
    const char *s; /* every other kind, in its canonical text form */
};

struct record {
    const struct record_desc *desc;
    int64_t id;      /* 0 until stored */
    int64_t version; /* 1 on insert, +1 per update */
    struct value v[RECORD_MAX_FIELDS];
};

/* The text of a personal field that a read left sealed (store_child_all with a selection): the
 * field has a value, so record_get_s is not NULL, but this reader did not ask for it. Compare by
 * address; it is empty, so it shows as nothing. */
extern const char record_unopened[];

/* What r's strings take in an arena (bytes, and pieces for arena_fits), and copying them into a
 * so that r outlives the arena it was read into. */
size_t record_strings_size(const struct record *r, size_t *pieces);
void record_strings_copy(struct record *r, struct arena *a);

const struct record_desc *record_desc_get(enum record_type t);
/* Descriptor by JSON type name, or NULL. */
const struct record_desc *record_desc_by_name(const char *name);
/* Field index by name, or -1. */
int record_field_index(const struct record_desc *d, const char *name);

void record_init(struct record *r, const struct record_desc *d);

/*
 * Set field i from its text form (CLI argument, JSON string): checks syntax, length and range and
 * stores the canonical form (e.g. a CPR as DDMMYY-SSSS). Strings are copied into the arena.
 * ERR_INVALID with "<type>.<field>: <rule>" in why.
 */
enum err record_set_text(struct record *r, struct arena *a, int i, const char *text,
                         struct strbuf *why) WUR;
/* Set an integer-valued field (FK_INT, FK_REF, FK_STEP, FK_BOOL as 0/1) with the same checks. */
enum err record_set_int(struct record *r, int i, int64_t v, struct strbuf *why) WUR;

/*
 * Fill values derived from configuration when absent: an intervention's step and legal basis from
 * its catalogue entry, a notification's `professional` from its notifier type.
 */
void record_fill_defaults(struct record *r, const struct config *cfg);

/* Checks that need no other record: required fields, code lists, ladder steps, dates in order. */
enum err record_validate(const struct record *r, const struct config *cfg, struct strbuf *why) WUR;

/* The one field besides the child that record_check_refs reads of a referenced record of type td
 * (a conversation's date, an intervention's catalogue code), or NULL: what a cache of referenced
 * records must keep. */
const char *record_ref_field(const struct record_desc *td);

/* The date or time field that says when a record of type t happened or began (a notification's
 * received_at, an intervention's start, a decision's date), or NULL for records without one (the
 * child, a person, a goal). What a record dated after a moment is judged by. */
const char *record_when_field(enum record_type t);

/* How record_check_refs reads the records a record refers to. */
struct record_lookup {
    void *ctx;
    /* OK and *out filled, ERR_NOT_FOUND, or another error. */
    enum err (*get)(void *ctx, const struct record_desc *d, int64_t id, struct record *out,
                    struct strbuf *why);
};

/*
 * Checks against referenced records: each exists, belongs to the same child, and the rules across
 * records hold (a decision's conversation precedes it, a supervision visit is of a placement, ...).
 * Of a referenced record it reads only the child field and the field record_ref_field names.
 */
enum err record_check_refs(const struct record *r, const struct config *cfg,
                           const struct record_lookup *lk, struct strbuf *why) WUR;

/* The value of field (a name records.def must have: BUG otherwise). */
const struct value *record_value(const struct record *r, const char *field);
/* Text of a set value for display/export of FK_TEXT-like kinds, or NULL. */
const char *record_get_s(const struct record *r, const char *field);
/* Integer of a set value, or def. */
int64_t record_get_i(const struct record *r, const char *field, int64_t def);

#endif
