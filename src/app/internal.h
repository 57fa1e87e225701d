/*
 * internal.h - what the files of app/ share and nothing outside app/ may use.
 */
#ifndef TRAPPE_APP_INTERNAL_H
#define TRAPPE_APP_INTERNAL_H

#include "app/app.h"

/* Append an audit row inside the caller's transaction. */
/* One audit row not about a record (an operator's action, a loss found), in a transaction of
 * its own. */
enum err audit_alone(struct app *app, const char *action, const char *detail,
                     struct strbuf *why) WUR;
enum err audit(struct app *app, const char *action, const struct record_desc *d, int64_t id,
               int64_t child, const char *detail, struct strbuf *why) WUR;

/*
 * Log a read and wait until the row is durable (group-committed with concurrent requests; see
 * audit_group.c), or, in an app with defer_reads while the committer runs, queue it and set
 * app->audit_ticket: the caller's interface then holds the data until the ticket is durable.
 * Call outside a transaction, after the data is read and before it is returned.
 */
enum err audit_read(struct app *app, const char *action, const struct record_desc *d, int64_t id,
                    int64_t child, const char *detail, struct strbuf *why) WUR;

/* Read rows of actor whose detail starts with prefix, still queued for the committer or in its
 * read log (not yet in the audit table; see store_count_actor_rows). A row leaves here only after
 * its commit to the table, so count these first, then the table: a row moving between the two is
 * counted twice, never not. */
int64_t audit_pending(const char *actor, const char *prefix);

/* Whether the committer is writing a batch now (for tests). */
bool audit_committing(void);

/* Audit (and commit) a refusal of what, with the reason already in why, outside a transaction;
 * returns ERR_FORBIDDEN. */
enum err audit_refusal(struct app *app, int64_t child, const char *what, struct strbuf *why) WUR;

/* Login throttling (throttle.c), before any password is hashed: OK, or ERR_RATE with the seconds
 * to wait, what limit it was ("address", "login", "address and login") and whether this is the
 * first refusal of that limit (to audit once, not every attempt of a flood). from is the client's
 * address (NULL: the local command line). */
enum err throttle_login_begin(const char *from, const char *login, int64_t now,
                              int64_t *retry_after, bool *first, const char **by) WUR;
/* The outcome of an attempt that was let through. */
void throttle_login_end(const char *from, const char *login, bool ok, int64_t now);
/* One of the bounded password-hash slots (app_login_hash_slots), without waiting: false if all
 * are taken. Give it back with throttle_hash_release. */
bool throttle_hash_acquire(void);
void throttle_hash_release(void);
/* Forget every limit (tests). */
void throttle_forget(void);

/* The policy check (see app.c); call it outside a transaction (a refusal is audited). */
enum err authorize(struct app *app, enum policy_op op, const struct record_desc *d, int64_t child,
                   struct strbuf *why) WUR;

/* authorize in two halves, so that the check can share the caller's read transaction: the check
 * (reads only; the actor's relation to the child into *rel; ERR_FORBIDDEN on refusal, nothing
 * audited), and, after that transaction has ended, the audited refusal (returns ERR_FORBIDDEN). */
enum err authorize_check(struct app *app, enum policy_op op, const struct record_desc *d,
                         int64_t child, struct relation *rel, struct strbuf *why) WUR;
enum err authorize_refused(struct app *app, enum policy_op op, const struct record_desc *d,
                           int64_t child, struct strbuf *why) WUR;

/*
 * The children a list (worklist, caseload, search) may show, handed to fn one by one: the
 * candidates of policy_list_source (the local operator: the open cases of caseworker and team,
 * each NULL for any), each then checked with policy_check as the child's page checks it (d: the
 * child record; NULL: every record of the child, as the worklist needs). A candidate the policy
 * refuses is left out, not an error. ERR_FORBIDDEN for a role that has no lists. Inside the
 * caller's transaction.
 */
enum err visible_children(struct app *app, const struct record_desc *d, const char *day,
                          const char *caseworker, const char *team, store_id_fn fn, void *ctx,
                          struct strbuf *why) WUR;

/*
 * A field that names an account names one whose role may be so named (account_fields in app.c):
 * a case's caseworker an account with the caseworker role (lists and the policy go by role, and a
 * case naming a partner's login must not look like their caseload), a consent's grantee a
 * partner or the task force, the task force's coordinator the task force. history (an import):
 * a login with no account yet is let through (a former employee), one of another role is not.
 * Inside the caller's transaction.
 */
enum err check_account_fields(struct app *app, const struct record *r, bool history,
                              struct strbuf *why) WUR;

/* Defaults, field rules and the rules against referenced records (inside the transaction). */
enum err check_record(struct app *app, struct arena *a, struct record *r, struct strbuf *why) WUR;
/* One record inside the caller's transaction: checked as on its own (check_record), inserted,
 * and its creation audited with detail. */
enum err insert_in(struct app *app, struct arena *a, struct record *r, const char *detail,
                   struct strbuf *why) WUR;

/* The form's one-time token (app->once): claimed inside the write's transaction (ERR_CONFLICT when
 * it was used before), and marked done with the record it saved. */
enum err claim_once(struct app *app, struct strbuf *why) WUR;
enum err once_done(struct app *app, const struct record *r, struct strbuf *why) WUR;

/* The child a record is about (its own id for a child), or 0. */
int64_t child_of(const struct record *r);

/* The rules of r against the records it refers to (inside the caller's transaction). */
enum err check_refs(struct app *app, struct arena *a, struct record *r, struct strbuf *why) WUR;

/* Blank the fields of r the actor may not see (field-level rules). */
void redact(const struct app *app, struct record *r);

/* For a partner or task-force member: keep in cr only the record types their consent covers,
 * with restricted fields blanked. Nothing for other actors. */
enum err scope_child_records(struct app *app, int64_t child, struct arena *a,
                             struct child_records *cr, struct strbuf *why) WUR;
/* The same with the actor's relation to the child already known (see authorize_check). */
void scope_child_records_as(struct app *app, const struct relation *rel, struct arena *a,
                            struct child_records *cr);

/* The cap of the arena that lists going through many children work on each child in: one
 * child's history, and no more per request. More than a child's page holds (64 MiB with its
 * drawing, server.c), so a child too long for its page still has its deadlines in the lists. */
#define CHILD_SCRATCH_CAP (96u * 1024u * 1024u)

/* A personal field a view shows. */
struct shown_field {
    enum record_type type;
    const char *field;
};

/* The selection that opens just the n fields of shown (each must be a personal field). */
void open_shown(struct store_open *open, const struct shown_field *shown, size_t n);

/* What every list of children shows of each: the child's name and CPR number (the CPR number
 * also gives the age and the deadlines tied to it when no birth date is recorded). */
extern const struct shown_field child_list_fields[2];

/* Every record about one child, into arena a (no policy check, no audit: the caller does both).
 * With open, only the personal fields it names are decrypted (see store_child_all); NULL opens
 * all. */
enum err load_child_records(struct app *app, int64_t child_id, const struct store_open *open,
                            struct arena *a, struct child_records *cr, struct strbuf *why) WUR;

/* Everything held about one child as JSON Lines into out (the child, the persons related to it,
 * its records in export order, each followed by its earlier versions); *count gets the lines.
 * Inside the caller's transaction; no policy check, no audit. */
enum err child_jsonl(struct app *app, const struct child_records *cr, struct arena *a,
                     struct strbuf *out, size_t *count, struct strbuf *why) WUR;

/*
 * The leaders' figures of the years kept in parts (figures.c), kept current by a write about one
 * child: inside the write's transaction, begin reads the child's part of each current year before
 * the write, end after it and moves the difference into the parts. A write that bypasses these
 * leaves the years behind (store_figure_version), never wrong.
 */
struct kept_part;

struct figure_keep {
    int64_t version; /* the store's before the write */
    int *years;      /* the years current then */
    size_t n;
    struct kept_part *before;
};
enum err figures_keep_begin(struct app *app, int64_t child, struct arena *a, struct figure_keep *k,
                            struct strbuf *why) WUR;
enum err figures_keep_end(struct app *app, int64_t child, struct figure_keep *k, struct arena *a,
                          struct strbuf *why) WUR;

#endif
