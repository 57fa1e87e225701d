/*
 * store.h - the one interface to the database. Implemented on SQLite (store_sqlite.c); a
 * PostgreSQL implementation must pass the same contract tests (tests/unit/test_store.c).
 *
 * Only app/ calls this. One struct store is one connection: use it from one thread at a time.
 * Writes happen between store_begin() (BEGIN IMMEDIATE) and store_commit()/store_rollback().
 */
#ifndef TRAPPE_STORE_STORE_H
#define TRAPPE_STORE_STORE_H

#include "core/arena.h"
#include "core/strbuf.h"
#include "domain/record.h"

struct store;

enum store_open_flags {
    STORE_CREATE = 1 << 0, /* create the file if it does not exist */
    STORE_CHECK = 1 << 1,  /* check it first: quick_check and foreign_key_check */
};

/*
 * Open (or create) the database at path, check it if asked (STORE_CHECK: a full read of the file,
 * seconds on a national database, so at server start and init, not every CLI call), and apply
 * pending migrations in a transaction each. A damaged file is refused, never repaired; SQLite
 * refuses damaged pages it meets later on its own.
 * *out is owned; close with store_close. ERR_NOT_FOUND if it does not exist and STORE_CREATE was
 * not given; ERR_DB for a damaged or foreign file, with the reason in why.
 */
enum err store_open(const char *path, unsigned flags, struct store **out, struct strbuf *why) WUR;
/*
 * The same with the key ring (store_set_keys), checked against the check values the database
 * records (migration 0020) before migrations or anything else can write: a key file of another
 * database is refused (ERR_DB). Also: a zero-byte file is refused (ERR_DB), a file or directory
 * that cannot be written is ERR_READONLY, each with a message that says what to do.
 */
struct keyring;
enum err store_open_keyed(const char *path, unsigned flags, const struct keyring *ring,
                          struct store **out, struct strbuf *why) WUR;
void store_close(struct store *st);
/* The database file's path as opened. */
const char *store_path(const struct store *st);

/* A consistent copy of the whole database into a new file at path (SQLite's backup API: one
 * read snapshot; writers go on). */
enum err store_copy_to(struct store *st, const char *path, struct strbuf *why) WUR;
/* The read log's records as they are now, into to_db's read log (a backup copy's): the copy's
 * open puts those its chain lacks into it. No read log: nothing is copied. */
enum err store_readlog_copy(const struct store *st, const char *to_db, struct strbuf *why) WUR;
/* PRAGMA integrity_check (every page, every index) and foreign_key_check; what they find is
 * added to problems, one line each. */
enum err store_integrity(struct store *st, struct strbuf *problems, struct strbuf *why) WUR;

/* For /healthz: a read of the database (the chain's last row) and the free space on its disk in
 * MiB (-1 if unknown). The error names the fault (store_db_fail). */
enum err store_health(struct store *st, int64_t *free_mib, struct strbuf *why) WUR;

/* The schema version (PRAGMA user_version) and the newest version this build knows. */
int store_schema_version(struct store *st);
int store_schema_latest(void);

enum err store_begin(struct store *st, struct strbuf *why) WUR;      /* BEGIN IMMEDIATE */
enum err store_begin_read(struct store *st, struct strbuf *why) WUR; /* BEGIN (a snapshot) */
/* For a bulk load on this connection: a page cache of cache_mib MiB (the default is small, made
 * for many server connections). Durability is unchanged. */
enum err store_set_cache(struct store *st, int cache_mib, struct strbuf *why) WUR;
/*
 * A bulk load into an empty database (inside the caller's transaction): the secondary indexes of
 * the case and audit tables are dropped and store_bulk_end builds them again from their own
 * definitions, sorted once instead of maintained row by row. A rollback restores them. On a
 * database that has children already, both do nothing.
 */
enum err store_bulk_begin(struct store *st, struct strbuf *why) WUR;
enum err store_bulk_end(struct store *st, struct strbuf *why) WUR;
/*
 * The key figures' shares of the records a bulk load inserts, worked out away from the inserting
 * thread (the import's decoder): add every record the load inserts, in any order, then finish.
 * store_bulk_end_with then writes their totals instead of rebuilding them from the tables, if
 * the load went into an empty database (else it rebuilds as store_bulk_end does). Not thread
 * safe: one thread at a time.
 */
struct store_kpi_shares;
struct store_kpi_shares *store_kpi_shares_new(void);
void store_kpi_shares_add(struct store_kpi_shares *sh, const struct record *r);
void store_kpi_shares_finish(struct store_kpi_shares *sh);
void store_kpi_shares_free(struct store_kpi_shares *sh);
enum err store_bulk_end_with(struct store *st, const struct store_kpi_shares *sh,
                             struct strbuf *why) WUR;
enum err store_commit(struct store *st, struct strbuf *why) WUR;
void store_rollback(struct store *st);

/*
 * Insert r. If r->id is 0 a new id is assigned and written back; otherwise that id is used and
 * ERR_CONFLICT is returned if it is taken. r->version becomes 1.
 */
enum err store_record_insert(struct store *st, struct record *r, struct strbuf *why) WUR;

/* r's personal fields as stored (sealed for r's row) and its CPR lookup hash, made ahead of the
 * insert: an import seals on its decoding thread. Reads only the keys, so it may run on another
 * thread while st is in use; r->id must be set. Strings in arena a. */
struct store_sealed {
    int64_t id;
    const char *v[RECORD_MAX_FIELDS]; /* NULL where the field is not sealed */
    char lookup[65];                  /* "" without a CPR number */
};
enum err store_record_seal(const struct store *st, const struct record *r, struct arena *a,
                           struct store_sealed *out, struct strbuf *why) WUR;
/* store_record_insert of r with its fields as store_record_seal made them for r. */
enum err store_record_insert_sealed(struct store *st, struct record *r,
                                    const struct store_sealed *sealed, struct strbuf *why) WUR;

/* Read the record of type d with id; strings in arena a. ERR_NOT_FOUND if there is none. */
enum err store_record_get(struct store *st, const struct record_desc *d, int64_t id,
                          struct arena *a, struct record *out, struct strbuf *why) WUR;
/* The same without opening the personal (sealed) fields, which are left unset: for checking a
 * reference, which needs no personal data. */
enum err store_record_get_ref(struct store *st, const struct record_desc *d, int64_t id,
                              struct arena *a, struct record *out, struct strbuf *why) WUR;

/* Called for each record; a non-OK return stops the iteration and is passed on. */
typedef enum err (*store_record_fn)(void *ctx, const struct record *r);

/*
 * Each record of type d in id order; with parent > 0 only those whose F_PARENT field equals it.
 * Strings are in arena a, valid until the arena is reset; with a NULL, only while fn runs (what
 * goes through every record of a type keeps memory flat that way).
 */
enum err store_record_each(struct store *st, const struct record_desc *d, int64_t parent,
                           struct arena *a, store_record_fn fn, void *ctx, struct strbuf *why) WUR;

/* Each record of type d about child (its F_CHILD field), in id order. d must have one. */
enum err store_record_each_of_child(struct store *st, const struct record_desc *d, int64_t child,
                                    struct arena *a, store_record_fn fn, void *ctx,
                                    struct strbuf *why) WUR;

/* Which personal (sealed) fields a read opens: bit i of field[t] for field i of type t; and
 * which types store_child_all passes over unread (bit t of skip; never the child itself). */
struct store_open {
    uint32_t field[RT__COUNT];
    uint32_t skip;
};

_Static_assert(RT__COUNT <= 32, "store_open.skip holds one bit per record type");

_Static_assert(RECORD_MAX_FIELDS <= 32, "store_open holds one bit per field");

/*
 * Every child, one at a time in id order, with its records of the types whose bit (1 << type) is
 * in want, each type in id order: one pass over each table (the figures of a period). No personal
 * field is opened; one that has a value reads as record_unopened. The records live in arena a,
 * which is reset before each child; fn must not call store_each_child.
 */
struct child_records; /* domain/deadline.h */
typedef enum err (*store_children_fn)(void *ctx, const struct child_records *cr);
enum err store_each_child(struct store *st, uint32_t want, struct arena *a, store_children_fn fn,
                          void *ctx, struct strbuf *why) WUR;

/* The child and every record of each type that has an F_CHILD field about it, in one statement
 * and in no set order. ERR_NOT_FOUND without the child. With open, only the personal fields it
 * names are decrypted; each other one that has a value reads as record_unopened (NULL: open
 * all). Strings are in arena a; fn must not call store_child_all. */
enum err store_child_all(struct store *st, int64_t child, const struct store_open *open,
                         struct arena *a, store_record_fn fn, void *ctx, struct strbuf *why) WUR;

/* Called with each child id of a caseload query. */
typedef enum err (*store_id_fn)(void *ctx, int64_t id);

/*
 * The children with a case open on day (YYYY-MM-DD), of caseworker and/or team (NULL: any), in id
 * order.
 */
enum err store_caseload(struct store *st, const char *caseworker, const char *team, const char *day,
                        store_id_fn fn, void *ctx, struct strbuf *why) WUR;

/*
 * Replace the stored record r->id with r if its version is still expected_version; the version
 * goes up by one and the old row is kept in record_version (with replaced_at and actor).
 * ERR_CONFLICT if someone else changed it first; ERR_NOT_FOUND if it does not exist.
 */
enum err store_record_update(struct store *st, struct record *r, int64_t expected_version,
                             const char *old_json, const char *at, const char *actor,
                             struct strbuf *why) WUR;

struct audit_entry {
    const char *at;          /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
    const char *actor;       /* who */
    const char *action;      /* create, read, list, update, import, export, refused */
    const char *record_type; /* or NULL */
    int64_t record_id;       /* or 0 */
    int64_t child_id;        /* the data subject, or 0 */
    const char *detail;      /* ids, counts, criteria; never record text. Or NULL */
    const char *request_id;  /* or NULL */
};

/*
 * Append one audit row (inside the caller's transaction), chained: its hash is the keyed
 * BLAKE2b-256 of the previous row's hash and its own columns. Needs store_set_keys first.
 */
enum err store_audit_append(struct store *st, const struct audit_entry *e, struct strbuf *why) WUR;

/* Read every record of every type, opening every personal field, and hand each that opens to fn
 * (NULL: none; a non-OK return counts it as bad, fn says why in problems). A field that does not
 * open is added to problems (type, id, field; never a value), at most 50 lines. *records gets
 * how many were read, *bad how many failed. */
enum err store_check_records(struct store *st, store_record_fn fn, void *ctx, int64_t *records,
                             int64_t *bad, struct strbuf *problems, struct strbuf *why) WUR;
/* The chain's last row and its hash (or the last purge's anchor; 0 for an empty chain). */
enum err store_audit_head(struct store *st, int64_t *id, unsigned char *hash,
                          struct strbuf *why) WUR;

/*
 * The keys (borrowed; they must outlive the store). Rows written before the chain existed are
 * sealed into it now, in one transaction.
 */
struct keyring;
enum err store_set_keys(struct store *st, const struct keyring *ring, struct strbuf *why) WUR;

/* Check ring against the database's check values (reads only; ERR_DB on a mismatch): a key
 * file read again while the database is open (a rotation by another process). */
enum err store_keys_check(struct store *st, const struct keyring *ring, struct strbuf *why) WUR;
/* Record the check values of ring's keys the database has not recorded (a rotation's new key),
 * in the caller's transaction. */
enum err store_keys_record(struct store *st, const struct keyring *ring, struct strbuf *why) WUR;
/* Which keys of ring something in the database was sealed or chained with (used[i] for
 * ring->ids[i]). Reads every text column: an operator's command, not a page's. */
enum err store_keys_used(struct store *st, bool *used, const struct keyring *ring,
                         struct strbuf *why) WUR;
/* Forget the check values of keys ids (before they leave the key file), in the caller's
 * transaction. */
enum err store_keys_forget(struct store *st, const int *ids, int n, struct strbuf *why) WUR;

/*
 * The audit chain's anchor, outside the database (DB-anchor, 0600): the number and hash of the
 * last row a commit put into the chain, written after each such commit. A chain that ends
 * before its anchor lost rows it had (a damaged or lost -wal, an old copy put in place).
 */
enum anchor_state {
    ANCHOR_NONE,    /* no anchor file (a database copied here by hand, or never written to) */
    ANCHOR_OK,      /* the chain holds the anchored row, unchanged */
    ANCHOR_AHEAD,   /* the chain ends before the anchored row: rows were lost */
    ANCHOR_DIFFERS, /* the anchored row is there with another hash */
    ANCHOR_DAMAGED  /* the file is not an anchor */
};

struct store_anchor {
    enum anchor_state state;
    int64_t anchor_id; /* the anchored row */
    int64_t chain_id;  /* the last row in the chain */
};
enum err store_anchor_compare(struct store *st, struct store_anchor *out, struct strbuf *why) WUR;
enum err store_anchor_read(const struct store *st, int64_t *id, unsigned char *hash,
                           struct strbuf *why) WUR;
/* Anchor the chain where it ends now (after a loss is recorded, a restore). */
enum err store_anchor_reset(struct store *st, struct strbuf *why) WUR;
/* Hold database db alone among servers and operators' commands that must not run beside one
 * (DB-lock, flock, with the holder's pid): ERR_CONFLICT naming the holder if another holds it.
 * Released when *fd is closed or the process ends. */
enum err store_server_lock(const char *db, int *fd, struct strbuf *why) WUR;
/* The rows that record a loss (audit_chain_loss, readlog_dropped), one line each into lines
 * ("row N at T: action: detail"); *n how many. */
enum err store_audit_warnings(struct store *st, struct strbuf *lines, int64_t *n,
                              struct strbuf *why) WUR;
/* Remove the anchor of database path (a new database made where an old one was). */
void store_anchor_remove(const char *db);

/* Seal every personal field, kept version and CPR lookup again under the key ring's current key
 * (after a key was added: key rotation). Inside the caller's transaction. */
enum err store_reseal(struct store *st, struct strbuf *why) WUR;

/* Check the whole chain. *rows gets how many rows were checked; on a break, *bad_id the first
 * row that does not verify and why says how (ERR_INVALID). */
enum err store_audit_verify(struct store *st, int64_t *rows, int64_t *bad_id,
                            struct strbuf *why) WUR;

/* Remove the rows older than older_than (UTC), recording where the chain now starts, and log
 * the purge itself, in one transaction. *rows gets how many were removed. */
enum err store_audit_purge(struct store *st, const char *older_than, const char *at,
                           const char *actor, int64_t *rows, struct strbuf *why) WUR;

/* The audit rows about one child, oldest first (strings borrowed for the call). */
typedef enum err (*store_audit_fn)(void *ctx, const struct audit_entry *e, int64_t id);

/* For an access review (S-15): refused accesses since (UTC) by users of team (NULL: any user),
 * and by actor if not NULL, newest first, at most 100; and a random sample of n reads and writes
 * by actor since. */
enum err store_audit_refused(struct store *st, const char *team, const char *actor,
                             const char *since, store_audit_fn fn, void *ctx,
                             struct strbuf *why) WUR;
enum err store_audit_sample(struct store *st, const char *actor, const char *since, int n,
                            store_audit_fn fn, void *ctx, struct strbuf *why) WUR;
enum err store_audit_of_child(struct store *st, int64_t child, store_audit_fn fn, void *ctx,
                              struct strbuf *why) WUR;

/*
 * The read log (readlog.c; QUALITY.md P-4). A commit to the database empties every other
 * connection's page cache, so a read-audit commit every few page views made every reader read
 * its pages again. Under load the web server's committer makes read rows durable in a file
 * beside the database (DB-readlog: numbered records, each with a keyed BLAKE2b MAC) and puts
 * them into the audit chain many at once; the transaction that does records the number of the
 * last record it took (table audit_readlog), so each record goes into the chain exactly once,
 * also after a crash. One process holds the log at a time (an exclusive lock on the file).
 */
struct readlog;

/* Take the log for this process, putting whatever a previous process left in it into the chain
 * first (ERR_CONFLICT: another process holds it). */
enum err store_readlog_open(struct store *st, struct readlog **out, struct strbuf *why) WUR;
void store_readlog_close(struct readlog *l);
/* Append n rows and sync the file: when this returns OK they are durable. */
enum err store_readlog_append(struct readlog *l, const struct audit_entry *const *rows, size_t n,
                              struct strbuf *why) WUR;
/* Inside the caller's write transaction, after appending every logged row to the chain: mark all
 * of them as in it. After the commit, store_readlog_reset empties the file. */
enum err store_readlog_mark(struct readlog *l, struct strbuf *why) WUR;
void store_readlog_reset(struct readlog *l);
/* At open: put the rows of a log no process holds into the chain, in one transaction. A log
 * whose records do not verify (except a last record cut short by a crash) is ERR_DB. */
enum err store_readlog_recover(struct store *st, struct strbuf *why) WUR;

/* A local account (app_user). Strings in the caller's arena. */
struct user {
    int64_t id;
    const char *login;
    const char *display_name;
    const char *role; /* caseworker, team_leader, leadership, partner, taskforce, analyst, admin */
    const char *team; /* or NULL */
    const char *password_hash;
    const char *totp_secret;
    int64_t totp_last_step;
    bool disabled;
    bool demo;
};

/* Insert u (u->id set on return). ERR_CONFLICT if the login is taken. */
enum err store_user_insert(struct store *st, struct user *u, const char *created_at,
                           struct strbuf *why) WUR;
/* ERR_NOT_FOUND if there is no such user. By id, totp_secret is left NULL (never opened). */
enum err store_user_by_login(struct store *st, const char *login, struct arena *a, struct user *out,
                             struct strbuf *why) WUR;
/* The role of the account login into role; ERR_NOT_FOUND (why untouched) if there is none. */
enum err store_user_role(struct store *st, const char *login, char role[static 32],
                         struct strbuf *why) WUR;
enum err store_user_by_id(struct store *st, int64_t id, struct arena *a, struct user *out,
                          struct strbuf *why) WUR;
/* Each enabled account, by login: fn(ctx, u), u's strings in a (no secret, no password hash). */
enum err store_user_each(struct store *st, struct arena *a,
                         void (*fn)(void *ctx, const struct user *u), void *ctx,
                         struct strbuf *why) WUR;
enum err store_user_set_totp_step(struct store *st, int64_t id, int64_t step,
                                  struct strbuf *why) WUR;

/* Number of audit rows of actor whose detail starts with prefix, since (UTC time). */
enum err store_count_actor_rows(struct store *st, const char *actor, const char *prefix,
                                const char *since, int64_t *out, struct strbuf *why) WUR;

/* Disable or enable a login (ERR_NOT_FOUND if there is none). */
enum err store_user_set_disabled(struct store *st, const char *login, bool disabled,
                                 struct strbuf *why) WUR;
/* End every session of a login (NULL: of everyone); *n gets how many. */
enum err store_sessions_end(struct store *st, const char *login, int64_t *n,
                            struct strbuf *why) WUR;

/* Sessions, by the hash of their token. */
enum err store_session_insert(struct store *st, const unsigned char hash[32], int64_t user_id,
                              int64_t now, struct strbuf *why) WUR;
/* The session and its user, in one statement (one snapshot); the user as store_user_by_id gives
 * it (strings in arena a). ERR_NOT_FOUND if there is no such session. */
enum err store_session_get(struct store *st, const unsigned char hash[32], int64_t *created,
                           int64_t *last_seen, struct arena *a, struct user *u,
                           struct strbuf *why) WUR;
enum err store_session_touch(struct store *st, const unsigned char hash[32], int64_t now,
                             struct strbuf *why) WUR;
enum err store_session_delete(struct store *st, const unsigned char hash[32],
                              struct strbuf *why) WUR;

/*
 * How a user relates to a child on day: *assigned if the child has a case open that day with
 * caseworker = login, *in_team if one with team = team (team may be NULL).
 */
enum err store_child_relation(struct store *st, int64_t child, const char *login, const char *team,
                              const char *day, bool *assigned, bool *in_team, int *consent,
                              struct strbuf *why) WUR;
/* The children with a consent for login active on day, in id order (fn may use the store). */
enum err store_consented_children(struct store *st, const char *login, const char *day,
                                  store_id_fn fn, void *ctx, struct strbuf *why) WUR;

/* Key figures for one year, computed by the engine (placements are the interventions with a
 * consent value; "active on a day" means start <= day <= end, or no end). */
enum store_kpi {
    KPI_NOTIF_PER_CHILD,   /* notifications per notified child */
    KPI_ONE_NOTIF,         /* share of notified children with exactly one */
    KPI_NOTIFIER_SCHOOL,   /* share of notifications from schools */
    KPI_NOTIFIER_HEALTH,   /* ... the health sector */
    KPI_NOTIFIER_POLICE,   /* ... police or courts */
    KPI_PLACED_SHARE,      /* placed on 31 Dec among those aged 0-22 then */
    KPI_PLACED_COUNT,      /* children placed on 31 Dec */
    KPI_FOSTER_SHARE,      /* of placements on 31 Dec: steps 4-5 (network and foster families) */
    KPI_INSTITUTION_SHARE, /* ... step 6 */
    KPI_BOYS_PLACED,       /* boys among the placed on 31 Dec */
    KPI_NO_CONSENT,        /* placements started without consent, in every year up to it */
    KPI_EXIT_RATE,         /* placed on 1 Jan and not on 31 Dec */
    KPI_TYPE_CHANGE,       /* placed on 1 Jan and 31 Dec: share whose placement changed type */
    KPI_STOCK_PER_STARTS,  /* placed on 31 Dec / placements started in the year */
    KPI_EARLY_SHARE,       /* recipients of supportive measures: share without a decision */
    KPI_SUPPORT_SHARE,     /* aged 0-22 with a non-placement measure on 31 Dec */
    KPI_COST_RATIO,        /* yearly rate, children's homes / foster families */
    KPI_PREVENTIVE_SPEND,  /* spend on non-placement measures / all spend in the year */
    KPI__COUNT
};

/* The SQL of key figure k, with parameters ?1 year "YYYY", ?2 "YYYY-01-01", ?3 "YYYY-12-31",
 * ?4 the birth date of the oldest counted (22 years before ?2). */
const char *store_kpi_sql(enum store_kpi k);

/*
 * The key figure k for year (NaN-free: 0 when there is nothing to divide), read from the totals
 * per year that every write keeps current (store/kpi.h). fresh = true computes it instead with the
 * engine from store_kpi_sql(k): the definition the totals are tested against.
 */
enum err store_kpi(struct store *st, enum store_kpi k, int year, bool fresh, double *out,
                   struct strbuf *why) WUR;
/* Key figure k for year as kept, with the size of the sample it rests on (its denominator: the
 * children, notifications or placements counted; for a count, the count itself; 0 if none). */
enum err store_kpi_sample(struct store *st, enum store_kpi k, int year, double *value, double *base,
                          struct strbuf *why) WUR;

/* --- a web form's one-time token (store/once.c) --- */

/* What a token's first submit saved. */
struct store_once {
    bool other_actor; /* claimed by another account */
    char type[32];    /* the record type ("" if it saved nothing yet) */
    int64_t id, child;
};
/* Claim token for actor at now (inside the caller's write transaction): OK if it is new;
 * ERR_CONFLICT if it was claimed before, with *first what that submit saved. Tokens older than a
 * day are forgotten first. */
enum err store_once_claim(struct store *st, const char *token, const char *actor, int64_t now,
                          struct store_once *first, struct strbuf *why) WUR;
/* The records of type that actor saved through a form for child (0: any) at or after since,
 * newest first: up to max ids (a resubmitted copy of one of them is found by its content). */
size_t store_once_recent(struct store *st, const char *actor, const char *type, int64_t child,
                         int64_t since, int64_t *ids, size_t max, struct strbuf *why, enum err *rc);
/* Note what the claimed token's submit saved. */
enum err store_once_done(struct store *st, const char *token, const char *type, int64_t id,
                         int64_t child, struct strbuf *why) WUR;

/* Keep what was typed into a form when the session had ended: body (the form, URL-encoded) sealed
 * for user, with the page path to fill in again; replaces what that user had kept before. */
enum err store_form_keep(struct store *st, int64_t user, int64_t now, const char *path,
                         const char *body, struct strbuf *why) WUR;
/* What user kept at or after since: *path, and with body non-NULL the opened form in *body.
 * ERR_NOT_FOUND if nothing fresh is kept. With take, the row is deleted (also a stale one). */
enum err store_form_kept(struct store *st, int64_t user, int64_t since, bool take, struct arena *a,
                         const char **path, const char **body, struct strbuf *why) WUR;

/* --- the leaders' figures of a calendar year kept in parts (store/figcache.c) --- */

/* How many transactions have changed a record that the figures read: every record write bumps it
 * once per transaction (inside it), whatever path it came by. */
enum err store_figure_version(struct store *st, int64_t *version, struct strbuf *why) WUR;
/* Each year kept, with the version and configuration digest it was made at. */
typedef enum err (*store_figure_year_fn)(void *ctx, int year, int64_t version, const char *digest);
enum err store_figure_years(struct store *st, store_figure_year_fn fn, void *ctx,
                            struct strbuf *why) WUR;
/* Each part of year and family (key, opaque bytes valid while fn runs). */
typedef enum err (*store_figure_part_fn)(void *ctx, const char *key, const void *part, size_t len);
enum err store_figure_parts(struct store *st, int year, int family, store_figure_part_fn fn,
                            void *ctx, struct strbuf *why) WUR;
/* One part into out (found false: none). */
enum err store_figure_part_get(struct store *st, int year, int family, const char *key,
                               struct strbuf *out, bool *found, struct strbuf *why) WUR;
/* Write one part, or with part NULL remove it; inside the caller's write transaction. */
enum err store_figure_part_put(struct store *st, int year, int family, const char *key,
                               const void *part, size_t len, struct strbuf *why) WUR;
/* Forget year's parts and state; mark year as made at version under digest. */
enum err store_figure_year_clear(struct store *st, int year, struct strbuf *why) WUR;
enum err store_figure_year_set(struct store *st, int year, int64_t version, const char *digest,
                               struct strbuf *why) WUR;

/* --- the strategy's follow-up (store/strategy.c; domain/strategy.h) --- */

struct strategy_data;
struct strategy_objective;
struct strategy_action;
struct strategy_followup;

/* Every objective, action and follow-up, in id order (follow-ups by action, then period),
 * strings in arena a. */
enum err store_strategy_load(struct store *st, struct arena *a, struct strategy_data *out,
                             struct strbuf *why) WUR;
/* Insert o (o->id 0: a new id, set on return) or replace it if still at expected_version,
 * keeping old_json (the version replaced) in strategy_version; ERR_CONFLICT if it changed,
 * ERR_NOT_FOUND if there is none. Inside the caller's write transaction. */
enum err store_strategy_objective_put(struct store *st, struct strategy_objective *o,
                                      int64_t expected_version, const char *old_json,
                                      const char *at, const char *actor, struct strbuf *why) WUR;
enum err store_strategy_action_put(struct store *st, struct strategy_action *a,
                                   int64_t expected_version, const char *old_json, const char *at,
                                   const char *actor, struct strbuf *why) WUR;
/* Append a follow-up (f->id set on return). */
enum err store_strategy_followup_add(struct store *st, struct strategy_followup *f,
                                     struct strbuf *why) WUR;

/* The earlier versions kept of record id, oldest first: each as the JSON Lines object it was. */
typedef enum err (*store_version_fn)(void *ctx, int64_t version, const char *json,
                                     const char *replaced_at, const char *replaced_by);
enum err store_record_history(struct store *st, const struct record_desc *d, int64_t id,
                              store_version_fn fn, void *ctx, struct strbuf *why) WUR;

/* --- disposal (kassation, S-27): a closed case removed after its retention, by two people --- */

struct disposal {
    int64_t id, child_id, archive_records;
    const char *status;                 /* requested, approved, disposed, withdrawn */
    const char *reason;                 /* the legal basis */
    const char *closed;                 /* the last case's closing date when requested */
    const char *archive, *archive_hash; /* the archive file's name and BLAKE2b-256 (hex) */
    const char *requested_at, *requested_by;
    const char *decided_at, *decided_by; /* approved or withdrawn by, or NULL */
};
typedef enum err (*store_disposal_fn)(void *ctx, const struct disposal *d);

/*
 * The children whose every case is closed, the last before closed_before (YYYY-MM-DD), with no
 * open disposal other than except (child 0: all of them; else only that one), in id order with
 * the last closing date.
 */
typedef enum err (*store_closed_fn)(void *ctx, int64_t child, const char *closed);
enum err store_closed_children(struct store *st, const char *closed_before, int64_t child,
                               int64_t except, store_closed_fn fn, void *ctx,
                               struct strbuf *why) WUR;
/* Record a requested disposal (inside the caller's transaction); d->id is set. ERR_CONFLICT if
 * the child has an open one. */
enum err store_disposal_insert(struct store *st, struct disposal *d, struct strbuf *why) WUR;
/* One disposal (strings in a); ERR_NOT_FOUND if there is none. */
enum err store_disposal_get(struct store *st, int64_t id, struct arena *a, struct disposal *out,
                            struct strbuf *why) WUR;
/* Every disposal, newest first. */
enum err store_disposal_each(struct store *st, store_disposal_fn fn, void *ctx,
                             struct strbuf *why) WUR;
/* Move disposal id to status (approved or withdrawn: with at and by; disposed: keeps them);
 * the triggers refuse any other step. */
enum err store_disposal_set(struct store *st, int64_t id, const char *status, const char *at,
                            const char *by, struct strbuf *why) WUR;
/*
 * Remove every record about child, their earlier versions, and the persons no other child is
 * related to (inside the caller's transaction, after store_disposal_set(..., "approved", ...):
 * the triggers refuse it otherwise). *rows gets how many rows went.
 */
enum err store_child_erase(struct store *st, int64_t child, int64_t *rows, struct strbuf *why) WUR;

/* Number of audit rows (for tests and `trappe status`). */
enum err store_audit_count(struct store *st, int64_t *out, struct strbuf *why) WUR;

#endif
