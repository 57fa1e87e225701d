/*
 * app.h - the one door to the data. Every operation, whichever interface calls it, checks the
 * policy, validates, writes and appends its audit row in one transaction. Reads of personal data
 * are audited (and committed) before the data is handed back; in the web server the commit may
 * instead follow, and the server holds the response until it is durable (app_audit_defer_start).
 */
#ifndef TRAPPE_APP_APP_H
#define TRAPPE_APP_APP_H

#include <stdio.h>

#include "app/policy.h"
#include "core/crypto.h"
#include "domain/config.h"
#include "domain/deadline.h"
#include "domain/figures.h"
#include "domain/ladder.h"
#include "domain/record.h"
#include "store/store.h"

struct app {
    struct store *store;  /* owned */
    struct config cfg;    /* owned */
    char actor[96];       /* who, for audit rows: "cli:root", "user:17" */
    struct actor who;     /* who, for the policy; strings point into the buffers below */
    int64_t expired_user; /* the account whose session this request found ended, else 0 */
    char who_login[72], who_role[32], who_team[72];
    char who_name[208];     /* the account's display name, for the page header */
    const char *request_id; /* borrowed, or NULL */
    int64_t (*now)(void);   /* UTC seconds since the epoch; replaceable in tests */
    struct keyring ring;    /* the key file's keys (audit chain, personal fields) */
    char key_path[512];

    struct {
        uint64_t ino;
        int64_t size, mtime_ns;
    } key_seen; /* the key file when it was read */

    bool defer_reads;      /* queue read-audit rows when the committer runs (the web server) */
    uint64_t audit_ticket; /* the last read row queued (see app_audit_ticket_take) */
    bool figures_afresh;   /* the leaders' figures from every child, not the years kept */
    /* A web form's one-time token (borrowed; NULL: none): app_record_add and _update claim it
     * with their write, and refuse a token claimed before (ERR_CONFLICT) with once_first set to
     * what that first submit saved. */
    const char *once;
    struct store_once once_first;
};

struct app_options {
    const char *db_path;    /* database file */
    const char *config_dir; /* directory with ladder.jsonl, catalogue.jsonl, codes.jsonl */
    const char *actor;      /* who acts, e.g. "cli:root" */
    bool create;            /* create the database if missing (trappe init) */
    bool check;             /* run the integrity gate on open (server start, init) */
    const char *key_path;   /* the key file; NULL: $TRAPPE_KEY_FILE or DB_PATH.key */
    unsigned chain_ms;      /* app_audit_defer_start: the read log's interval (0: 10 ms) */
};

/*
 * Load the configuration and the key file and open the database, refusing a key file the
 * database was not sealed with before anything is written. Rows the chain's anchor names but the
 * database lacks are recorded as lost (audit_chain_loss, app_anchor_settle). On error nothing is
 * left open.
 */
enum err app_open(struct app *app, const struct app_options *opt, struct strbuf *why) WUR;
/* Read the key file again if it changed since it was read (a rotation or prune by an operator
 * while the server runs); a file that does not match the database is not taken (logged). */
void app_keys_fresh(struct app *app);
/* Withdraw consent id at once (from today; from its first day if it has not begun): an edit of
 * the consent, authorized and audited as one, its earlier version kept. *child gets the child.
 * ERR_INVALID if it is withdrawn or has run out already. */
enum err app_consent_withdraw(struct app *app, struct arena *a, int64_t id, int64_t *child,
                              struct strbuf *why) WUR;
/*
 * A partner's inquiry (inquiry.c). app_inquiry_file: a partner files r (a concern or a formal
 * notification); who and when are set here, what only the intake records is cleared.
 * app_inquiry_mine: the partner's own, newest first, without the child's id, the notification's
 * id or who took it in. app_inquiry_inbox: for the intake, those not yet answered, oldest first.
 * app_inquiry_get: one, for the intake. Each audited.
 */
enum err app_inquiry_file(struct app *app, struct arena *a, struct record *r,
                          struct strbuf *why) WUR;
enum err app_inquiry_mine(struct app *app, struct arena *a, struct record **out, size_t *n,
                          struct strbuf *why) WUR;
enum err app_inquiry_inbox(struct app *app, struct arena *a, struct record **out, size_t *n,
                           struct strbuf *why) WUR;
enum err app_inquiry_get(struct app *app, int64_t id, struct arena *a, struct record *out,
                         struct strbuf *why) WUR;
/*
 * Take inquiry id (at version) in with response (notification, step1_course, advice, no_action;
 * a formal notification only as a notification). Each finds the child by CPR number or registers
 * it; notification and step1_course also use its open case or open one with caseworker in the
 * actor's team; notification makes the notification (received when filed, receipt given now).
 * One transaction; *child gets the child.
 */
enum err app_inquiry_take(struct app *app, struct arena *a, int64_t id, int64_t version,
                          const char *response, const char *caseworker, int64_t *child,
                          struct strbuf *why) WUR;
/* Answer the partner (feedback, once, after taking in); the notification made from it records
 * its feedback sent (U5) at the same time. */
enum err app_inquiry_answer(struct app *app, struct arena *a, int64_t id, int64_t version,
                            const char *feedback, struct strbuf *why) WUR;
/* Hold database db_path alone (store_server_lock): the server, and commands that must not run
 * beside it (key prune). ERR_CONFLICT names the holder's pid. */
enum err app_server_lock(const char *db_path, int *fd, struct strbuf *why) WUR;
/* The server's health: the database answers a read; *free_mib the free space on its disk. */
enum err app_health(struct app *app, int64_t *free_mib, struct strbuf *why) WUR;
void app_keys_seen(struct app *app);
/* Compare the chain with its anchor outside the file; a loss is logged and recorded. */
enum err app_anchor_settle(struct app *app, struct strbuf *why) WUR;
void app_close(struct app *app);

/*
 * Add r (r->id 0 = new id; else that id, refused if taken). Derived defaults are filled in, then
 * everything is validated; on success r->id is set. Nothing is written on error.
 */
enum err app_record_add(struct app *app, struct arena *a, struct record *r, struct strbuf *why) WUR;

/*
 * Take in a child not known before: the child, its case and the notification about it, checked
 * and saved together or not at all (each audited), the case naming the one who takes it in (a
 * caseworker) or the own team (a team leader): policy_may_take_in. The CPR number may be left
 * out. On success the three ids are set.
 */
enum err app_intake(struct app *app, struct arena *a, struct record *child, struct record *kase,
                    struct record *notif, struct strbuf *why) WUR;

/* Read one record (audited). ERR_NOT_FOUND if there is none. */
enum err app_record_get(struct app *app, const struct record_desc *d, int64_t id, struct arena *a,
                        struct record *out, struct strbuf *why) WUR;

/* Optional extra filter for app_record_list (e.g. placements among interventions). */
typedef bool (*app_record_filter)(const struct app *app, const struct record *r);

/*
 * The records of type d (parent > 0: those under it, e.g. a child's notifications) that pass
 * filter (NULL: all), audited with the ids shown, then handed to fn one by one.
 */
enum err app_record_list(struct app *app, const struct record_desc *d, int64_t parent,
                         app_record_filter filter, struct arena *a, store_record_fn fn, void *ctx,
                         struct strbuf *why) WUR;

/*
 * Replace record r->id with r, if it is still at expected_version; the old version is kept.
 * ERR_CONFLICT if it changed in between.
 */
enum err app_record_update(struct app *app, struct arena *a, struct record *r,
                           int64_t expected_version, struct strbuf *why) WUR;

/* OK if the actor may do op on records of type d about child; ERR_FORBIDDEN (audited) if not.
 * For an interface that offers an operation before it is carried out (a form). */
enum err app_may(struct app *app, enum policy_op op, const struct record_desc *d, int64_t child,
                 struct strbuf *why) WUR;

/* OK if the actor may use capability cap (policy.h; a team leader needs a team for the ones
 * limited to it); ERR_FORBIDDEN, audited with what, if not. For a page that offers what a role
 * may do before it does it. */
enum err app_capability(struct app *app, enum capability cap, const char *what,
                        struct strbuf *why) WUR;

/* Audit a refusal decided outside the policy (a POST without its CSRF token): what names the
 * request, reason why it was refused. Best effort, like every refusal's row. */
void app_refusal(struct app *app, const char *what, const char *reason);

/* The earlier versions of record id (oldest first), authorized and audited like a read. */
enum err app_record_history(struct app *app, const struct record_desc *d, int64_t id,
                            store_version_fn fn, void *ctx, struct strbuf *why) WUR;

/*
 * Import JSON Lines from in, all or nothing. On error nothing is written and why starts with
 * "NAME:LINE: ". *count gets the number of records imported.
 */
enum err app_import(struct app *app, FILE *in, const char *name, size_t *count,
                    struct strbuf *why) WUR;

/*
 * The same in parts, for a producer that writes in pieces (the demo generator): begin opens the
 * transaction, each stream adds lines, end commits (commit true) or rolls back. One audit row per
 * child touched and one for the import, written at the end in the same transaction.
 */
struct app_import;
enum err app_import_begin(struct app *app, struct app_import **out, struct strbuf *why) WUR;
enum err app_import_stream(struct app_import *im, FILE *in, const char *name,
                           struct strbuf *why) WUR;
enum err app_import_end(struct app_import *im, bool commit, size_t *count, struct strbuf *why);

/* Write every record as JSON Lines, in export order (references point backwards). */
enum err app_export(struct app *app, FILE *out, size_t *count, struct strbuf *why) WUR;

struct deadline_query {
    struct asof at;         /* status as of this moment */
    const char *caseworker; /* the children of this caseworker's open cases, or NULL */
    const char *team;       /* the children of this team's open cases, or NULL */
    int64_t child; /* only this child (0: the caseload above; both NULL: every open case) */
    bool all;      /* also met and not-applicable deadlines */
};

struct deadline_list {
    struct deadline *items; /* arena */
    size_t n;
    size_t children; /* how many children were looked at */
};

/*
 * The worklist: the deadlines of the children in the query, overdue first, then by due date.
 * Audited as a list with the children's ids. ERR_NOT_FOUND if q->child does not exist.
 */
enum err app_deadlines(struct app *app, const struct deadline_query *q, struct arena *a,
                       struct deadline_list *out, struct strbuf *why) WUR;

/* Act as the local operator (CLI) or as nobody (before a session is resumed). */
void app_set_operator(struct app *app, const char *actor);
void app_set_nobody(struct app *app);

/* --- accounts and sessions (app/auth.c) --- */

/*
 * Add a local account with an Argon2id password and a new TOTP secret (written to secret_out).
 * ERR_INVALID naming the field for a bad login, role or password; ERR_CONFLICT if taken.
 */
enum err app_user_add(struct app *app, const char *login, const char *display_name,
                      const char *role, const char *team, const char *password, bool demo,
                      char secret_out[static 33], struct strbuf *why) WUR;

#define APP_TOKEN_LEN 43

/*
 * Log in with password and TOTP code from the client address from (NULL: the local command
 * line); on success a new session's token is written to token_out (the cookie value) and the app
 * acts as that user. Every failure is ERR_FORBIDDEN with the same message (no hint which factor
 * was wrong) and is audited. Before any password is hashed, attempts are limited (throttle.c):
 * per address, per login, and per address and login with a wait that grows after each failure;
 * and only app_login_hash_slots hashes run at once. Over a limit: ERR_RATE, with the seconds to
 * wait in *retry_after (may be NULL), audited once per limit reached.
 */
enum err app_login(struct app *app, const char *login, const char *password, const char *code,
                   const char *from, char token_out[static APP_TOKEN_LEN + 1], int64_t *retry_after,
                   struct strbuf *why) WUR;

/* How many password hashes may run at once in this process (default 1); a login that finds
 * them all taken is ERR_RATE at once, so that a flood of logins cannot take every worker. */
void app_login_hash_slots(unsigned n);

/* Resume the session of token (idle and absolute timeouts apply); the app then acts as its user.
 * ERR_FORBIDDEN if there is no such live session or the user is disabled. */
enum err app_session_resume(struct app *app, const char *token, struct strbuf *why) WUR;

/* The form typed when the session had ended (issue 21): kept sealed for the account whose session
 * app_session_resume found ended in this request (ERR_FORBIDDEN if none), with the page path to
 * fill it in again, for FORM_KEPT_MINUTES. */
#define FORM_KEPT_MINUTES 30
enum err app_form_keep(struct app *app, const char *path, const char *body, struct strbuf *why) WUR;
/* The page path of the signed-in user's kept form (ERR_NOT_FOUND if none is fresh). */
enum err app_form_kept_path(struct app *app, struct arena *a, const char **path,
                            struct strbuf *why) WUR;
/* The kept form of the signed-in user if it was kept for path: taken (deleted) and opened. */
enum err app_form_take(struct app *app, const char *path, struct arena *a, const char **body,
                       struct strbuf *why) WUR;

/* End the session of token (audited). */
enum err app_logout(struct app *app, const char *token, struct strbuf *why) WUR;

/* Disable (or enable) a login; disabling also ends its sessions. Operators only; audited. */
enum err app_user_disable(struct app *app, const char *login, bool disabled,
                          struct strbuf *why) WUR;

/* End the sessions of a login (NULL: everyone's); *n gets how many. Operators only; audited. */
enum err app_sessions_end(struct app *app, const char *login, int64_t *n, struct strbuf *why) WUR;

/* The CSRF token that belongs to a session token (derived, so nothing more is stored). */
void app_csrf_token(const char *token, char out[static APP_TOKEN_LEN + 1]);

/* A new one-time token for a web form (random; see struct app's once), and whether s has the
 * form of one. */
void app_form_token(char out[static APP_TOKEN_LEN + 1]);
bool app_form_token_valid(const char *s);

/* Constant-time comparison of two tokens. */
bool app_csrf_equal(const char *a, const char *b);

/* --- read models for the pages (app/views.c) --- */

/* A child's whole case: records, step now and over time, open deadlines. */
struct child_view {
    struct child_records cr;
    struct date today;
    int step;               /* the step today */
    struct date step_since; /* since when */
    struct ladder_segment *history;
    size_t nhistory;
    struct deadline *deadlines; /* open, overdue first */
    size_t ndeadlines;
    const char *caseworker; /* of the open case, or NULL */
    const char *team;
    const char **custody; /* names of the custody holders recorded as relations today */
    size_t ncustody;
    /* A partner or task-force member: the consent that lets them see the child today (theirs,
     * in force; the latest if several), and how much it shares (1 the plan, 2 also the case). */
    const struct record *mine;
    int share;
};

/* The red thread of one child (authorized for the child, audited). */
enum err app_child_view(struct app *app, int64_t child, struct arena *a, struct child_view *out,
                        struct strbuf *why) WUR;
/* What a form for records of d shows of the child, the same way: the child and its records of the
 * types d's fields point to (and its consents); no ladder, deadlines or custody. Audited as a read
 * for a form. */
enum err app_child_form_view(struct app *app, int64_t child, const struct record_desc *d,
                             struct arena *a, struct child_view *out, struct strbuf *why) WUR;

struct caseload_row {
    const struct record *child;
    int step;
    struct date since;
    size_t open_deadlines, overdue;
    const struct deadline *next; /* the first open deadline, or NULL */
    const char *caseworker;      /* of the open case, or NULL */
    /* A partner's or the task force's row: what their consent in force shares, and its last day */
    const char *consent_scope, *consent_until;
};

/* The actor's caseload (a caseworker's own, a team leader's team), audited with the ids shown. */
enum err app_caseload(struct app *app, struct arena *a, struct caseload_row **rows, size_t *n,
                      struct strbuf *why) WUR;

/* Children in the caseload whose name contains q, or whose CPR is q (audited: kind and ids).
 * ERR_TOO_LARGE when the user has searched too often in the last minute. */
enum err app_search(struct app *app, const char *q, struct arena *a, struct caseload_row **rows,
                    size_t *n, struct strbuf *why) WUR;

/* A child that may already be known, found before a new one is taken in (issue 21). */
struct intake_hit {
    int64_t id;
    const char *name; /* or NULL */
    char cpr6[7];     /* the first six digits of its CPR number, or "" */
    struct date born; /* the birth date, when known (has_born) */
    bool has_born;
    const char *caseworker; /* of its open case, or NULL */
    const char *team;
    bool may_read; /* the actor may open the child's page */
};

/*
 * Every child, not only the actor's own, whose CPR number (with or without dash or space), birth
 * date (DD.MM.ÅÅÅÅ, DD-MM-ÅÅÅÅ, ÅÅÅÅ-MM-DD or DDMMÅÅ) or name (every word, in any order) matches
 * q: for taking in a notification without making a second record of a known child. Needs the
 * intake capability; counted with the searches (ERR_RATE); audited with its purpose ("intake")
 * and the ids shown; at most INTAKE_HITS_MAX hits.
 */
#define INTAKE_HITS_MAX 20
enum err app_intake_search(struct app *app, const char *q, struct arena *a,
                           struct intake_hit **hits, size_t *n, struct strbuf *why) WUR;

/* --- synthetic data (app/demo.c) --- */

struct demo_options {
    uint64_t seed;       /* the same seed (and until) gives the same database */
    struct date until;   /* the last day simulated, with the nine years before its year */
    bool national;       /* 98 municipalities, 1.16 million aged 0-17; else one of 6,700 */
    struct arena *arena; /* for names of caseworkers */
};

struct demo_result {
    size_t records, children, caseworkers, municipalities;
};

/*
 * Generate ten years of synthetic case histories up to opt->until and import them through
 * app_import (validated, audited, all or nothing), then the strategy's example (the status
 * note's rows of config/strategy_example.jsonl, with synthetic objectives and follow-ups up to
 * opt->until, marked as examples). Operators only.
 */
enum err app_demo(struct app *app, const struct demo_options *opt, struct demo_result *res,
                  struct strbuf *why) WUR;

/* One calibration check of shared/CALIBRATION.md §7 on the database's data. */
struct demo_check {
    const char *id;   /* "#1" ... */
    const char *what; /* what is measured */
    double value;     /* measured */
    double target, tolerance;
    double base;     /* the sample the value rests on (children, notifications, placements) */
    double sampling; /* the part of the tolerance that is sampling error: 3 standard errors */
    bool ok;         /* |value - target| <= tolerance */
    int year;        /* the value is this single year's */
};

/* Compute the checks for year (e.g. 2024); *n gets how many were written to out (max 20). */
enum err app_demo_check(struct app *app, int year, bool municipal, struct demo_check *out,
                        size_t *n, struct strbuf *why) WUR;

/* The key figures behind the checks (and later the leaders' pages), by index 0 .. n-1. */
size_t app_kpi_count(void);
const char *app_kpi_name(size_t k);
/* Key figure k for year: from the cache while the data is unchanged, else computed (fresh: always
 * computed, the cache left alone). Operators only (an aggregate, no personal data). */
enum err app_kpi(struct app *app, size_t k, int year, bool fresh, double *value,
                 struct strbuf *why) WUR;
/* Key figure k's SQL for year, parameters written in as literals, into out (for comparing with
 * the sqlite3 shell on the same file). */
enum err app_kpi_sql(size_t k, int year, struct strbuf *out);

/* --- read audit deferred to a committing thread (app/audit_group.c), for the web server --- */

enum audit_state { AUDIT_PENDING, AUDIT_DURABLE, AUDIT_FAILED };

/*
 * Start the thread that commits read-audit rows in groups, on a connection of its own (opened
 * with opt). While it runs, an app with defer_reads set queues each read's row and returns at
 * once; the caller must then keep everything it read from leaving until app_audit_state of
 * app_audit_ticket_take says AUDIT_DURABLE (and send an error instead on AUDIT_FAILED).
 * notify is called on that thread after every batch is decided, whether it succeeded or not.
 * Under load a batch is durable in the read log (store.h) first and in the audit chain at most
 * opt->chain_ms later; until then audit_pending counts it. Stopping puts every row in the chain.
 */
enum err app_audit_defer_start(const struct app_options *opt, void (*notify)(void),
                               struct strbuf *why) WUR;
/* Commit what is queued (notify is called for it) and stop the thread; reads wait again. */
void app_audit_defer_stop(void);
/* The ticket of the last row app queued since the previous call (0: none), and forget it. */
uint64_t app_audit_ticket_take(struct app *app);
/* Whether the row of ticket, and every row queued before it, is durable. */
enum audit_state app_audit_state(uint64_t ticket);

/* --- the audit trail and the data subject (app/subject.c); operators only --- */

/* Verify the audit chain: *rows checked; on a break ERR_INVALID, *bad_id the first bad row. */
/* The losses recorded in the chain (audit_chain_loss, readlog_dropped), one line each. */
enum err app_audit_warnings(struct app *app, struct strbuf *lines, int64_t *n,
                            struct strbuf *why) WUR;
enum err app_audit_verify(struct app *app, int64_t *rows, int64_t *bad_id, struct strbuf *why) WUR;
/* Purge audit rows older than older_than (YYYY-MM-DD), or than the retention setting (NULL). */
enum err app_audit_purge(struct app *app, const char *older_than, int64_t *rows,
                         struct strbuf *why) WUR;

/* One line of a data-subject extract. */
struct subject_row {
    const char *at;                        /* UTC time */
    const char *what;                      /* Danish: what was done */
    const char *purpose;                   /* Danish: why */
    const struct record_desc *record_type; /* what kind of record, or NULL */
    const char *by;                        /* the role, or the name with a recorded reason */
};
typedef enum err (*app_subject_fn)(void *ctx, const struct subject_row *row);
/*
 * The accesses to one child's data, oldest first (the extract for a data-subject request). Staff
 * are named only when reason (recorded in the audit row of the extract) is given.
 */
enum err app_audit_child(struct app *app, int64_t child, const char *reason, struct arena *a,
                         app_subject_fn fn, void *ctx, struct strbuf *why) WUR;
/* Everything held about one child as JSON Lines (S-29); audited before the first line. */
enum err app_export_child(struct app *app, int64_t child, FILE *out, size_t *count,
                          struct strbuf *why) WUR;

/*
 * Key rotation (S-25): add a new key to the key file and seal every personal field, kept version
 * and CPR lookup with it, in one transaction; the audit chain goes on with the new key.
 */
/* --- backup, restore, check (backup.c; issue 22) --- */

struct app_backup_info {
    int key_id, schema;
    int64_t audit_rows, head_id, bytes;
    char taken[32]; /* restore: when the backup was taken (UTC) */
    double seconds;
};

/*
 * A backup of the whole database to the new file to (never overwritten), consistent while the
 * server writes (SQLite's backup API), with the read-audit rows the server's read log held,
 * sealed under the current key's backup subkey; the key itself is not in it. Operators only;
 * audited ("backup").
 */
enum err app_backup(struct app *app, const char *to, struct app_backup_info *info,
                    struct strbuf *why) WUR;

struct app_check_report {
    bool integrity_ok, chain_ok;
    int64_t records, bad_records, audit_rows, bad_audit_row;
    struct store_anchor anchor;
    int64_t warning_rows;   /* audit_chain_loss and readlog_dropped rows in the chain */
    struct strbuf warnings; /* one line each */
    struct strbuf problems; /* one line each; empty when clean */
};
/* Everything that can be checked: every page and index (integrity_check), every record read and
 * every personal field opened and every record against its rules, the whole audit chain, and the
 * chain against its anchor outside the file. Operators only. Release the strbufs. */
enum err app_check(struct app *app, struct app_check_report *out, struct strbuf *why) WUR;
enum err app_check_store(struct store *st, const struct config *cfg, struct app_check_report *out,
                         struct strbuf *why) WUR;
bool app_check_clean(const struct app_check_report *r);

/*
 * Restore the backup from into opt->db_path, which must not exist: decrypted beside it with the
 * key file (opt->key_path, $TRAPPE_KEY_FILE or DB.key), checked as app_check does and against
 * the chain's head the backup names, and only then renamed into place. Nothing is put in place
 * if anything fails (report->problems says what).
 */
enum err app_restore(const struct app_options *opt, const char *from, struct app_backup_info *info,
                     struct app_check_report *report, struct strbuf *why) WUR;

/* Remove from the key file the keys nothing in the database is sealed or chained with (a
 * rotation stopped short leaves one), never the current one; their ids into removed (room for
 * CRYPTO_MAX_KEYS), how many into *n. The caller holds the database alone (no server runs: its
 * read log may hold rows under an old key). Audited. */
enum err app_key_prune(struct app *app, int *removed, int *n, struct strbuf *why) WUR;
enum err app_key_rotate(struct app *app, int *new_id, struct strbuf *why) WUR;

/*
 * An access review for leaders (S-15): the refused accesses of the last 30 days by users of the
 * team leader's team (leadership: by anyone; by login only when given), and a random sample of ten
 * reads and writes by the user login (optional; a team leader only for their own team). Audited.
 */
struct review_row {
    int64_t id; /* audit row */
    const char *at, *who, *action, *record_type, *detail;
    int64_t record_id, child_id;
};

struct access_review {
    const char *user; /* the sampled user, or NULL */
    struct review_row *refused, *sample;
    size_t nrefused, nsample;
};
enum err app_access_review(struct app *app, const char *login, struct arena *a,
                           struct access_review *out, struct strbuf *why) WUR;

/* --- disposal (kassation) of closed cases past their retention (app/disposal.c, S-27) --- */

/* The children whose cases all closed before the retention (setting case_retention_years), with
 * no disposal open: their ids and last closing dates (no names). Operators, team leaders and
 * leadership; audited with the ids. */
typedef enum err (*app_candidate_fn)(void *ctx, int64_t child, const char *closed);
enum err app_disposal_candidates(struct app *app, app_candidate_fn fn, void *ctx, size_t *n,
                                 struct strbuf *why) WUR;
/* Every disposal, newest first (audited). */
enum err app_disposal_list(struct app *app, store_disposal_fn fn, void *ctx,
                           struct strbuf *why) WUR;
/*
 * Request the disposal of child (a logged-in team leader of its last case's team, or leadership):
 * the child must be a candidate; everything held about it is written to a new file (mode 0600) in
 * archive_dir and its BLAKE2b-256 kept with the request; audited (export, disposal_requested).
 * out gets the id, the archive's name stays in the database (see app_disposal_list).
 */
enum err app_disposal_request(struct app *app, int64_t child, const char *reason,
                              const char *archive_dir, struct disposal *out,
                              struct strbuf *why) WUR;
/*
 * Approve disposal id as a second person: the child must still be a candidate, its records and
 * the archive file in archive_dir must still hash to what was archived; then every record of the
 * child is removed with its earlier versions and the persons no other child is related to, and
 * the audit row "disposed" written, in one transaction. *rows gets how many rows went.
 */
enum err app_disposal_approve(struct app *app, int64_t id, const char *archive_dir, int64_t *rows,
                              struct strbuf *why) WUR;
/* Withdraw a requested disposal (the requester, or one who may decide); audited. */
enum err app_disposal_withdraw(struct app *app, int64_t id, struct strbuf *why) WUR;

/*
 * The pseudonymised extract for analysts (app/extract.c): every case record but persons,
 * relations and consents as JSON Lines into out, without ids, names, CPR numbers, free text or
 * references; the child as a stable keyed pseudonym, dates of birth as the year. Analysts and
 * operators only (a refusal is audited); audited with its size and its purpose before it is
 * handed out. A bulk export states its purpose (QUALITY S-31: 10 to 300 characters, ERR_INVALID
 * otherwise), and a user gets at most EXTRACTS_PER_HOUR an hour (ERR_RATE).
 */
#define EXTRACTS_PER_HOUR 6
enum err app_extract_pseudonymised(struct app *app, const char *purpose, struct strbuf *out,
                                   size_t *children, size_t *records, struct strbuf *why) WUR;

/* The database's schema version. */
int app_schema_version(const struct app *app);

/* True if r is an intervention whose catalogue entry is a placement. */
bool app_is_placement(const struct app *app, const struct record *r);

/* An account as a form offers it. */
struct account {
    const char *login, *name, *role, *team;
};

/* Whether field of d records what has happened (refused when after now, check_not_future). */
bool app_field_happened(const struct record_desc *d, const char *field);
/* Whether field of d names an account (a login). */
bool app_names_account(const struct record_desc *d, const char *field);
/* The enabled accounts that field of d may name, by login: case.caseworker who may hold cases,
 * consent.grantee partners and the task force, taskforce.owner the task force (ERR_INVALID for any
 * other field). For who may see children's pages. */
enum err app_accounts_for(struct app *app, const struct record_desc *d, const char *field,
                          struct arena *a, struct account **out, size_t *n, struct strbuf *why) WUR;

#endif
