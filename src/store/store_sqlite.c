/*
 * store_sqlite.c - the store on SQLite: WAL, synchronous=FULL, foreign keys, STRICT tables,
 * BEGIN IMMEDIATE writes with a busy timeout, prepared statements built once per connection.
 * Must not: build SQL from values (all SQL text is constant, built by the preprocessor from
 * records.def), run unprepared SQL (only migrate.c may), or repair a damaged database.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "core/crypto.h"
#include "core/log.h"
#include "core/str.h"
#include "domain/deadline.h"
#include "store/kpi.h"
#include "store/migrate.h"
#include "store/store.h"
#include "store/store_internal.h"

enum rec_stmt {
    RS_INSERT,
    RS_GET,
    RS_ALL,
    RS_CHILDREN,
    RS_UPDATE,
    RS_OF_CHILD,
    RS_NEXT_ID,
    RS_SET_LOOKUP,        /* child and person only */
    RS_ERASE_OF_CHILD,    /* not child, person */
    RS_ERASE_VERSIONS,    /* not child, person */
    RS_ERASE_ID,          /* child and person */
    RS_ERASE_VERSIONS_ID, /* child and person */
    RS_BY_CHILD,          /* not child, person: every row in child order (store_each_child) */
    RS_INSERT_LOOKUP,     /* child and person: RS_INSERT with the CPR lookup hash; made at use */
    RS__COUNT
};

#define SQL_COL(n, ...) ",\"" #n "\""
#define SQL_QM(n, ...)  ",?"
#define SQL_SET(n, ...) ",\"" #n "\"=?"
#define R_SQL(name, table, label, parent)                                                          \
    { "INSERT INTO " table                                                                         \
      "(id,version" FIELDS_##name(SQL_COL) ") VALUES(?,1" FIELDS_##name(SQL_QM) ")",               \
      "SELECT id,version" FIELDS_##name(SQL_COL) " FROM " table " WHERE id=?",                     \
      "SELECT id,version" FIELDS_##name(SQL_COL) " FROM " table " ORDER BY id",                    \
      "SELECT id,version" FIELDS_##name(SQL_COL) " FROM " table " WHERE \"" parent                 \
                                                 "\"=? ORDER BY id",                               \
      "UPDATE " table " SET version=version+1" FIELDS_##name(SQL_SET) " WHERE id=? AND version=?", \
      "SELECT id,version" FIELDS_##name(SQL_COL) " FROM " table " WHERE child_id=? ORDER BY id",   \
      "SELECT coalesce(max(id),0)+1 FROM " table,                                                  \
      "UPDATE " table " SET cpr_lookup=?1 WHERE id=?2",                                            \
      "DELETE FROM " table " WHERE child_id=?",                                                    \
      "DELETE FROM record_version WHERE record_type='" #name                                       \
      "' AND record_id IN (SELECT id FROM " table " WHERE child_id=?)",                            \
      "DELETE FROM " table " WHERE id=?",                                                          \
      "DELETE FROM record_version WHERE record_type='" #name "' AND record_id=?",                  \
      "SELECT id,version" FIELDS_##name(SQL_COL) " FROM " table " ORDER BY child_id,id" },

static const char *const record_sql[RT__COUNT][RS__COUNT] = { RECORD_TYPES(R_SQL) };

enum misc_stmt {
    MS_AUDIT_INSERT,
    MS_AUDIT_COUNT,
    MS_HISTORY_INSERT,
    MS_BEGIN,
    MS_BEGIN_READ,
    MS_COMMIT,
    MS_ROLLBACK,
    MS_CASELOAD,
    MS_USER_INSERT,
    MS_USER_BY_LOGIN,
    MS_USER_BY_ID,
    MS_USER_ALL,
    MS_USER_TOTP,
    MS_SESSION_INSERT,
    MS_SESSION_GET,
    MS_SESSION_TOUCH,
    MS_SESSION_DELETE,
    MS_RELATION,
    MS_ACTOR_ROWS,
    MS_USER_DISABLE,
    MS_SESSIONS_END,
    MS_KPI_SAVEPOINT,
    MS_KPI_ROLLBACK_TO,
    MS_KPI_RELEASE,
    MS_CONSENTED,
    MS_AUDIT_LAST,
    MS_PURGE_LAST,
    MS_READLOG_UPTO,
    MS_READLOG_SET,
    MS_USER_ROLE,
    MS__COUNT
};

/* An account's columns, in the order read_user reads them (the table as u). */
#define USER_COLS                                                                               \
    "u.id,u.login,u.display_name,u.role,u.team,u.password_hash,u.totp_secret,u.totp_last_step," \
    "u.disabled,u.demo"

static const char *const misc_sql[MS__COUNT] = {
    [MS_USER_ROLE] = "SELECT role FROM app_user WHERE login=?",
    [MS_AUDIT_LAST] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
    [MS_PURGE_LAST] = "SELECT upto, anchor FROM audit_purge ORDER BY id DESC LIMIT 1",
    [MS_READLOG_UPTO] = "SELECT upto FROM audit_readlog WHERE id=1",
    [MS_READLOG_SET] = "UPDATE audit_readlog SET upto=?1 WHERE id=1",
    [MS_KPI_SAVEPOINT] = "SAVEPOINT kpi_write",
    [MS_KPI_ROLLBACK_TO] = "ROLLBACK TO kpi_write",
    [MS_KPI_RELEASE] = "RELEASE kpi_write",
    [MS_AUDIT_INSERT] = "INSERT INTO audit(at,actor,action,record_type,record_id,child_id,detail,"
                        "request_id,id,key_id,hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
    [MS_AUDIT_COUNT] = "SELECT count(*) FROM audit",
    [MS_HISTORY_INSERT] = "INSERT INTO record_version(record_type,record_id,version,data,"
                          "replaced_at,replaced_by) VALUES(?,?,?,?,?,?)",
    [MS_BEGIN] = "BEGIN IMMEDIATE",
    [MS_BEGIN_READ] = "BEGIN",
    [MS_COMMIT] = "COMMIT",
    [MS_ROLLBACK] = "ROLLBACK",
    [MS_CASELOAD] = "SELECT DISTINCT child_id FROM child_case WHERE (?1 IS NULL OR caseworker=?1) "
                    "AND (?2 IS NULL OR team=?2) AND opened<=?3 AND (closed IS NULL OR closed>=?3) "
                    "ORDER BY child_id",
    [MS_USER_INSERT] = "INSERT INTO app_user(login,display_name,role,team,password_hash,"
                       "totp_secret,demo,created_at) VALUES(?,?,?,?,?,?,?,?)",
    [MS_USER_BY_LOGIN] = "SELECT " USER_COLS " FROM app_user u WHERE u.login=?",
    [MS_USER_BY_ID] = "SELECT " USER_COLS " FROM app_user u WHERE u.id=?",
    [MS_USER_ALL] = "SELECT " USER_COLS " FROM app_user u WHERE u.disabled=0 ORDER BY u.login",
    [MS_USER_TOTP] = "UPDATE app_user SET totp_last_step=?2 WHERE id=?1 AND totp_last_step<?2",
    [MS_SESSION_INSERT] = "INSERT INTO session(token_hash,user_id,created_at,last_seen) "
                          "VALUES(?,?,?,?)",
    [MS_SESSION_GET] = "SELECT " USER_COLS ",s.created_at,s.last_seen FROM session s JOIN "
                       "app_user u ON u.id=s.user_id WHERE s.token_hash=?",
    [MS_SESSION_TOUCH] = "UPDATE session SET last_seen=? WHERE token_hash=?",
    [MS_SESSION_DELETE] = "DELETE FROM session WHERE token_hash=?",
    [MS_ACTOR_ROWS] = "SELECT count(*) FROM audit WHERE actor=?1 AND at>=?3 AND "
                      "substr(detail,1,length(?2))=?2",
    [MS_USER_DISABLE] = "UPDATE app_user SET disabled=?2 WHERE login=?1",
    [MS_SESSIONS_END] = "DELETE FROM session WHERE ?1 IS NULL OR user_id=(SELECT id FROM app_user "
                        "WHERE login=?1)",
    [MS_RELATION] =
        "SELECT coalesce(max(caseworker=?2),0), coalesce(max(team=?3),0), (SELECT "
        "coalesce(max(CASE scope WHEN 'case_overview' THEN 2 WHEN 'shared_plan' THEN 1 END),0) "
        "FROM consent WHERE child_id=?1 AND grantee=?2 AND from_date<=?4 AND to_date>=?4 AND "
        "(withdrawn IS NULL OR withdrawn>?4)) FROM "
        "child_case WHERE child_id=?1 AND opened<=?4 AND (closed IS NULL OR closed>=?4)",
    [MS_CONSENTED] = "SELECT DISTINCT child_id FROM consent WHERE grantee=?1 AND from_date<=?2 "
                     "AND (withdrawn IS NULL OR withdrawn>?2) "
                     "AND to_date>=?2 ORDER BY child_id",
};

#define ACTIVE_ON(d) "start<=" d " AND (\"end\" IS NULL OR \"end\">=" d ")"
#define PLACED       "consent IS NOT NULL"
/* A placement that starts the day after the child's previous one ended "changed_type" continues
 * it (a change of placement type, CALIBRATION §6): not a new start. */
#define NEW_START(t)                                                                \
    "NOT EXISTS (SELECT 1 FROM intervention p WHERE p.child_id=" t ".child_id AND " \
    "p.end_reason='changed_type' AND +p.\"end\"=date(" t ".start,'-1 day'))"

/* A UTC timestamp within the year: a range on notification_received, not a scan. "T~" sorts
 * after every time of day. */
#define IN_YEAR(col) col ">=?2 AND " col "<?3||'T~'"

/* ?1 = 'YYYY', ?2 = 'YYYY-01-01', ?3 = 'YYYY-12-31', ?4 = first birth date aged <= 22 on ?3. */
static const char *const kpi_sql[KPI__COUNT] = {
    [KPI_NOTIF_PER_CHILD] = "SELECT coalesce(CAST(count(*) AS REAL)/nullif(count(DISTINCT "
                            "child_id),0),0) FROM notification WHERE " IN_YEAR("received_at"),
    [KPI_ONE_NOTIF] = "SELECT coalesce(avg(n=1),0) FROM (SELECT count(*) AS n FROM notification "
                      "WHERE " IN_YEAR("received_at") " GROUP BY child_id)",
    [KPI_NOTIFIER_SCHOOL] = "SELECT coalesce(avg(notifier_type='school'),0) FROM notification "
                            "WHERE " IN_YEAR("received_at"),
    [KPI_NOTIFIER_HEALTH] = "SELECT coalesce(avg(notifier_type='health'),0) FROM notification "
                            "WHERE " IN_YEAR("received_at"),
    [KPI_NOTIFIER_POLICE] = "SELECT coalesce(avg(notifier_type='police'),0) FROM notification "
                            "WHERE " IN_YEAR("received_at"),
    [KPI_PLACED_SHARE] = "SELECT coalesce(CAST((SELECT count(DISTINCT i.child_id) FROM "
                         "intervention i JOIN child c ON c.id=i.child_id WHERE i." PLACED
                         " AND i.start<=?3 AND (i.\"end\" IS NULL OR i.\"end\">=?3) AND "
                         "c.birth_date>=?4) AS REAL)/nullif((SELECT count(*) FROM child WHERE "
                         "birth_date>=?4 AND birth_date<=?3),0),0)",
    [KPI_PLACED_COUNT] =
        "SELECT count(DISTINCT child_id) FROM intervention WHERE " PLACED " AND " ACTIVE_ON("?3"),
    [KPI_FOSTER_SHARE] = "SELECT coalesce(avg(step IN (4,5)),0) FROM intervention WHERE " PLACED
                         " AND " ACTIVE_ON("?3"),
    [KPI_INSTITUTION_SHARE] =
        "SELECT coalesce(avg(step=6),0) FROM intervention WHERE " PLACED " AND " ACTIVE_ON("?3"),
    [KPI_BOYS_PLACED] = "SELECT coalesce(avg(sex='male'),0) FROM child WHERE id IN (SELECT "
                        "child_id FROM intervention WHERE " PLACED " AND " ACTIVE_ON("?3") ")",
    /* Over every year up to ?1: at municipal scale one year has too few starts to say much. */
    [KPI_NO_CONSENT] = "SELECT coalesce(avg(consent=0),0) FROM intervention i WHERE i." PLACED
                       " AND substr(i.start,1,4)<=?1 AND " NEW_START("i"),
    [KPI_EXIT_RATE] = "SELECT coalesce(avg(NOT EXISTS (SELECT 1 FROM intervention j WHERE "
                      "j.child_id=s.child_id AND j." PLACED " AND j.start<=?3 AND (j.\"end\" IS "
                      "NULL OR j.\"end\">=?3))),0) FROM (SELECT DISTINCT child_id FROM "
                      "intervention WHERE " PLACED " AND " ACTIVE_ON("?2") ") s",
    [KPI_TYPE_CHANGE] =
        "SELECT coalesce(avg(EXISTS (SELECT 1 FROM intervention p WHERE "
        "p.child_id=s.child_id AND p.end_reason='changed_type' AND p.\"end\">=?2 "
        "AND p.\"end\"<?3)),0) FROM (SELECT child_id FROM intervention WHERE " PLACED
        " AND " ACTIVE_ON("?2") " INTERSECT SELECT child_id FROM intervention "
                                "WHERE " PLACED " AND " ACTIVE_ON("?3") ") s",
    [KPI_STOCK_PER_STARTS] =
        "SELECT coalesce(CAST((SELECT count(DISTINCT child_id) FROM "
        "intervention WHERE " PLACED
        " AND " ACTIVE_ON("?3") ") AS REAL)/"
                                "nullif((SELECT count(*) FROM intervention i WHERE i." PLACED
                                " AND substr(i.start,1,4)=?1 AND " NEW_START("i") "),0),0)",
    [KPI_EARLY_SHARE] = "SELECT coalesce(CAST(count(DISTINCT CASE WHEN decision_id IS NULL THEN "
                        "child_id END) AS REAL)/nullif(count(DISTINCT child_id),0),0) FROM "
                        "intervention WHERE consent IS NULL AND step<>1 AND start<=?3 AND "
                        "(\"end\" IS NULL OR \"end\">=?2)",
    [KPI_SUPPORT_SHARE] = "SELECT coalesce(CAST((SELECT count(DISTINCT i.child_id) FROM "
                          "intervention i JOIN child c ON c.id=i.child_id WHERE i.consent IS "
                          "NULL AND i.step<>1 AND i.start<=?3 AND (i.\"end\" IS NULL OR "
                          "i.\"end\">=?3) AND "
                          "c.birth_date>=?4) AS REAL)/nullif((SELECT count(*) FROM child WHERE "
                          "birth_date>=?4 AND birth_date<=?3),0),0)",
    /* Children's homes (institutions, opholdssteder) against foster families, by the codes of
     * config/catalogue.jsonl. */
    [KPI_COST_RATIO] = "SELECT coalesce(avg(CASE WHEN catalogue_code IN ('anb-boerne-ungehjem',"
                       "'anb-delvis-lukket','anb-sikret') THEN rate_dkk END)/nullif(avg(CASE WHEN "
                       "catalogue_code IN ('anb-almen-pleje','anb-forstaerket-pleje',"
                       "'anb-specialiseret-pleje') THEN rate_dkk END),0),0) FROM intervention "
                       "WHERE " PLACED " AND rate_unit='year' AND " ACTIVE_ON("?3"),
    [KPI_PREVENTIVE_SPEND] = "SELECT coalesce(sum(CASE WHEN consent IS NULL THEN cost END)/"
                             "nullif(sum(cost),0),0) FROM (SELECT consent, rate_dkk*(julianday("
                             "min(coalesce(\"end\",?3),?3))-julianday(max(start,?2))+1)/365.0 "
                             "AS cost FROM intervention WHERE rate_unit='year' AND start<=?3 AND "
                             "(\"end\" IS NULL OR \"end\">=?2))",
};

struct store {
    const struct keyring *ring; /* borrowed: the audit chain's keys */
    char **bulk_sql;            /* CREATE INDEX statements to run at store_bulk_end */
    size_t nbulk;
    sqlite3 *db;
    char *path;
    sqlite3_stmt *rec[RT__COUNT][RS__COUNT];
    bool rec_busy[RT__COUNT][RS__COUNT]; /* a cached statement each() is stepping through */
    sqlite3_stmt *misc[MS__COUNT];
    sqlite3_stmt *of_child_all; /* store_child_all's statement, built at first use */
    bool of_child_all_busy;     /* being stepped: its callback must not call it again */

    /* The end of the audit chain as this connection's last append left it, kept for the next
     * append in the same write transaction if nothing else has changed a row since. */
    struct {
        bool known, has_prev;
        uint64_t txn;         /* st->txn when it was kept */
        sqlite3_int64 change; /* sqlite3_total_changes64 then */
        int64_t id;
        unsigned char hash[CRYPTO_HASH_BYTES];
    } tail;

    uint64_t txn;  /* counts BEGINs, COMMITs and ROLLBACKs */
    int anchor_fd; /* DB-anchor, opened at the first commit that extends the chain (-1: not yet) */

    struct kpi *kpi;     /* the key figures' running totals (kpi.h) */
    bool kpi_deferred;   /* a bulk load: rebuilt at store_bulk_end instead of kept per write */
    uint64_t figure_txn; /* st->txn when figure_state.version was last bumped, + 1 (0: never) */
};

#define BUSY_TIMEOUT_MS 5000

enum err
store_db_fail(sqlite3 *db, struct strbuf *why, const char *what)
{
    int code = sqlite3_extended_errcode(db);
    int sys = sqlite3_system_errno(db);
    int prim = code & 0xff;
    if (prim == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT) {
        LOG(LOG_ERROR, "database: %s: the disk is full (%s, %s)", what, sqlite3_errstr(code),
            strerror(sys ? sys : ENOSPC));
        return why_set(why, ERR_FULL,
                       "database: %s: the disk is full; nothing was written: free space on the "
                       "database's disk and try again",
                       what);
    }
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED) {
        LOG(LOG_ERROR, "database: %s: locked by another connection for more than %d s (%s)", what,
            BUSY_TIMEOUT_MS / 1000, sqlite3_errstr(code));
        return why_set(why, ERR_BUSY,
                       "database: %s: locked by another process for more than %d s (a long "
                       "import or backup?); nothing was written: try again when it has finished",
                       what, BUSY_TIMEOUT_MS / 1000);
    }
    if (prim == SQLITE_READONLY || sys == EROFS || sys == EACCES || sys == EPERM) {
        LOG(LOG_ERROR, "database: %s: read-only (%s, %s)", what, sqlite3_errstr(code),
            sys ? strerror(sys) : "-");
        return why_set(why, ERR_READONLY,
                       "database: %s: the database file, its -wal or -shm file, or its directory "
                       "cannot be written (%s); nothing was written: give the service's user "
                       "write access to them",
                       what, sys ? strerror(sys) : "read-only");
    }
    if (prim == SQLITE_IOERR || prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB ||
        prim == SQLITE_CANTOPEN || prim == SQLITE_NOMEM)
        LOG(LOG_ERROR, "database: %s: %s (%s)", what, sqlite3_errstr(code),
            sys ? strerror(sys) : "-");
    return why_set(why, ERR_DB, "database: %s: %s", what, sqlite3_errmsg(db));
}

static enum err
db_err(struct store *st, struct strbuf *why, const char *what)
{
    return store_db_fail(st->db, why, what);
}

static enum err keys_match(struct store *st, const struct keyring *ring, struct strbuf *why);
static void anchor_write(struct store *st, int64_t id, const unsigned char *hash, bool force);

/* The prepared statement (created on first use, kept for the connection's life). */
static enum err
prep(struct store *st, sqlite3_stmt **slot, const char *sql, struct strbuf *why)
{
    if (*slot) {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
        return OK;
    }
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK)
        return db_err(st, why, "prepare");
    return OK;
}

static enum err
misc(struct store *st, enum misc_stmt m, sqlite3_stmt **out, struct strbuf *why)
{
    enum err rc = prep(st, &st->misc[m], misc_sql[m], why);
    *out = st->misc[m];
    return rc;
}

/* Run a constant statement that returns no rows we need. */
static enum err
run_simple(struct store *st, enum misc_stmt m, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, m, &s, why);
    if (rc)
        return rc;
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        return db_err(st, why, misc_sql[m]);
    return OK;
}

/* A one-off constant statement (PRAGMAs at open); the first column of the first row into out. */
static enum err
pragma(struct store *st, const char *sql, char *out, size_t outsz, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, sql);
    int r = sqlite3_step(s);
    if (out) {
        out[0] = '\0';
        if (r == SQLITE_ROW && sqlite3_column_text(s, 0)) {
            const char *t = (const char *)sqlite3_column_text(s, 0);
            size_t n = strlen(t);
            if (n >= outsz)
                n = outsz - 1;
            memcpy(out, t, n);
            out[n] = '\0';
        }
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_err(st, why, sql);
    sqlite3_finalize(s);
    return rc;
}

static enum err
integrity_gate(struct store *st, struct strbuf *why)
{
    char res[512];
    enum err rc = pragma(st, "PRAGMA quick_check", res, sizeof(res), why);
    if (rc || strcmp(res, "ok") != 0) {
        return why_set(why, ERR_DB,
                       "database '%s' is damaged or not a trappe database (quick_check: %s); it "
                       "was not changed: restore it from a backup",
                       st->path, rc ? sqlite3_errmsg(st->db) : res);
    }
    rc = pragma(st, "PRAGMA foreign_key_check", res, sizeof(res), why);
    if (rc || res[0])
        return why_set(why, ERR_DB,
                       "database '%s' has broken references (foreign_key_check: table %s); it was "
                       "not changed: restore it from a backup",
                       st->path, rc ? "?" : res);
    return OK;
}

/* Before SQLite's first use (later calls are refused and change nothing):
 * - no memory statistics: they take one process-wide mutex on every allocation of every
 *   connection, and nothing here reads them;
 * - each connection takes its page-cache lines from one block of 400 (the default is 20): a
 *   read after another connection's commit empties the cache and reads its pages again, and
 *   from the block that costs no malloc and free per page. */
static void
configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 400);
}

/* What can be said of the file before SQLite opens it (and might create or change it): missing,
 * empty (a zero-byte file would become an empty database), not writable, or in a directory
 * where the -wal and -shm files cannot be made. */
static enum err
file_gate(const char *path, unsigned flags, struct strbuf *why)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT && (flags & STORE_CREATE))
            return OK;
        if (errno == ENOENT)
            return why_set(why, ERR_NOT_FOUND,
                           "database '%s' does not exist; create it with 'trappe init', or "
                           "restore a backup with 'trappe restore'",
                           path);
        return why_set(why, errno == EACCES ? ERR_READONLY : ERR_IO, "database '%s': %s", path,
                       strerror(errno));
    }
    if (!S_ISREG(sb.st_mode))
        return why_set(why, ERR_DB, "database '%s' is not a regular file", path);
    if (sb.st_size == 0)
        return why_set(why, ERR_DB,
                       "database '%s' is an empty file (0 bytes), not a trappe database; it was "
                       "not changed: restore the database with 'trappe restore', or remove the "
                       "file and run 'trappe init' for a new one",
                       path);
    if (access(path, R_OK | W_OK) != 0)
        return why_set(why, ERR_READONLY,
                       "database '%s' cannot be written (%s): give the service's user read and "
                       "write access to it (mode 0600)",
                       path, strerror(errno));
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    const char *d = slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".";
    enum err rc = OK;
    if (access(d, W_OK | X_OK) != 0)
        rc = why_set(why, ERR_READONLY,
                     "the directory '%s' of database '%s' cannot be written (%s): SQLite keeps "
                     "its -wal and -shm files beside the database; give the service's user write "
                     "access to the directory",
                     d, path, strerror(errno));
    free(dir);
    return rc;
}

enum err
store_open(const char *path, unsigned flags, struct store **out, struct strbuf *why)
{
    return store_open_keyed(path, flags, NULL, out, why);
}

enum err
store_open_keyed(const char *path, unsigned flags, const struct keyring *ring, struct store **out,
                 struct strbuf *why)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    struct store *st;
    enum err rc;
    char mode[32];

    pthread_once(&once, configure_sqlite);
    *out = NULL;
    rc = file_gate(path, flags, why);
    if (rc)
        return rc;
    if (access(path, F_OK) != 0)
        store_anchor_remove(path); /* a new database where an old one was */

    st = xcalloc(1, sizeof(*st));
    st->path = xstrdup(path);
    st->anchor_fd = -1;
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                 ((flags & STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
        rc = st->db ? store_db_fail(st->db, why, "open")
                    : why_set(why, ERR_INTERNAL, "cannot open database '%s': out of memory", path);
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);

    /* Check before anything can write to the file. */
    rc = (flags & STORE_CHECK) ? integrity_gate(st, why) : OK;
    if (rc)
        goto fail;
    rc = pragma(st, "PRAGMA journal_mode=WAL", mode, sizeof(mode), why);
    if (!rc && strcmp(mode, "wal") != 0)
        rc = why_set(why, ERR_DB, "database '%s': cannot switch to WAL mode", path);
    if (!rc)
        rc = pragma(st, "PRAGMA synchronous=FULL", NULL, 0, why);
    /* A key file made for another database is refused before anything is written with it. */
    if (!rc && ring)
        rc = keys_match(st, ring, why);
    if (!rc)
        rc = pragma(st, "PRAGMA foreign_keys=ON", NULL, 0, why);
    /* Deleted and overwritten content is zeroed, not left in free pages (S-24). */
    if (!rc)
        rc = pragma(st, "PRAGMA secure_delete=ON", NULL, 0, why);
    if (!rc)
        rc = store_migrate(st->db, path, why);
    if (!rc) {
        st->kpi = kpi_new(st->db);
        rc = kpi_ensure(st->kpi, why);
    }
    if (!rc && ring)
        rc = store_set_keys(st, ring, why);
    if (rc)
        goto fail;
    *out = st;
    return OK;
fail:
    store_close(st);
    return rc;
}

void
store_close(struct store *st)
{
    if (!st)
        return;
    for (int t = 0; t < RT__COUNT; t++)
        for (int k = 0; k < RS__COUNT; k++)
            sqlite3_finalize(st->rec[t][k]);
    for (size_t i = 0; i < st->nbulk; i++)
        free(st->bulk_sql[i]);
    free(st->bulk_sql);
    for (int m = 0; m < MS__COUNT; m++)
        sqlite3_finalize(st->misc[m]);
    sqlite3_finalize(st->of_child_all);
    kpi_free(st->kpi);
    sqlite3_close(st->db);
    if (st->anchor_fd >= 0)
        close(st->anchor_fd);
    free(st->path);
    free(st);
}

enum err
store_copy_to(struct store *st, const char *path, struct strbuf *why)
{
    sqlite3 *to = NULL;
    enum err rc = OK;
    if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = to ? store_db_fail(to, why, "backup copy")
                : why_set(why, ERR_INTERNAL, "backup copy: out of memory");
        sqlite3_close(to);
        return rc;
    }
    /* One step for every page: one read snapshot of the whole database, while writers go on
     * (WAL); a step at a time would start again at every write. */
    sqlite3_backup *b = sqlite3_backup_init(to, "main", st->db, "main");
    if (!b) {
        rc = store_db_fail(to, why, "backup copy");
    } else {
        int r;
        while ((r = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || r == SQLITE_LOCKED)
            sqlite3_sleep(50);
        if (r != SQLITE_DONE)
            rc = why_set(why, (r & 0xff) == SQLITE_FULL ? ERR_FULL : ERR_DB, "backup copy: %s",
                         sqlite3_errstr(r));
        if (sqlite3_backup_finish(b) != SQLITE_OK && !rc)
            rc = store_db_fail(to, why, "backup copy");
    }
    if (sqlite3_close(to) != SQLITE_OK && !rc)
        rc = why_set(why, ERR_DB, "backup copy: cannot close");
    return rc;
}

enum err
store_integrity(struct store *st, struct strbuf *problems, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check(20)", -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "integrity_check");
    int code;
    while ((code = sqlite3_step(s)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        if (t && strcmp(t, "ok") != 0)
            strbuf_addf(problems, "integrity_check: %s\n", t);
    }
    if (code != SQLITE_DONE)
        rc = db_err(st, why, "integrity_check");
    sqlite3_finalize(s);
    if (!rc && sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK) {
        while (sqlite3_step(s) == SQLITE_ROW)
            strbuf_addf(problems, "foreign_key_check: table %s row %lld refers to a missing %s\n",
                        (const char *)sqlite3_column_text(s, 0),
                        (long long)sqlite3_column_int64(s, 1),
                        (const char *)sqlite3_column_text(s, 2));
        sqlite3_finalize(s);
    }
    return rc;
}

enum err
store_health(struct store *st, int64_t *free_mib, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_AUDIT_LAST, &s, why);
    if (rc)
        return rc;
    int code = sqlite3_step(s);
    sqlite3_reset(s);
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        return db_err(st, why, "health");
    if (sqlite3_db_readonly(st->db, "main") == 1)
        return why_set(why, ERR_READONLY, "database: opened read-only");
    struct statvfs vf;
    *free_mib = -1;
    if (statvfs(st->path, &vf) == 0)
        *free_mib = (int64_t)((uint64_t)vf.f_bavail * vf.f_frsize >> 20);
    return OK;
}

int
store_schema_version(struct store *st)
{
    return store_user_version(st->db);
}

int
store_schema_latest(void)
{
    return store_migrations_latest();
}

enum err
store_begin(struct store *st, struct strbuf *why)
{
    st->txn++;
    return run_simple(st, MS_BEGIN, why);
}

enum err
store_begin_read(struct store *st, struct strbuf *why)
{
    return run_simple(st, MS_BEGIN_READ, why);
}

enum err
store_set_cache(struct store *st, int cache_mib, struct strbuf *why)
{
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", cache_mib * 1024);
    return pragma(st, sql, NULL, 0, why);
}

/* Run one statement whose text comes from the schema itself (never from input). */
static enum err
run_schema_sql(struct store *st, const char *sql, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "bulk");
    int r = sqlite3_step(s);
    sqlite3_finalize(s);
    return r == SQLITE_DONE || r == SQLITE_ROW ? OK : db_err(st, why, "bulk");
}

enum err
store_bulk_begin(struct store *st, struct strbuf *why)
{
    char any[8];
    sqlite3_stmt *s = NULL;
    enum err rc = pragma(st, "SELECT EXISTS (SELECT 1 FROM child)", any, sizeof(any), why);
    if (rc)
        return rc;
    st->kpi_deferred = true;
    if (strcmp(any, "0") != 0 || st->nbulk)
        return OK;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT "
                           "NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name NOT IN "
                           "('app_user','session','schema_migrations')",
                           -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "bulk");
    struct strbuf drops = STRBUF_INIT;
    while (sqlite3_step(s) == SQLITE_ROW) {
        st->bulk_sql = xrealloc(st->bulk_sql, (st->nbulk + 1) * sizeof(*st->bulk_sql));
        st->bulk_sql[st->nbulk++] = xstrdup((const char *)sqlite3_column_text(s, 1));
        strbuf_addf(&drops, "%s\n", (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    char *p = drops.buf;
    for (size_t i = 0; !rc && i < st->nbulk; i++) {
        char *nl = strchr(p, '\n'), sql[160];
        *nl = '\0';
        snprintf(sql, sizeof(sql), "DROP INDEX \"%s\"", p);
        rc = run_schema_sql(st, sql, why);
        p = nl + 1;
    }
    strbuf_release(&drops);
    return rc;
}

enum err
store_bulk_end(struct store *st, struct strbuf *why)
{
    return store_bulk_end_with(st, NULL, why);
}

enum err
store_bulk_end_with(struct store *st, const struct store_kpi_shares *sh, struct strbuf *why)
{
    enum err rc = OK;
    bool empty = st->nbulk > 0; /* the indexes were dropped: the file had no children */
    for (size_t i = 0; i < st->nbulk; i++) {
        if (!rc)
            rc = run_schema_sql(st, st->bulk_sql[i], why);
        free(st->bulk_sql[i]);
    }
    free(st->bulk_sql);
    st->bulk_sql = NULL;
    st->nbulk = 0;
    if (!rc && st->kpi_deferred)
        rc = sh && empty ? kpi_write_shares(st->kpi, sh, why) : kpi_rebuild(st->kpi, why);
    st->kpi_deferred = false;
    return rc;
}

enum err
store_commit(struct store *st, struct strbuf *why)
{
    bool extended = st->tail.known && st->tail.txn == st->txn;
    st->txn++;
    enum err rc = run_simple(st, MS_COMMIT, why);
    if (!rc && extended)
        anchor_write(st, st->tail.id, st->tail.hash, false);
    return rc;
}

void
store_rollback(struct store *st)
{
    /* A bulk load's dropped indexes come back with the rollback. */
    for (size_t i = 0; i < st->nbulk; i++)
        free(st->bulk_sql[i]);
    free(st->bulk_sql);
    st->bulk_sql = NULL;
    st->nbulk = 0;
    st->kpi_deferred = false;
    st->txn++;
    if (!sqlite3_get_autocommit(st->db))
        (void)run_simple(st, MS_ROLLBACK, NULL);
}

static void
bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
    if (t)
        sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void
bind_id_or_null(sqlite3_stmt *s, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static bool
kind_is_int(enum field_kind k)
{
    return k == FK_INT || k == FK_BOOL || k == FK_REF || k == FK_STEP;
}

static bool
field_sealed(const struct field_desc *f)
{
    return (f->flags & F_PERSONAL) && !kind_is_int(f->kind);
}

/* Where a sealed value belongs ("child.name.17"): it opens nowhere else. Written without printf:
 * it is made for every personal field stored or opened. */
static void
field_ad(const struct record_desc *d, int i, int64_t id, char *out, size_t size)
{
    size_t lt = strlen(d->table), lf = strlen(d->fields[i].name);
    char digits[24];
    int nd = 0;
    uint64_t u = id < 0 ? 0 - (uint64_t)id : (uint64_t)id;
    do
        digits[nd++] = (char)('0' + u % 10);
    while (u /= 10);
    if (lt + lf + (size_t)nd + 4 > size) {
        snprintf(out, size, "%s.%s.%lld", d->table, d->fields[i].name, (long long)id);
        return;
    }
    char *o = out;
    memcpy(o, d->table, lt);
    o += lt;
    *o++ = '.';
    memcpy(o, d->fields[i].name, lf);
    o += lf;
    *o++ = '.';
    if (id < 0)
        *o++ = '-';
    while (nd)
        *o++ = digits[--nd];
    *o = '\0';
}

/* Field i of type d with value plain, sealed for row id (malloc'd). */
static char *
seal_field(const struct store *st, const struct record_desc *d, int i, int64_t id,
           const char *plain)
{
    char ad[160];
    field_ad(d, i, id, ad, sizeof(ad));
    return crypto_field_seal(st->ring, ad, plain);
}

/* Bind r's fields from parameter first on; personal ones sealed for row id (or as sealed in pre,
 * when given). */
static void
bind_fields(struct store *st, sqlite3_stmt *s, const struct record *r, int64_t id, int first,
            const struct store_sealed *pre)
{
    const struct record_desc *d = r->desc;
    for (int i = 0; i < d->nfields; i++) {
        const struct value *v = &r->v[i];
        if (!v->set) {
            sqlite3_bind_null(s, first + i);
        } else if (kind_is_int(d->fields[i].kind)) {
            sqlite3_bind_int64(s, first + i, v->i);
        } else if (field_sealed(&d->fields[i]) && pre && pre->v[i]) {
            sqlite3_bind_text(s, first + i, pre->v[i], -1, SQLITE_STATIC);
        } else if (field_sealed(&d->fields[i])) {
            char *sealed = seal_field(st, d, i, id, v->s);
            sqlite3_bind_text(s, first + i, sealed, -1, SQLITE_TRANSIENT);
            free(sealed);
        } else {
            sqlite3_bind_text(s, first + i, v->s, -1, SQLITE_STATIC);
        }
    }
}

/* How read_cols treats personal fields: bit i of open opens field i; one left sealed is absent
 * (a reference check needs no personal data) or, with present, record_unopened. */
struct read_sealed {
    uint32_t open;
    bool present;
};

#define READ_OPEN_ALL  ((struct read_sealed){ UINT32_MAX, true })
#define READ_OPEN_NONE ((struct read_sealed){ 0, false })

/* The record of type d in the columns of s from base on: id, version, then d's fields. What
 * would not fit the arena's cap is ERR_TOO_LARGE (the caller's operation holds too much), not an
 * abort: a field's text is never longer than its column (sealed: its plain text is shorter). */
static enum err
read_cols(struct store *st, sqlite3_stmt *s, int base, const struct record_desc *d, struct arena *a,
          struct record *r, struct read_sealed sealed, struct strbuf *why)
{
    record_init(r, d);
    r->id = sqlite3_column_int64(s, base);
    r->version = sqlite3_column_int64(s, base + 1);
    for (int i = 0; i < d->nfields; i++) {
        int col = base + 2 + i;
        if (sqlite3_column_type(s, col) == SQLITE_NULL)
            continue;
        r->v[i].set = true;
        if (kind_is_int(d->fields[i].kind)) {
            r->v[i].i = sqlite3_column_int64(s, col);
            continue;
        }
        if (!arena_fits(a, (size_t)sqlite3_column_bytes(s, col) + 1, 1))
            return why_set(why, ERR_TOO_LARGE, "%s %lld: more data than one operation may hold",
                           d->name, (long long)r->id);
        if (field_sealed(&d->fields[i]) && !(sealed.open & (UINT32_C(1) << i))) {
            r->v[i].set = sealed.present;
            r->v[i].s = sealed.present ? record_unopened : NULL;
        } else if (field_sealed(&d->fields[i])) {
            char ad[160], *plain = NULL;
            field_ad(d, i, r->id, ad, sizeof(ad));
            if (crypto_field_open(st->ring, ad, (const char *)sqlite3_column_text(s, col),
                                  &plain) != OK)
                return why_set(why, ERR_DB,
                               "%s %lld: field %s does not open: the key file is not this "
                               "database's, or the value was changed",
                               d->name, (long long)r->id, d->fields[i].name);
            r->v[i].s = arena_strdup(a, plain);
            crypto_wipe(plain, strlen(plain));
            free(plain);
        } else {
            r->v[i].s = arena_strndup(a, (const char *)sqlite3_column_text(s, col),
                                      (size_t)sqlite3_column_bytes(s, col));
        }
    }
    return OK;
}

static enum err
read_row_as(struct store *st, sqlite3_stmt *s, const struct record_desc *d, struct arena *a,
            struct record *r, bool open_sealed, struct strbuf *why)
{
    return read_cols(st, s, 0, d, a, r, open_sealed ? READ_OPEN_ALL : READ_OPEN_NONE, why);
}

static enum err
read_row(struct store *st, sqlite3_stmt *s, const struct record_desc *d, struct arena *a,
         struct record *r, struct strbuf *why)
{
    return read_row_as(st, s, d, a, r, true, why);
}

/* The field of r's type that holds a CPR number (child, person), or -1. */
static int
cpr_field(const struct record_desc *d)
{
    int f = record_field_index(d, "cpr");
    return f >= 0 && d->fields[f].kind == FK_CPR ? f : -1;
}

/* Bind parameter n of s to the keyed lookup hash of r's CPR number (field f), or NULL without
 * one; as made ahead in pre, when given. */
static void
bind_lookup(struct store *st, sqlite3_stmt *s, int n, const struct record *r, int f,
            const struct store_sealed *pre)
{
    char h[65];
    if (!r->v[f].set) {
        sqlite3_bind_null(s, n);
        return;
    }
    if (pre)
        memcpy(h, pre->lookup, sizeof(h));
    else
        crypto_lookup_hash(st->ring, r->v[f].s, h);
    sqlite3_bind_text(s, n, h, -1, SQLITE_TRANSIENT);
}

/* Set the lookup hash of r's CPR number (child, person) after a change to it. */
static enum err
set_lookup(struct store *st, const struct record *r, struct strbuf *why)
{
    int f = cpr_field(r->desc);
    if (f < 0)
        return OK;
    sqlite3_stmt **slot = &st->rec[r->desc->type][RS_SET_LOOKUP];
    enum err rc = prep(st, slot, record_sql[r->desc->type][RS_SET_LOOKUP], why);
    if (rc)
        return rc;
    bind_lookup(st, *slot, 1, r, f, NULL);
    sqlite3_bind_int64(*slot, 2, r->id);
    int code = sqlite3_step(*slot);
    sqlite3_reset(*slot);
    return code == SQLITE_DONE ? OK : db_err(st, why, "lookup");
}

static enum err
constraint_err(struct store *st, const struct record *r, int code, struct strbuf *why)
{
    if (code == SQLITE_CONSTRAINT_PRIMARYKEY)
        return why_set(why, ERR_CONFLICT, "%s.id: %lld already exists", r->desc->name,
                       (long long)r->id);
    if ((code & 0xff) == SQLITE_CONSTRAINT)
        return why_set(why, ERR_INVALID, "%s: refused by the database: %s", r->desc->name,
                       sqlite3_errmsg(st->db));
    return db_err(st, why, "write");
}

enum err
store_record_seal(const struct store *st, const struct record *r, struct arena *a,
                  struct store_sealed *out, struct strbuf *why)
{
    const struct record_desc *d = r->desc;
    if (!r->id)
        return why_set(why, ERR_INTERNAL, "%s: sealed ahead without an id", d->name);
    if (!st->ring)
        return why_set(why, ERR_INTERNAL, "%s: no key to seal with", d->name);
    out->id = r->id;
    out->lookup[0] = '\0';
    for (int i = 0; i < d->nfields; i++) {
        out->v[i] = NULL;
        if (!r->v[i].set || !field_sealed(&d->fields[i]))
            continue;
        char *sealed = seal_field(st, d, i, r->id, r->v[i].s);
        out->v[i] = arena_strdup(a, sealed);
        free(sealed);
    }
    int f = cpr_field(d);
    if (f >= 0 && r->v[f].set)
        crypto_lookup_hash(st->ring, r->v[f].s, out->lookup);
    return OK;
}

static enum err insert_as(struct store *st, struct record *r, const struct store_sealed *pre,
                          struct strbuf *why);

/* A record write: the figures kept per year (figcache.c) are behind unless the caller keeps them.
 * Outside the savepoint of the write, so that a write undone still counts (the harmless side). */
static enum err
figure_touch(struct store *st, struct strbuf *why)
{
    if (st->figure_txn == st->txn + 1)
        return OK;
    enum err rc = store_figure_bump(st, why);
    if (!rc)
        st->figure_txn = st->txn + 1;
    return rc;
}

/* --- the key figures' totals kept in step with every write that changes them (kpi.h) --- */

static bool
kpi_tracked(const struct store *st, enum record_type t)
{
    return !st->kpi_deferred && (t == RT_child || t == RT_notification || t == RT_intervention);
}

/* After the write (rc its result): add what it changed to the totals, or undo it all. */
static enum err
kpi_write_end(struct store *st, enum err rc, struct strbuf *why)
{
    if (!rc)
        rc = kpi_settle(st->kpi, why);
    if (rc) {
        kpi_drop(st->kpi);
        (void)run_simple(st, MS_KPI_ROLLBACK_TO, NULL);
    }
    enum err released = run_simple(st, MS_KPI_RELEASE, rc ? NULL : why);
    return rc ? rc : released;
}

/* Before it: a savepoint, so the write and its totals land together, and the children it changes
 * (0 = none) held. */
static enum err
kpi_write_begin(struct store *st, int64_t a, int64_t b, struct strbuf *why)
{
    enum err rc = run_simple(st, MS_KPI_SAVEPOINT, why);
    if (rc)
        return rc;
    rc = kpi_hold(st->kpi, a, false, why);
    if (!rc)
        rc = kpi_hold(st->kpi, b, false, why);
    return rc ? kpi_write_end(st, rc, NULL) : OK;
}

enum err
store_record_insert(struct store *st, struct record *r, struct strbuf *why)
{
    return insert_as(st, r, NULL, why);
}

enum err
store_record_insert_sealed(struct store *st, struct record *r, const struct store_sealed *sealed,
                           struct strbuf *why)
{
    if (sealed->id != r->id)
        return why_set(why, ERR_INTERNAL, "%s: sealed for another row", r->desc->name);
    return insert_as(st, r, sealed, why);
}

/* The insert of a type with a CPR number: its lookup hash goes in with the row (a parameter after
 * the fields) instead of in an update after it. */
static enum err
prep_insert_lookup(struct store *st, enum record_type t, struct strbuf *why)
{
    sqlite3_stmt **slot = &st->rec[t][RS_INSERT_LOOKUP];
    if (*slot)
        return prep(st, slot, NULL, why);
    const char *sql = record_sql[t][RS_INSERT], *values = strstr(sql, ") VALUES(");
    struct strbuf b = STRBUF_INIT;
    strbuf_add(&b, sql, (size_t)(values - sql));
    strbuf_addstr(&b, ",cpr_lookup");
    strbuf_add(&b, values, strlen(values) - 1);
    strbuf_addstr(&b, ",?)");
    enum err rc = strbuf_error(&b);
    if (!rc)
        rc = prep(st, slot, strbuf_str(&b), why);
    strbuf_release(&b);
    return rc;
}

static enum err
insert_row(struct store *st, struct record *r, const struct store_sealed *pre, struct strbuf *why)
{
    int cf = cpr_field(r->desc);
    sqlite3_stmt **slot = &st->rec[r->desc->type][cf < 0 ? RS_INSERT : RS_INSERT_LOOKUP];
    enum err rc = cf < 0 ? prep(st, slot, record_sql[r->desc->type][RS_INSERT], why)
                         : prep_insert_lookup(st, r->desc->type, why);
    if (rc)
        return rc;
    sqlite3_stmt *s = *slot;
    int64_t id = r->id;
    if (!id) {
        /* The id is needed before the insert: sealed fields are bound to their row. The caller's
         * write transaction keeps it ours. */
        sqlite3_stmt **ns = &st->rec[r->desc->type][RS_NEXT_ID];
        rc = prep(st, ns, record_sql[r->desc->type][RS_NEXT_ID], why);
        if (rc)
            return rc;
        if (sqlite3_step(*ns) == SQLITE_ROW)
            id = sqlite3_column_int64(*ns, 0);
        sqlite3_reset(*ns);
        if (!id)
            return db_err(st, why, "next id");
    }
    sqlite3_bind_int64(s, 1, id);
    bind_fields(st, s, r, id, 2, pre);
    if (cf >= 0)
        bind_lookup(st, s, 2 + r->desc->nfields, r, cf, pre);
    int code = sqlite3_step(s);
    sqlite3_reset(s);
    if (code != SQLITE_DONE)
        return constraint_err(st, r, sqlite3_extended_errcode(st->db), why);
    r->id = id;
    r->version = 1;
    return OK;
}

static enum err
insert_as(struct store *st, struct record *r, const struct store_sealed *pre, struct strbuf *why)
{
    enum record_type t = r->desc->type;
    enum err rc = figure_touch(st, why);
    if (rc)
        return rc;
    if (!kpi_tracked(st, t))
        return insert_row(st, r, pre, why);
    rc = kpi_write_begin(st, t == RT_child ? 0 : record_get_i(r, "child_id", 0), 0, why);
    if (rc)
        return rc;
    rc = insert_row(st, r, pre, why);
    if (!rc && t == RT_child)
        rc = kpi_hold(st->kpi, r->id, true, why);
    return kpi_write_end(st, rc, why);
}

static enum err
record_get(struct store *st, const struct record_desc *d, int64_t id, struct arena *a,
           struct record *out, bool open_sealed, struct strbuf *why)
{
    sqlite3_stmt **slot = &st->rec[d->type][RS_GET];
    enum err rc = prep(st, slot, record_sql[d->type][RS_GET], why);
    if (rc)
        return rc;
    sqlite3_bind_int64(*slot, 1, id);
    int code = sqlite3_step(*slot);
    if (code == SQLITE_ROW) {
        rc = read_row_as(st, *slot, d, a, out, open_sealed, why);
    } else if (code == SQLITE_DONE) {
        rc = why_set(why, ERR_NOT_FOUND, "%s %lld: not found", d->name, (long long)id);
    } else {
        rc = db_err(st, why, "read");
    }
    sqlite3_reset(*slot);
    return rc;
}

enum err
store_record_get(struct store *st, const struct record_desc *d, int64_t id, struct arena *a,
                 struct record *out, struct strbuf *why)
{
    return record_get(st, d, id, a, out, true, why);
}

enum err
store_record_get_ref(struct store *st, const struct record_desc *d, int64_t id, struct arena *a,
                     struct record *out, struct strbuf *why)
{
    return record_get(st, d, id, a, out, false, why);
}

static enum err
each(struct store *st, const struct record_desc *d, enum rec_stmt k, int64_t parent,
     struct arena *a, store_record_fn fn, void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc;
    /* The cached statement, unless fn has called back into the store for the same type and kind
     * while it is being stepped: then a statement of its own. */
    bool *busy = &st->rec_busy[d->type][k];
    bool own = *busy;

    if (own) {
        if (sqlite3_prepare_v3(st->db, record_sql[d->type][k], -1, 0, &s, NULL) != SQLITE_OK)
            return db_err(st, why, "prepare");
    } else {
        rc = prep(st, &st->rec[d->type][k], record_sql[d->type][k], why);
        if (rc)
            return rc;
        s = st->rec[d->type][k];
        *busy = true;
    }
    if (k != RS_ALL)
        sqlite3_bind_int64(s, 1, parent);
    struct arena *row = a ? a : arena_new(0); /* NULL: each row's strings live during fn only */
    for (;;) {
        int code = sqlite3_step(s);
        if (code == SQLITE_DONE) {
            rc = OK;
            break;
        }
        if (code != SQLITE_ROW) {
            rc = db_err(st, why, "read");
            break;
        }
        struct record r;
        rc = read_row(st, s, d, row, &r, why);
        if (!rc)
            rc = fn(ctx, &r);
        if (!a)
            arena_reset(row);
        if (rc)
            break;
    }
    if (!a)
        arena_free(row);
    if (own) {
        sqlite3_finalize(s);
    } else {
        sqlite3_reset(s);
        *busy = false;
    }
    return rc;
}

enum err
store_record_each(struct store *st, const struct record_desc *d, int64_t parent, struct arena *a,
                  store_record_fn fn, void *ctx, struct strbuf *why)
{
    return each(st, d, parent > 0 ? RS_CHILDREN : RS_ALL, parent, a, fn, ctx, why);
}

enum err
store_record_each_of_child(struct store *st, const struct record_desc *d, int64_t child,
                           struct arena *a, store_record_fn fn, void *ctx, struct strbuf *why)
{
    if (d->child_field < 0)
        BUG("store_record_each_of_child: the record type has no child");
    return each(st, d, RS_OF_CHILD, child, a, fn, ctx, why);
}

enum err
store_each_child(struct store *st, uint32_t want, struct arena *a, store_children_fn fn, void *ctx,
                 struct strbuf *why)
{
    struct cursor {
        sqlite3_stmt *s;
        bool row;
        int64_t child;
    } cur[RT__COUNT];

    struct {
        struct record *items;
        size_t n, cap;
    } got[RT__COUNT];
    enum err rc = OK;
    memset(cur, 0, sizeof(cur));
    memset(got, 0, sizeof(got));
    const struct record_desc *cd = record_desc_get(RT_child);
    const char *child_sql = record_sql[RT_child][RS_ALL];
    if (sqlite3_prepare_v3(st->db, child_sql, -1, 0, &cur[RT_child].s, NULL) != SQLITE_OK)
        return db_err(st, why, "prepare");
    for (int t = 0; !rc && t < RT__COUNT; t++) {
        const struct record_desc *d = record_desc_get((enum record_type)t);
        if (t == RT_child || d->child_field < 0 || !(want & (UINT32_C(1) << t)))
            continue;
        if (sqlite3_prepare_v3(st->db, record_sql[t][RS_BY_CHILD], -1, 0, &cur[t].s, NULL) !=
            SQLITE_OK)
            rc = db_err(st, why, "prepare");
    }
    /* Each type's rows come in child order: step them alongside the children. */
    for (int t = 0; !rc && t < RT__COUNT; t++) {
        if (t == RT_child || !cur[t].s)
            continue;
        int code = sqlite3_step(cur[t].s);
        cur[t].row = code == SQLITE_ROW;
        if (cur[t].row)
            cur[t].child = sqlite3_column_int64(cur[t].s, 2 + record_desc_get(t)->child_field);
        else if (code != SQLITE_DONE)
            rc = db_err(st, why, "read");
    }
    while (!rc) {
        int code = sqlite3_step(cur[RT_child].s);
        if (code == SQLITE_DONE)
            break;
        if (code != SQLITE_ROW) {
            rc = db_err(st, why, "read");
            break;
        }
        struct record child;
        struct child_records cr;
        arena_reset(a);
        memset(&cr, 0, sizeof(cr));
        rc = read_cols(st, cur[RT_child].s, 0, cd, a, &child, READ_OPEN_NONE, why);
        for (int t = 0; !rc && t < RT__COUNT; t++) {
            const struct record_desc *d = record_desc_get((enum record_type)t);
            got[t].n = 0;
            while (!rc && cur[t].s && cur[t].row && cur[t].child == child.id) {
                if (got[t].n == got[t].cap) {
                    got[t].cap = got[t].cap ? got[t].cap * 2 : 16;
                    got[t].items = xrealloc(got[t].items, got[t].cap * sizeof(struct record));
                }
                rc = read_cols(st, cur[t].s, 0, d, a, &got[t].items[got[t].n], READ_OPEN_NONE, why);
                got[t].n++;
                code = sqlite3_step(cur[t].s);
                cur[t].row = code == SQLITE_ROW;
                if (cur[t].row)
                    cur[t].child = sqlite3_column_int64(cur[t].s, 2 + d->child_field);
                else if (code != SQLITE_DONE)
                    rc = db_err(st, why, "read");
            }
            cr.recs[t] = got[t].items;
            cr.n[t] = got[t].n;
        }
        cr.child = &child;
        if (!rc)
            rc = fn(ctx, &cr);
    }
    for (int t = 0; t < RT__COUNT; t++) {
        sqlite3_finalize(cur[t].s);
        free(got[t].items);
    }
    return rc;
}

/* One arm of store_child_all's statement: the type's tag, id, version, its columns, and NULLs up
 * to the widest type's. */
static void
child_all_arm(struct strbuf *sql, const struct record_desc *d, int width, const char *key)
{
    strbuf_addf(sql, "%sSELECT %d,id,version", sql->len ? " UNION ALL " : "", (int)d->type);
    for (int i = 0; i < width; i++) {
        if (i < d->nfields)
            strbuf_addf(sql, ",\"%s\"", d->fields[i].name);
        else
            strbuf_addstr(sql, ",NULL");
    }
    strbuf_addf(sql, " FROM %s WHERE %s=?1", d->table, key);
}

enum err
store_child_all(struct store *st, int64_t child, const struct store_open *open, struct arena *a,
                store_record_fn fn, void *ctx, struct strbuf *why)
{
    enum err rc = OK;
    if (st->of_child_all_busy)
        BUG("store_child_all: called again from its own callback");
    if (!st->of_child_all) {
        struct strbuf sql = STRBUF_INIT;
        int width = 0;
        for (int t = 0; t < RT__COUNT; t++) {
            const struct record_desc *d = record_desc_get((enum record_type)t);
            if ((t == RT_child || d->child_field >= 0) && d->nfields > width)
                width = d->nfields;
        }
        child_all_arm(&sql, record_desc_get(RT_child), width, "id");
        for (int t = 0; t < RT__COUNT; t++) {
            const struct record_desc *d = record_desc_get((enum record_type)t);
            if (d->child_field >= 0)
                child_all_arm(&sql, d, width, "child_id");
        }
        if (strbuf_error(&sql) ||
            sqlite3_prepare_v3(st->db, strbuf_str(&sql), -1, SQLITE_PREPARE_PERSISTENT,
                               &st->of_child_all, NULL) != SQLITE_OK)
            rc = db_err(st, why, "prepare");
        strbuf_release(&sql);
        if (rc)
            return rc;
    }
    sqlite3_stmt *s = st->of_child_all;
    st->of_child_all_busy = true;
    sqlite3_bind_int64(s, 1, child);
    bool found = false;
    for (;;) {
        int code = sqlite3_step(s);
        if (code == SQLITE_DONE)
            break;
        if (code != SQLITE_ROW) {
            rc = db_err(st, why, "read");
            break;
        }
        int t = sqlite3_column_int(s, 0);
        if (t < 0 || t >= RT__COUNT) {
            rc = why_set(why, ERR_INTERNAL, "child %lld: a row of unknown type %d",
                         (long long)child, t);
            break;
        }
        found = found || t == RT_child;
        if (open && t != RT_child && (open->skip >> t & 1u))
            continue;
        struct record r;
        struct read_sealed sealed = { open ? open->field[t] : UINT32_MAX, true };
        rc = read_cols(st, s, 1, record_desc_get((enum record_type)t), a, &r, sealed, why);
        if (!rc)
            rc = fn(ctx, &r);
        if (rc)
            break;
    }
    if (!rc && !found)
        rc = why_set(why, ERR_NOT_FOUND, "child %lld: not found", (long long)child);
    sqlite3_reset(s);
    st->of_child_all_busy = false;
    return rc;
}

enum err
store_consented_children(struct store *st, const char *login, const char *day, store_id_fn fn,
                         void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_CONSENTED, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, day, -1, SQLITE_STATIC);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int code;
    while ((code = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            ids = xrealloc(ids, cap * sizeof(*ids));
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (code != SQLITE_DONE)
        rc = db_err(st, why, "consented");
    for (size_t i = 0; !rc && i < n; i++)
        rc = fn(ctx, ids[i]);
    free(ids);
    return rc;
}

enum err
store_caseload(struct store *st, const char *caseworker, const char *team, const char *day,
               store_id_fn fn, void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_CASELOAD, &s, why);
    if (rc)
        return rc;
    bind_text_or_null(s, 1, caseworker);
    bind_text_or_null(s, 2, team);
    sqlite3_bind_text(s, 3, day, -1, SQLITE_STATIC);
    /* Collect first: fn may use the store. */
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int code;
    while ((code = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            ids = xrealloc(ids, cap * sizeof(*ids));
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (code != SQLITE_DONE)
        rc = db_err(st, why, "caseload");
    for (size_t i = 0; !rc && i < n; i++)
        rc = fn(ctx, ids[i]);
    free(ids);
    return rc;
}

static enum err
update_row(struct store *st, struct record *r, int64_t expected_version, const char *old_json,
           const char *at, const char *actor, struct strbuf *why)
{
    sqlite3_stmt *h;
    enum err rc = misc(st, MS_HISTORY_INSERT, &h, why);
    if (rc)
        return rc;
    sqlite3_bind_text(h, 1, r->desc->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(h, 2, r->id);
    sqlite3_bind_int64(h, 3, expected_version);
    /* The old version holds personal data too: sealed whole, bound to its place. */
    char ad[160];
    snprintf(ad, sizeof(ad), "record_version.%s.%lld.%lld", r->desc->name, (long long)r->id,
             (long long)expected_version);
    char *sealed = crypto_field_seal(st->ring, ad, old_json);
    sqlite3_bind_text(h, 4, sealed, -1, SQLITE_TRANSIENT);
    free(sealed);
    sqlite3_bind_text(h, 5, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(h, 6, actor, -1, SQLITE_STATIC);
    int code = sqlite3_step(h);
    sqlite3_reset(h);
    if (code != SQLITE_DONE) {
        if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE)
            return why_set(why, ERR_CONFLICT, "%s %lld: changed by someone else since version %lld",
                           r->desc->name, (long long)r->id, (long long)expected_version);
        return db_err(st, why, "history");
    }

    sqlite3_stmt **slot = &st->rec[r->desc->type][RS_UPDATE];
    rc = prep(st, slot, record_sql[r->desc->type][RS_UPDATE], why);
    if (rc)
        return rc;
    bind_fields(st, *slot, r, r->id, 1, NULL);
    sqlite3_bind_int64(*slot, r->desc->nfields + 1, r->id);
    sqlite3_bind_int64(*slot, r->desc->nfields + 2, expected_version);
    code = sqlite3_step(*slot);
    sqlite3_reset(*slot);
    if (code != SQLITE_DONE)
        return constraint_err(st, r, sqlite3_extended_errcode(st->db), why);
    if (sqlite3_changes(st->db) != 1)
        return why_set(why, ERR_CONFLICT, "%s %lld: changed by someone else since version %lld",
                       r->desc->name, (long long)r->id, (long long)expected_version);
    r->version = expected_version + 1;
    return set_lookup(st, r, why);
}

enum err
store_record_update(struct store *st, struct record *r, int64_t expected_version,
                    const char *old_json, const char *at, const char *actor, struct strbuf *why)
{
    enum record_type t = r->desc->type;
    enum err rc = figure_touch(st, why);
    if (rc)
        return rc;
    if (!kpi_tracked(st, t))
        return update_row(st, r, expected_version, old_json, at, actor, why);
    /* A correction may move the row to another child: both children's figures change. */
    int64_t was = r->id, now = was;
    if (t != RT_child) {
        now = record_get_i(r, "child_id", 0);
        rc = kpi_child_of(st->kpi, t, r->id, &was, why);
    }
    if (!rc)
        rc = kpi_write_begin(st, was, now, why);
    if (rc)
        return rc;
    rc = update_row(st, r, expected_version, old_json, at, actor, why);
    return kpi_write_end(st, rc, why);
}

/* The hash of an audit row: its columns as text, chained to prev (NULL for the very first); also
 * the read log's MAC of a record (readlog.c), its number in place of the row's id. */
bool
store_audit_mac(const struct keyring *ring, int key_id, const unsigned char *prev, int64_t id,
                const struct audit_entry *e, unsigned char out[static CRYPTO_HASH_BYTES])
{
    char sid[FMT_I64_BUF], rid[FMT_I64_BUF], cid[FMT_I64_BUF], kid[FMT_I64_BUF];
    fmt_i64(sid, id);
    fmt_i64(rid, e->record_id);
    fmt_i64(cid, e->child_id);
    fmt_i64(kid, key_id);
    const char *f[] = { sid,
                        e->at,
                        e->actor,
                        e->action,
                        e->record_type,
                        e->record_id ? rid : NULL,
                        e->child_id ? cid : NULL,
                        e->detail,
                        e->request_id,
                        kid };
    const unsigned char *key = keyring_subkey(ring, key_id, KEY_AUDIT);
    if (!key)
        return false;
    crypto_mac_fields(key, prev, f, ARRAY_SIZE(f), out);
    return true;
}

static void
audit_mac(const struct keyring *ring, int key_id, const unsigned char *prev, int64_t id,
          const struct audit_entry *e, unsigned char out[static CRYPTO_HASH_BYTES])
{
    if (!store_audit_mac(ring, key_id, prev, id, e, out))
        BUG("audit_mac: the row's key is not in the key ring");
}

/* Where the chain ends now: the last row's id and hash, or the last purge's anchor. */
static enum err
audit_tail(struct store *st, int64_t *id, unsigned char prev[static CRYPTO_HASH_BYTES],
           bool *has_prev, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_AUDIT_LAST, &s, why);
    if (rc)
        return rc;
    *id = 0;
    *has_prev = false;
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        if (sqlite3_column_bytes(s, 1) == CRYPTO_HASH_BYTES) {
            memcpy(prev, sqlite3_column_blob(s, 1), CRYPTO_HASH_BYTES);
            *has_prev = true;
        } else {
            rc = why_set(why, ERR_DB, "audit: row %lld is not sealed into the chain",
                         (long long)*id);
        }
    }
    sqlite3_reset(s);
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        return db_err(st, why, "audit");
    if (rc || code == SQLITE_ROW)
        return rc;
    rc = misc(st, MS_PURGE_LAST, &s, why);
    if (rc)
        return rc;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == CRYPTO_HASH_BYTES) {
        *id = sqlite3_column_int64(s, 0);
        memcpy(prev, sqlite3_column_blob(s, 1), CRYPTO_HASH_BYTES);
        *has_prev = true;
    }
    sqlite3_reset(s);
    return OK;
}

enum err
store_audit_append(struct store *st, const struct audit_entry *e, struct strbuf *why)
{
    sqlite3_stmt *s;
    unsigned char prev[CRYPTO_HASH_BYTES], hash[CRYPTO_HASH_BYTES];
    int64_t last;
    bool has_prev;
    int key_id;
    if (!st->ring || !keyring_current(st->ring, &key_id))
        return why_set(why, ERR_INTERNAL, "audit: no key to chain the row with");
    enum err rc = OK;
    if (st->tail.known && st->tail.txn == st->txn && !sqlite3_get_autocommit(st->db) &&
        st->tail.change == sqlite3_total_changes64(st->db)) {
        last = st->tail.id;
        has_prev = st->tail.has_prev;
        memcpy(prev, st->tail.hash, CRYPTO_HASH_BYTES);
    } else {
        rc = audit_tail(st, &last, prev, &has_prev, why);
    }
    st->tail.known = false;
    if (rc)
        return rc;
    audit_mac(st->ring, key_id, has_prev ? prev : NULL, last + 1, e, hash);
    rc = misc(st, MS_AUDIT_INSERT, &s, why);
    if (rc)
        return rc;
    bind_text_or_null(s, 1, e->at);
    bind_text_or_null(s, 2, e->actor);
    bind_text_or_null(s, 3, e->action);
    bind_text_or_null(s, 4, e->record_type);
    bind_id_or_null(s, 5, e->record_id);
    bind_id_or_null(s, 6, e->child_id);
    bind_text_or_null(s, 7, e->detail);
    bind_text_or_null(s, 8, e->request_id);
    sqlite3_bind_int64(s, 9, last + 1);
    sqlite3_bind_int(s, 10, key_id);
    sqlite3_bind_blob(s, 11, hash, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
    int code = sqlite3_step(s);
    sqlite3_reset(s);
    if (code != SQLITE_DONE)
        return db_err(st, why, "audit");
    st->tail.known = true;
    st->tail.has_prev = true;
    st->tail.txn = st->txn;
    st->tail.change = sqlite3_total_changes64(st->db);
    st->tail.id = last + 1;
    memcpy(st->tail.hash, hash, CRYPTO_HASH_BYTES);
    return OK;
}

/* Read audit row columns 0-10 (id .. hash) of s into e; strings borrowed from s. */
static int64_t
audit_row(sqlite3_stmt *s, struct audit_entry *e, int *key_id, const void **hash, int *hash_len)
{
    e->at = (const char *)sqlite3_column_text(s, 1);
    e->actor = (const char *)sqlite3_column_text(s, 2);
    e->action = (const char *)sqlite3_column_text(s, 3);
    e->record_type = (const char *)sqlite3_column_text(s, 4);
    e->record_id = sqlite3_column_int64(s, 5);
    e->child_id = sqlite3_column_int64(s, 6);
    e->detail = (const char *)sqlite3_column_text(s, 7);
    e->request_id = (const char *)sqlite3_column_text(s, 8);
    *key_id = sqlite3_column_int(s, 9);
    *hash = sqlite3_column_blob(s, 10);
    *hash_len = sqlite3_column_bytes(s, 10);
    return sqlite3_column_int64(s, 0);
}

#define AUDIT_COLS                                                                                 \
    "SELECT id, at, actor, action, record_type, record_id, child_id, detail, request_id, key_id, " \
    "hash FROM audit "

/*
 * Seal the personal fields of a database from before encryption at rest, and the old versions
 * kept of edited records, in one transaction; then compute the CPR lookup hashes. Values are
 * rewritten in place with secure_delete on, so the plain text does not stay in free pages.
 */
/* The value to store for plain or sealed text v at place ad, sealed with the current key. */
static char *
reseal(struct store *st, const char *ad, const char *v, bool sealed, enum err *rc,
       struct strbuf *why)
{
    char *plain = NULL;
    if (!sealed)
        return crypto_field_seal(st->ring, ad, v);
    if (crypto_field_open(st->ring, ad, v, &plain) != OK) {
        *rc = why_set(why, ERR_DB, "%s: does not open with the key file's keys", ad);
        return NULL;
    }
    char *out = crypto_field_seal(st->ring, ad, plain);
    crypto_wipe(plain, strlen(plain));
    free(plain);
    return out;
}

/* The accounts' sealed columns, from plain (sealed false) or again under the current key. */
static enum err
seal_users(struct store *st, bool sealed, struct strbuf *why)
{
    static const char *const cols[] = { "display_name", "totp_secret" };
    enum err rc = OK;
    for (size_t c = 0; !rc && c < ARRAY_SIZE(cols); c++) {
        char sel[128], upd[128];
        sqlite3_stmt *r = NULL, *u = NULL;
        snprintf(sel, sizeof(sel), "SELECT id, login, %s FROM app_user", cols[c]);
        snprintf(upd, sizeof(upd), "UPDATE app_user SET %s=?1 WHERE id=?2", cols[c]);
        if (sqlite3_prepare_v2(st->db, sel, -1, &r, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(st->db, upd, -1, &u, NULL) != SQLITE_OK)
            rc = db_err(st, why, "seal");
        while (!rc && sqlite3_step(r) == SQLITE_ROW) {
            char ad[160];
            snprintf(ad, sizeof(ad), "app_user.%s.%s", cols[c], sqlite3_column_text(r, 1));
            char *v = reseal(st, ad, (const char *)sqlite3_column_text(r, 2), sealed, &rc, why);
            if (!v)
                break;
            sqlite3_bind_text(u, 1, v, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(u, 2, sqlite3_column_int64(r, 0));
            free(v);
            if (sqlite3_step(u) != SQLITE_DONE)
                rc = db_err(st, why, "seal");
            sqlite3_reset(u);
        }
        sqlite3_finalize(r);
        sqlite3_finalize(u);
    }
    if (!rc)
        rc = pragma(st, "UPDATE crypto_state SET users_sealed=1 WHERE id=1", NULL, 0, why);
    return rc;
}

static enum err
seal_fields(struct store *st, bool sealed, struct strbuf *why)
{
    enum err rc = OK;
    for (int t = 0; !rc && t < RT__COUNT; t++) {
        const struct record_desc *d = record_desc_get((enum record_type)t);
        for (int i = 0; !rc && i < d->nfields; i++) {
            if (!field_sealed(&d->fields[i]))
                continue;
            char sel[256], upd[256];
            sqlite3_stmt *r = NULL, *u = NULL;
            snprintf(sel, sizeof(sel), "SELECT id, \"%s\" FROM %s WHERE \"%s\" IS NOT NULL",
                     d->fields[i].name, d->table, d->fields[i].name);
            snprintf(upd, sizeof(upd), "UPDATE %s SET \"%s\"=?1 WHERE id=?2", d->table,
                     d->fields[i].name);
            if (sqlite3_prepare_v2(st->db, sel, -1, &r, NULL) != SQLITE_OK ||
                sqlite3_prepare_v2(st->db, upd, -1, &u, NULL) != SQLITE_OK)
                rc = db_err(st, why, "seal");
            while (!rc && sqlite3_step(r) == SQLITE_ROW) {
                char ad[160];
                int64_t id = sqlite3_column_int64(r, 0);
                field_ad(d, i, id, ad, sizeof(ad));
                char *v = reseal(st, ad, (const char *)sqlite3_column_text(r, 1), sealed, &rc, why);
                if (!v)
                    break;
                sqlite3_bind_text(u, 1, v, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(u, 2, id);
                free(v);
                if (sqlite3_step(u) != SQLITE_DONE)
                    rc = db_err(st, why, "seal");
                sqlite3_reset(u);
            }
            sqlite3_finalize(r);
            sqlite3_finalize(u);
        }
        if (!rc && (t == RT_child || t == RT_person)) {
            /* Lookups from the (now sealed) CPR numbers. */
            struct arena *a = arena_new(0);
            sqlite3_stmt *all = NULL;
            if (sqlite3_prepare_v2(st->db, record_sql[t][RS_ALL], -1, &all, NULL) != SQLITE_OK)
                rc = db_err(st, why, "seal");
            while (!rc && sqlite3_step(all) == SQLITE_ROW) {
                struct record rec;
                arena_reset(a);
                rc = read_row(st, all, d, a, &rec, why);
                if (!rc)
                    rc = set_lookup(st, &rec, why);
            }
            sqlite3_finalize(all);
            arena_free(a);
        }
    }
    if (!rc) {
        sqlite3_stmt *r = NULL, *u = NULL;
        if (sqlite3_prepare_v2(st->db,
                               "SELECT id, record_type, record_id, version, data FROM "
                               "record_version",
                               -1, &r, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(st->db, "UPDATE record_version SET data=?1 WHERE id=?2", -1, &u,
                               NULL) != SQLITE_OK)
            rc = db_err(st, why, "seal");
        while (!rc && sqlite3_step(r) == SQLITE_ROW) {
            char ad[160];
            snprintf(ad, sizeof(ad), "record_version.%s.%lld.%lld", sqlite3_column_text(r, 1),
                     (long long)sqlite3_column_int64(r, 2), (long long)sqlite3_column_int64(r, 3));
            char *v = reseal(st, ad, (const char *)sqlite3_column_text(r, 4), sealed, &rc, why);
            if (!v)
                break;
            sqlite3_bind_text(u, 1, v, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(u, 2, sqlite3_column_int64(r, 0));
            free(v);
            if (sqlite3_step(u) != SQLITE_DONE)
                rc = db_err(st, why, "seal");
            sqlite3_reset(u);
        }
        sqlite3_finalize(r);
        sqlite3_finalize(u);
    }
    if (!rc)
        rc = pragma(st, "UPDATE crypto_state SET fields_sealed=1 WHERE id=1", NULL, 0, why);
    if (!rc)
        rc = seal_users(st, sealed, why);
    return rc;
}

/* Seal the plain values of a database from before encryption at rest, once. */
static enum err
seal_plain_fields(struct store *st, struct strbuf *why)
{
    char flag[8], users[8];
    enum err rc =
        pragma(st, "SELECT fields_sealed FROM crypto_state WHERE id=1", flag, sizeof(flag), why);
    if (!rc)
        rc = pragma(st, "SELECT users_sealed FROM crypto_state WHERE id=1", users, sizeof(users),
                    why);
    if (rc || (strcmp(flag, "0") != 0 && strcmp(users, "0") != 0))
        return rc;
    rc = store_begin(st, why);
    if (!rc)
        rc = strcmp(flag, "0") == 0 ? seal_fields(st, false, why) : seal_users(st, false, why);
    if (!rc)
        rc = store_commit(st, why);
    if (rc)
        store_rollback(st);
    return rc;
}

enum err
store_reseal(struct store *st, struct strbuf *why)
{
    return seal_fields(st, true, why);
}

/* --- the key ring's check values (migration 0020) --- */

static void
key_check_value(const struct keyring *ring, int id, unsigned char out[static CRYPTO_HASH_BYTES])
{
    char num[16];
    snprintf(num, sizeof(num), "%d", id);
    const char *f[2] = { "trappe key check", num };
    crypto_mac_fields(keyring_subkey(ring, id, KEY_AUDIT), NULL, f, 2, out);
}

static bool
table_exists(struct store *st, const char *name)
{
    sqlite3_stmt *s = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1", -1,
                           &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        yes = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    return yes;
}

/* Every key the database records must be in ring and make its check value. Reads only. */
static enum err
keys_match(struct store *st, const struct keyring *ring, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (!table_exists(st, "key_check"))
        return OK;
    if (sqlite3_prepare_v2(st->db, "SELECT key_id, check_value FROM key_check ORDER BY key_id", -1,
                           &s, NULL) != SQLITE_OK)
        return db_err(st, why, "key check");
    int code;
    while (!rc && (code = sqlite3_step(s)) == SQLITE_ROW) {
        int id = sqlite3_column_int(s, 0);
        unsigned char cv[CRYPTO_HASH_BYTES];
        if (!keyring_get(ring, id)) {
            rc = why_set(why, ERR_DB,
                         "the key file does not belong to database '%s': it lacks key %d, which "
                         "the database was sealed with (another database's key file, or a copy "
                         "from before a rotation); nothing was written: use the database's own "
                         "key file",
                         st->path, id);
        } else {
            key_check_value(ring, id, cv);
            if (sqlite3_column_bytes(s, 1) != CRYPTO_HASH_BYTES ||
                !crypto_bytes_equal(cv, sqlite3_column_blob(s, 1), CRYPTO_HASH_BYTES))
                rc = why_set(why, ERR_DB,
                             "the key file does not belong to database '%s': key %d in it "
                             "differs from the key %d the database was sealed with (the check "
                             "value differs); nothing was written: use the database's own key "
                             "file",
                             st->path, id, id);
        }
    }
    if (!rc && code != SQLITE_DONE)
        rc = db_err(st, why, "key check");
    sqlite3_finalize(s);
    return rc;
}

/* A database from before the check values: its newest chained audit row must verify under ring
 * before ring's values are recorded (else the first open with a foreign key file would make it
 * the database's). */
static enum err
keys_first_use(struct store *st, const struct keyring *ring, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, AUDIT_COLS "WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 2", -1,
                           &s, NULL) != SQLITE_OK)
        return db_err(st, why, "key check");
    if (sqlite3_step(s) == SQLITE_ROW) {
        struct audit_entry e;
        int kid, len, kid2, len2;
        const void *h, *h2;
        int64_t id = audit_row(s, &e, &kid, &h, &len);
        unsigned char last[CRYPTO_HASH_BYTES], mac[CRYPTO_HASH_BYTES];
        bool ok = len == CRYPTO_HASH_BYTES;
        if (ok)
            memcpy(last, h, CRYPTO_HASH_BYTES);
        struct audit_entry keep = e;
        char *texts[6] = {
            xstrdup(e.at ? e.at : ""),           xstrdup(e.actor ? e.actor : ""),
            xstrdup(e.action ? e.action : ""),   e.record_type ? xstrdup(e.record_type) : NULL,
            e.detail ? xstrdup(e.detail) : NULL, e.request_id ? xstrdup(e.request_id) : NULL
        };
        keep.at = texts[0], keep.actor = texts[1], keep.action = texts[2];
        keep.record_type = texts[3], keep.detail = texts[4], keep.request_id = texts[5];
        const unsigned char *prev = NULL;
        unsigned char before[CRYPTO_HASH_BYTES];
        if (sqlite3_step(s) == SQLITE_ROW) {
            struct audit_entry e2;
            int64_t id2 = audit_row(s, &e2, &kid2, &h2, &len2);
            if (id2 == id - 1 && len2 == CRYPTO_HASH_BYTES) {
                memcpy(before, h2, CRYPTO_HASH_BYTES);
                prev = before;
            } else {
                ok = ok && id2 == id - 1; /* a row between them without a hash: leave it */
            }
        }
        sqlite3_reset(s);
        if (!prev && ok && id > 1) {
            /* The row before was purged: the purge's anchor is its hash. */
            sqlite3_stmt *p;
            rc = misc(st, MS_PURGE_LAST, &p, why);
            if (!rc && sqlite3_step(p) == SQLITE_ROW && sqlite3_column_int64(p, 0) == id - 1 &&
                sqlite3_column_bytes(p, 1) == CRYPTO_HASH_BYTES) {
                memcpy(before, sqlite3_column_blob(p, 1), CRYPTO_HASH_BYTES);
                prev = before;
            }
            if (!rc)
                sqlite3_reset(p);
        }
        if (!rc && ok && (id == 1 || prev) &&
            (!store_audit_mac(ring, kid, prev, id, &keep, mac) ||
             !crypto_bytes_equal(mac, last, CRYPTO_HASH_BYTES)))
            rc = why_set(why, ERR_DB,
                         "the key file does not belong to database '%s': its audit chain does "
                         "not verify under it (another database's key file?); nothing was "
                         "written: use the database's own key file",
                         st->path);
        for (int i = 0; i < 6; i++)
            free(texts[i]);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Record the check value of every key in ring the database does not have yet (a new database,
 * a rotation, or the first open after migration 0020). */
static enum err
keys_record(struct store *st, const struct keyring *ring, bool own_txn, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    bool known[CRYPTO_MAX_KEYS] = { false };
    int missing = ring->n, rows = 0;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, "SELECT key_id FROM key_check", -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "key check");
    while (sqlite3_step(s) == SQLITE_ROW) {
        int id = sqlite3_column_int(s, 0);
        rows++;
        for (int i = 0; i < ring->n; i++)
            if (ring->ids[i] == id && !known[i]) {
                known[i] = true;
                missing--;
            }
    }
    sqlite3_finalize(s);
    s = NULL;
    if (!missing)
        return OK;
    rc = own_txn ? store_begin(st, why) : OK;
    if (!rc && rows == 0)
        rc = keys_first_use(st, ring, why);
    if (!rc && sqlite3_prepare_v2(st->db,
                                  "INSERT OR IGNORE INTO key_check(key_id,check_value,added_at) "
                                  "VALUES(?1,?2,strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                                  -1, &s, NULL) != SQLITE_OK)
        rc = db_err(st, why, "key check");
    for (int i = 0; !rc && i < ring->n; i++) {
        if (known[i])
            continue;
        unsigned char cv[CRYPTO_HASH_BYTES];
        key_check_value(ring, ring->ids[i], cv);
        sqlite3_bind_int(s, 1, ring->ids[i]);
        sqlite3_bind_blob(s, 2, cv, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = db_err(st, why, "key check");
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    if (!own_txn)
        return rc;
    if (!rc)
        rc = store_commit(st, why);
    if (rc)
        store_rollback(st);
    return rc;
}

enum err
store_keys_record(struct store *st, const struct keyring *ring, struct strbuf *why)
{
    return keys_record(st, ring, false, why);
}

enum err
store_keys_check(struct store *st, const struct keyring *ring, struct strbuf *why)
{
    return keys_match(st, ring, why);
}

enum err
store_keys_used(struct store *st, bool *used, const struct keyring *ring, struct strbuf *why)
{
    sqlite3_stmt *t = NULL;
    enum err rc = OK;
    memset(used, 0, CRYPTO_MAX_KEYS * sizeof(bool));
    /* Every text column of every table (names from the schema itself, never from input): a
     * sealed value names its key ("e1:<id>:"); the audit chain and key_check name theirs in
     * key_id. */
    if (sqlite3_prepare_v2(st->db,
                           "SELECT m.name, c.name, c.type FROM sqlite_master m, "
                           "pragma_table_info(m.name) c WHERE m.type='table' AND m.name NOT "
                           "LIKE 'sqlite_%' ORDER BY 1, 2",
                           -1, &t, NULL) != SQLITE_OK)
        return db_err(st, why, "keys in use");
    int code;
    while (!rc && (code = sqlite3_step(t)) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(t, 0);
        const char *col = (const char *)sqlite3_column_text(t, 1);
        const char *type = (const char *)sqlite3_column_text(t, 2);
        bool is_key_id = strcmp(col, "key_id") == 0 && strcmp(table, "key_check") != 0;
        if (!is_key_id && (!type || strcasecmp(type, "TEXT") != 0))
            continue;
        for (int i = 0; !rc && i < ring->n; i++) {
            if (used[i])
                continue;
            /* Names from the schema itself (quoted), the key as a parameter. */
            struct strbuf sql = STRBUF_INIT;
            strbuf_addf(&sql,
                        is_key_id ? "SELECT 1 FROM \"%s\" WHERE \"%s\"=?1 LIMIT 1"
                                  : "SELECT 1 FROM \"%s\" WHERE instr(\"%s\", ?1)>0 LIMIT 1",
                        table, col);
            sqlite3_stmt *q = NULL;
            if (strchr(table, '"') || strchr(col, '"') || sql.failed ||
                sqlite3_prepare_v2(st->db, strbuf_str(&sql), -1, &q, NULL) != SQLITE_OK) {
                rc = db_err(st, why, "keys in use");
            } else {
                char mark[32];
                snprintf(mark, sizeof(mark), "e1:%d:", ring->ids[i]);
                if (is_key_id)
                    sqlite3_bind_int(q, 1, ring->ids[i]);
                else
                    sqlite3_bind_text(q, 1, mark, -1, SQLITE_TRANSIENT);
                int r = sqlite3_step(q);
                if (r == SQLITE_ROW)
                    used[i] = true;
                else if (r != SQLITE_DONE)
                    rc = db_err(st, why, "keys in use");
            }
            sqlite3_finalize(q);
            strbuf_release(&sql);
        }
    }
    if (!rc && code != SQLITE_DONE)
        rc = db_err(st, why, "keys in use");
    sqlite3_finalize(t);
    return rc;
}

enum err
store_keys_forget(struct store *st, const int *ids, int n, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, "DELETE FROM key_check WHERE key_id=?1", -1, &s, NULL) !=
        SQLITE_OK)
        return db_err(st, why, "key check");
    for (int i = 0; !rc && i < n; i++) {
        sqlite3_bind_int(s, 1, ids[i]);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = db_err(st, why, "key check");
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return rc;
}

/* --- the chain's anchor outside the database: DB-anchor --- */

#define ANCHOR_SUFFIX "-anchor"
#define ANCHOR_FMT    "trappe-anchor %020lld %s\n"
#define ANCHOR_LEN    (14 + 20 + 1 + 64 + 1)

static char *
anchor_path(const char *db)
{
    size_t n = strlen(db);
    char *p = xmalloc(n + sizeof(ANCHOR_SUFFIX));
    memcpy(p, db, n);
    memcpy(p + n, ANCHOR_SUFFIX, sizeof(ANCHOR_SUFFIX));
    return p;
}

/* The anchor in fd: ERR_NOT_FOUND if empty, ERR_INVALID if not an anchor. */
static enum err
anchor_parse(int fd, int64_t *id, unsigned char hash[static CRYPTO_HASH_BYTES])
{
    char line[ANCHOR_LEN + 1], hex[65];
    long long v;
    ssize_t n = pread(fd, line, ANCHOR_LEN, 0);
    if (n <= 0)
        return ERR_NOT_FOUND;
    line[n] = '\0';
    if (n != ANCHOR_LEN || sscanf(line, "trappe-anchor %20lld %64s", &v, hex) != 2 || v < 0 ||
        crypto_unhex(hex, hash, CRYPTO_HASH_BYTES) != OK)
        return ERR_INVALID;
    *id = v;
    return OK;
}

/* After a commit that extended the chain to row id: the anchor moves there, never back unless
 * forced (connections committing at once may finish out of order). Best effort: an anchor
 * that lags only finds less. Not synced: it follows a commit that was. */
static void
anchor_write(struct store *st, int64_t id, const unsigned char *hash, bool force)
{
    if (st->anchor_fd < 0) {
        char *p = anchor_path(st->path);
        st->anchor_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        free(p);
        if (st->anchor_fd < 0) {
            LOG(LOG_WARN, "audit anchor: cannot open: %s", strerror(errno));
            return;
        }
    }
    while (flock(st->anchor_fd, LOCK_EX) != 0)
        if (errno != EINTR)
            return;
    int64_t have;
    unsigned char old[CRYPTO_HASH_BYTES];
    if (force || anchor_parse(st->anchor_fd, &have, old) != OK || id > have) {
        char line[ANCHOR_LEN + 1], hex[65];
        crypto_hex(hash, CRYPTO_HASH_BYTES, hex);
        snprintf(line, sizeof(line), ANCHOR_FMT, (long long)id, hex);
        if (pwrite(st->anchor_fd, line, ANCHOR_LEN, 0) != ANCHOR_LEN)
            LOG(LOG_WARN, "audit anchor: cannot write: %s", strerror(errno));
    }
    (void)flock(st->anchor_fd, LOCK_UN);
}

enum err
store_anchor_read(const struct store *st, int64_t *id, unsigned char *hash, struct strbuf *why)
{
    char *p = anchor_path(st->path);
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    enum err rc;
    if (fd < 0)
        rc = errno == ENOENT ? ERR_NOT_FOUND
                             : why_set(why, ERR_IO, "audit anchor '%s': %s", p, strerror(errno));
    else {
        while (flock(fd, LOCK_SH) != 0 && errno == EINTR)
            ;
        rc = anchor_parse(fd, id, hash);
        if (rc == ERR_INVALID)
            why_set(why, ERR_INVALID, "audit anchor '%s': not an anchor line", p);
        close(fd);
    }
    free(p);
    return rc;
}

enum err
store_server_lock(const char *db, int *fd, struct strbuf *why)
{
    size_t n = strlen(db);
    char *p = xmalloc(n + sizeof("-lock"));
    memcpy(p, db, n);
    memcpy(p + n, "-lock", sizeof("-lock"));
    enum err rc = OK;
    *fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0) {
        rc = why_set(why, errno == EACCES || errno == EROFS ? ERR_READONLY : ERR_IO,
                     "server lock '%s': %s", p, strerror(errno));
        free(p);
        return rc;
    }
    while (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        char pid[24] = "";
        ssize_t got = pread(*fd, pid, sizeof(pid) - 1, 0);
        pid[got > 0 ? got : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        rc = errno == EWOULDBLOCK
                 ? why_set(why, ERR_CONFLICT,
                           "database '%s' is in use by a trappe server (pid %s) or an operator's "
                           "command that needs it alone; stop that first",
                           db, pid[0] ? pid : "?")
                 : why_set(why, ERR_IO, "server lock '%s': %s", p, strerror(errno));
        close(*fd);
        *fd = -1;
        free(p);
        return rc;
    }
    char pid[24];
    int len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if (ftruncate(*fd, 0) != 0 || pwrite(*fd, pid, (size_t)len, 0) != len)
        LOG(LOG_WARN, "server lock: cannot write the pid: %s", strerror(errno));
    free(p);
    return OK;
}

void
store_anchor_remove(const char *db)
{
    char *p = anchor_path(db);
    if (unlink(p) != 0 && errno != ENOENT)
        LOG(LOG_WARN, "audit anchor: cannot remove: %s", strerror(errno));
    free(p);
}

enum err
store_anchor_compare(struct store *st, struct store_anchor *out, struct strbuf *why)
{
    memset(out, 0, sizeof(*out));
    unsigned char want[CRYPTO_HASH_BYTES];
    /* The anchor first, then the chain: a commit in between only moves the chain ahead. */
    enum err rc = store_anchor_read(st, &out->anchor_id, want, why);
    if (rc == ERR_NOT_FOUND) {
        out->state = ANCHOR_NONE;
        return OK;
    }
    if (rc == ERR_INVALID) {
        out->state = ANCHOR_DAMAGED;
        return OK;
    }
    if (rc)
        return rc;
    bool has_prev;
    unsigned char tail[CRYPTO_HASH_BYTES];
    rc = audit_tail(st, &out->chain_id, tail, &has_prev, why);
    if (rc)
        return rc;
    if (out->chain_id < out->anchor_id) {
        out->state = ANCHOR_AHEAD;
        return OK;
    }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT hash FROM audit WHERE id=?1", -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "audit anchor");
    sqlite3_bind_int64(s, 1, out->anchor_id);
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW)
        out->state = sqlite3_column_bytes(s, 0) == CRYPTO_HASH_BYTES &&
                             crypto_bytes_equal(sqlite3_column_blob(s, 0), want, CRYPTO_HASH_BYTES)
                         ? ANCHOR_OK
                         : ANCHOR_DIFFERS;
    else
        out->state = ANCHOR_OK; /* purged since: the chain from the purge on is checked */
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        rc = db_err(st, why, "audit anchor");
    sqlite3_finalize(s);
    return rc;
}

enum err
store_audit_warnings(struct store *st, struct strbuf *lines, int64_t *n, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    *n = 0;
    if (sqlite3_prepare_v2(
            st->db,
            "SELECT id, at, action, detail FROM audit WHERE action='audit_chain_loss' "
            "OR action='readlog_dropped' ORDER BY id",
            -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "audit warnings");
    int code;
    while ((code = sqlite3_step(s)) == SQLITE_ROW) {
        (*n)++;
        strbuf_addf(lines, "row %lld at %s: %s: %s\n", (long long)sqlite3_column_int64(s, 0),
                    (const char *)sqlite3_column_text(s, 1),
                    (const char *)sqlite3_column_text(s, 2),
                    sqlite3_column_text(s, 3) ? (const char *)sqlite3_column_text(s, 3) : "");
    }
    if (code != SQLITE_DONE)
        rc = db_err(st, why, "audit warnings");
    sqlite3_finalize(s);
    return rc;
}

enum err
store_audit_head(struct store *st, int64_t *id, unsigned char *hash, struct strbuf *why)
{
    bool has_prev;
    unsigned char h[CRYPTO_HASH_BYTES];
    enum err rc = audit_tail(st, id, h, &has_prev, why);
    if (!rc) {
        if (has_prev)
            memcpy(hash, h, CRYPTO_HASH_BYTES);
        else
            memset(hash, 0, CRYPTO_HASH_BYTES);
    }
    return rc;
}

enum err
store_anchor_reset(struct store *st, struct strbuf *why)
{
    int64_t id;
    bool has_prev;
    unsigned char tail[CRYPTO_HASH_BYTES];
    enum err rc = audit_tail(st, &id, tail, &has_prev, why);
    if (!rc && has_prev)
        anchor_write(st, id, tail, true);
    return rc;
}

enum err
store_set_keys(struct store *st, const struct keyring *ring, struct strbuf *why)
{
    sqlite3_stmt *s = NULL, *u = NULL;
    unsigned char prev[CRYPTO_HASH_BYTES], hash[CRYPTO_HASH_BYTES];
    bool has_prev = false;
    int key_id;
    enum err rc;
    st->ring = ring;
    if (!keyring_current(ring, &key_id))
        return why_set(why, ERR_INVALID, "keys: the key file holds no key");
    rc = keys_match(st, ring, why);
    if (!rc)
        rc = keys_record(st, ring, true, why);
    if (!rc)
        rc = seal_plain_fields(st, why);
    if (rc)
        return rc;
    /* Seal the rows from before the chain (a database from an older trappe), oldest first. */
    char any[8];
    rc =
        pragma(st, "SELECT EXISTS (SELECT 1 FROM audit WHERE hash IS NULL)", any, sizeof(any), why);
    if (rc || strcmp(any, "1") != 0)
        return rc;
    rc = store_begin(st, why);
    if (rc)
        return rc;
    if (sqlite3_prepare_v2(st->db, AUDIT_COLS "ORDER BY id", -1, &s, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db, "UPDATE audit SET key_id=?1, hash=?2 WHERE id=?3", -1, &u,
                           NULL) != SQLITE_OK)
        rc = db_err(st, why, "audit seal");
    while (!rc && sqlite3_step(s) == SQLITE_ROW) {
        struct audit_entry e;
        int kid, len;
        const void *h;
        int64_t id = audit_row(s, &e, &kid, &h, &len);
        if (len == CRYPTO_HASH_BYTES) {
            memcpy(prev, h, CRYPTO_HASH_BYTES);
            has_prev = true;
            continue;
        }
        audit_mac(ring, key_id, has_prev ? prev : NULL, id, &e, hash);
        sqlite3_bind_int(u, 1, key_id);
        sqlite3_bind_blob(u, 2, hash, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
        sqlite3_bind_int64(u, 3, id);
        if (sqlite3_step(u) != SQLITE_DONE)
            rc = db_err(st, why, "audit seal");
        sqlite3_reset(u);
        memcpy(prev, hash, CRYPTO_HASH_BYTES);
        has_prev = true;
    }
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    if (!rc)
        rc = store_commit(st, why);
    if (rc)
        store_rollback(st);
    return rc;
}

enum err
store_audit_verify(struct store *st, int64_t *rows, int64_t *bad_id, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    unsigned char prev[CRYPTO_HASH_BYTES], hash[CRYPTO_HASH_BYTES];
    bool has_prev = false;
    int64_t expect = 1;
    enum err rc = OK;
    *rows = 0;
    *bad_id = 0;
    if (!st->ring)
        return why_set(why, ERR_INTERNAL, "audit: no keys");
    rc = misc(st, MS_PURGE_LAST, &s, why);
    if (rc)
        return rc;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == CRYPTO_HASH_BYTES) {
        expect = sqlite3_column_int64(s, 0) + 1;
        memcpy(prev, sqlite3_column_blob(s, 1), CRYPTO_HASH_BYTES);
        has_prev = true;
    }
    sqlite3_reset(s);
    s = NULL;
    rc = store_begin_read(st, why);
    if (rc)
        return rc;
    if (sqlite3_prepare_v2(st->db, AUDIT_COLS "ORDER BY id", -1, &s, NULL) != SQLITE_OK)
        rc = db_err(st, why, "audit verify");
    int code = SQLITE_DONE;
    while (!rc && (code = sqlite3_step(s)) == SQLITE_ROW) {
        struct audit_entry e;
        int kid, len;
        const void *h;
        int64_t id = audit_row(s, &e, &kid, &h, &len);
        if (id != expect) {
            *bad_id = id;
            rc = why_set(why, ERR_INVALID, "audit row %lld: expected row %lld before it (removed?)",
                         (long long)id, (long long)expect);
            break;
        }
        if (!e.at || !e.actor || !e.action || !keyring_get(st->ring, kid) ||
            len != CRYPTO_HASH_BYTES) {
            *bad_id = id;
            rc = why_set(why, ERR_INVALID, "audit row %lld: not sealed, or by an unknown key",
                         (long long)id);
            break;
        }
        audit_mac(st->ring, kid, has_prev ? prev : NULL, id, &e, hash);
        if (!crypto_bytes_equal(hash, h, CRYPTO_HASH_BYTES)) {
            *bad_id = id;
            rc = why_set(why, ERR_INVALID,
                         "audit row %lld: does not match its hash (changed, or a row before it "
                         "was)",
                         (long long)id);
            break;
        }
        memcpy(prev, hash, CRYPTO_HASH_BYTES);
        has_prev = true;
        expect = id + 1;
        (*rows)++;
    }
    if (!rc && code != SQLITE_DONE)
        rc = db_err(st, why, "audit verify");
    sqlite3_finalize(s);
    store_rollback(st); /* end the read snapshot */
    /* A chain cut short verifies row by row: its anchor outside the file says where it ended. */
    struct store_anchor an = { ANCHOR_NONE, 0, 0 };
    if (!rc)
        rc = store_anchor_compare(st, &an, why);
    if (!rc && an.state == ANCHOR_AHEAD)
        rc = why_set(why, ERR_INVALID,
                     "audit: the chain ends at row %lld, but its anchor outside the file names "
                     "row %lld: rows were lost (a damaged or lost -wal, or an older copy put in "
                     "place)",
                     (long long)an.chain_id, (long long)an.anchor_id);
    else if (!rc && an.state == ANCHOR_DIFFERS)
        rc = why_set(why, ERR_INVALID,
                     "audit: row %lld differs from the anchor outside the file (the chain was "
                     "rewritten from there)",
                     (long long)an.anchor_id);
    return rc;
}

enum err
store_audit_purge(struct store *st, const char *older_than, const char *at, const char *actor,
                  int64_t *rows, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    int64_t upto = 0, n = 0;
    unsigned char anchor[CRYPTO_HASH_BYTES];
    bool have = false;
    *rows = 0;
    enum err rc = store_begin(st, why);
    if (rc)
        return rc;
    /* The rows are in time order (ids rise with time); the boundary is the last one older. */
    if (sqlite3_prepare_v2(st->db,
                           "SELECT id, hash, (SELECT count(*) FROM audit WHERE at < ?1) FROM "
                           "audit WHERE id = (SELECT max(id) FROM audit WHERE at < ?1)",
                           -1, &s, NULL) != SQLITE_OK)
        rc = db_err(st, why, "audit purge");
    if (!rc) {
        sqlite3_bind_text(s, 1, older_than, -1, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 1) == CRYPTO_HASH_BYTES) {
            upto = sqlite3_column_int64(s, 0);
            memcpy(anchor, sqlite3_column_blob(s, 1), CRYPTO_HASH_BYTES);
            n = sqlite3_column_int64(s, 2);
            have = true;
        }
    }
    sqlite3_finalize(s);
    s = NULL;
    if (!rc && have) {
        if (sqlite3_prepare_v2(st->db,
                               "INSERT INTO audit_purge(at,actor,upto,rows,older_than,anchor) "
                               "VALUES(?,?,?,(SELECT count(*) FROM audit WHERE id<=?3),?,?)",
                               -1, &s, NULL) != SQLITE_OK)
            rc = db_err(st, why, "audit purge");
        if (!rc) {
            sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, actor, -1, SQLITE_STATIC);
            sqlite3_bind_int64(s, 3, upto);
            sqlite3_bind_text(s, 4, older_than, -1, SQLITE_STATIC);
            sqlite3_bind_blob(s, 5, anchor, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
            if (sqlite3_step(s) != SQLITE_DONE)
                rc = db_err(st, why, "audit purge");
        }
        sqlite3_finalize(s);
        s = NULL;
        if (!rc && (sqlite3_prepare_v2(st->db, "DELETE FROM audit WHERE id <= ?1", -1, &s, NULL) !=
                    SQLITE_OK))
            rc = db_err(st, why, "audit purge");
        if (!rc) {
            sqlite3_bind_int64(s, 1, upto);
            if (sqlite3_step(s) != SQLITE_DONE)
                rc = db_err(st, why, "audit purge");
            else
                n = sqlite3_changes(st->db);
        }
        sqlite3_finalize(s);
    }
    if (!rc) {
        char detail[160];
        snprintf(detail, sizeof(detail), "older_than=%s rows=%lld upto=%lld", older_than,
                 (long long)n, (long long)upto);
        struct audit_entry e = { at, actor, "purge", NULL, 0, 0, detail, NULL };
        rc = store_audit_append(st, &e, why);
    }
    if (!rc)
        rc = store_commit(st, why);
    if (rc)
        store_rollback(st);
    else
        *rows = n;
    return rc;
}

/* Run an audit query whose parameters are texts (NULL allowed) and an optional int, row by row. */
static enum err
audit_query(struct store *st, const char *sql, const char *p1, const char *p2, int p3,
            const char *p4, store_audit_fn fn, void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "audit");
    bind_text_or_null(s, 1, p1);
    bind_text_or_null(s, 2, p2);
    sqlite3_bind_int(s, 3, p3);
    bind_text_or_null(s, 4, p4);
    while (!rc && sqlite3_step(s) == SQLITE_ROW) {
        struct audit_entry e;
        int kid, len;
        const void *h;
        int64_t id = audit_row(s, &e, &kid, &h, &len);
        rc = fn(ctx, &e, id);
    }
    sqlite3_finalize(s);
    return rc;
}

enum err
store_audit_refused(struct store *st, const char *team, const char *actor, const char *since,
                    store_audit_fn fn, void *ctx, struct strbuf *why)
{
    return audit_query(st,
                       AUDIT_COLS "WHERE action='refused' AND at>=?2 AND (?4 IS NULL OR actor=?4) "
                                  "AND actor IN (SELECT 'user:'||id FROM app_user WHERE ?1 IS NULL "
                                  "OR team=?1) ORDER BY id DESC LIMIT 100",
                       team, since, 0, actor, fn, ctx, why);
}

enum err
store_audit_sample(struct store *st, const char *actor, const char *since, int n, store_audit_fn fn,
                   void *ctx, struct strbuf *why)
{
    return audit_query(st,
                       AUDIT_COLS "WHERE id IN (SELECT id FROM audit WHERE actor=?1 AND at>=?2 "
                                  "AND action IN ('read','list','create','update') ORDER BY "
                                  "random() LIMIT ?3) ORDER BY id",
                       actor, since, n, NULL, fn, ctx, why);
}

enum err
store_audit_of_child(struct store *st, int64_t child, store_audit_fn fn, void *ctx,
                     struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, AUDIT_COLS "WHERE child_id=?1 ORDER BY id", -1, &s, NULL) !=
        SQLITE_OK)
        return db_err(st, why, "audit");
    sqlite3_bind_int64(s, 1, child);
    int code;
    while (!rc && (code = sqlite3_step(s)) == SQLITE_ROW) {
        struct audit_entry e;
        int kid, len;
        const void *h;
        int64_t id = audit_row(s, &e, &kid, &h, &len);
        rc = fn(ctx, &e, id);
    }
    sqlite3_finalize(s);
    return rc;
}

/* An account's sealed column (display_name, totp_secret), bound to its login. */
static char *
user_seal(struct store *st, const char *col, const char *login, const char *plain)
{
    char ad[160];
    snprintf(ad, sizeof(ad), "app_user.%s.%s", col, login);
    return crypto_field_seal(st->ring, ad, plain);
}

static const char *
user_open(struct store *st, struct arena *a, const char *col, const char *login, const char *sealed)
{
    char ad[160], *plain = NULL;
    snprintf(ad, sizeof(ad), "app_user.%s.%s", col, login);
    if (!sealed || crypto_field_open(st->ring, ad, sealed, &plain) != OK)
        return NULL;
    const char *out = arena_strdup(a, plain);
    crypto_wipe(plain, strlen(plain));
    free(plain);
    return out;
}

/* The row of s into u; the TOTP secret is opened only when with_secret (a login checks it;
 * nothing else needs it in memory). */
static enum err
read_user(struct store *st, sqlite3_stmt *s, bool with_secret, struct arena *a, struct user *u,
          struct strbuf *why)
{
    memset(u, 0, sizeof(*u));
    u->id = sqlite3_column_int64(s, 0);
    u->login = arena_strdup(a, (const char *)sqlite3_column_text(s, 1));
    u->display_name =
        user_open(st, a, "display_name", u->login, (const char *)sqlite3_column_text(s, 2));
    u->role = arena_strdup(a, (const char *)sqlite3_column_text(s, 3));
    if (sqlite3_column_type(s, 4) != SQLITE_NULL)
        u->team = arena_strdup(a, (const char *)sqlite3_column_text(s, 4));
    u->password_hash = arena_strdup(a, (const char *)sqlite3_column_text(s, 5));
    if (with_secret)
        u->totp_secret =
            user_open(st, a, "totp_secret", u->login, (const char *)sqlite3_column_text(s, 6));
    u->totp_last_step = sqlite3_column_int64(s, 7);
    u->disabled = sqlite3_column_int(s, 8) != 0;
    u->demo = sqlite3_column_int(s, 9) != 0;
    if (!u->display_name || (with_secret && !u->totp_secret))
        return why_set(why, ERR_DB, "user %s: does not open with the key file", u->login);
    return OK;
}

enum err
store_user_insert(struct store *st, struct user *u, const char *created_at, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_USER_INSERT, &s, why);
    if (rc)
        return rc;
    bind_text_or_null(s, 1, u->login);
    char *name = user_seal(st, "display_name", u->login, u->display_name);
    char *secret = user_seal(st, "totp_secret", u->login, u->totp_secret);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
    free(name);
    bind_text_or_null(s, 3, u->role);
    bind_text_or_null(s, 4, u->team);
    bind_text_or_null(s, 5, u->password_hash);
    sqlite3_bind_text(s, 6, secret, -1, SQLITE_TRANSIENT);
    free(secret);
    sqlite3_bind_int(s, 7, u->demo);
    bind_text_or_null(s, 8, created_at);
    int code = sqlite3_step(s);
    sqlite3_reset(s);
    if (code != SQLITE_DONE) {
        if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE)
            return why_set(why, ERR_CONFLICT, "user.login: already taken");
        if ((sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CONSTRAINT)
            return why_set(why, ERR_INVALID, "user: refused by the database: %s",
                           sqlite3_errmsg(st->db));
        return db_err(st, why, "user");
    }
    u->id = sqlite3_last_insert_rowid(st->db);
    return OK;
}

static enum err
user_lookup(struct store *st, enum misc_stmt m, const char *login, int64_t id, struct arena *a,
            struct user *out, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, m, &s, why);
    if (rc)
        return rc;
    if (login)
        sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(s, 1, id);
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW)
        rc = read_user(st, s, login != NULL, a, out, why);
    else if (code == SQLITE_DONE)
        rc = why_set(why, ERR_NOT_FOUND, "user: not found");
    else
        rc = db_err(st, why, "user");
    sqlite3_reset(s);
    return rc;
}

enum err
store_user_by_login(struct store *st, const char *login, struct arena *a, struct user *out,
                    struct strbuf *why)
{
    return user_lookup(st, MS_USER_BY_LOGIN, login, 0, a, out, why);
}

enum err
store_user_role(struct store *st, const char *login, char role[static 32], struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_USER_ROLE, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(s, 0);
        snprintf(role, 32, "%s", r ? r : "");
    } else if (code == SQLITE_DONE) {
        rc = ERR_NOT_FOUND;
    } else {
        rc = db_err(st, why, "user role");
    }
    sqlite3_reset(s);
    return rc;
}

enum err
store_user_by_id(struct store *st, int64_t id, struct arena *a, struct user *out,
                 struct strbuf *why)
{
    return user_lookup(st, MS_USER_BY_ID, NULL, id, a, out, why);
}

enum err
store_user_each(struct store *st, struct arena *a, void (*fn)(void *ctx, const struct user *u),
                void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_USER_ALL, &s, why);
    int code = SQLITE_DONE;
    while (!rc && (code = sqlite3_step(s)) == SQLITE_ROW) {
        struct user u;
        /* A row's strings are at most about 500 bytes (app_user_add's limits). */
        if (!arena_fits(a, 1024, 6)) {
            rc = why_set(why, ERR_TOO_LARGE, "user list: more accounts than one list can hold");
            break;
        }
        rc = read_user(st, s, false, a, &u, why);
        u.password_hash = NULL; /* a listing has no use for it */
        if (!rc)
            fn(ctx, &u);
    }
    if (!rc && code != SQLITE_DONE)
        rc = db_err(st, why, "user list");
    sqlite3_reset(s);
    return rc;
}

/* Run a statement that must change exactly want rows (want < 0: any number). */
static enum err
run_change(struct store *st, sqlite3_stmt *s, int want, const char *what, struct strbuf *why)
{
    int code = sqlite3_step(s);
    sqlite3_reset(s);
    if (code != SQLITE_DONE)
        return db_err(st, why, what);
    if (want >= 0 && sqlite3_changes(st->db) != want)
        return why_set(why, ERR_CONFLICT, "%s: nothing changed", what);
    return OK;
}

enum err
store_user_set_totp_step(struct store *st, int64_t id, int64_t step, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_USER_TOTP, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, step);
    return run_change(st, s, 1, "totp step", why);
}

enum err
store_session_insert(struct store *st, const unsigned char hash[32], int64_t user_id, int64_t now,
                     struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_SESSION_INSERT, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, user_id);
    sqlite3_bind_int64(s, 3, now);
    sqlite3_bind_int64(s, 4, now);
    return run_change(st, s, 1, "session", why);
}

enum err
store_session_get(struct store *st, const unsigned char hash[32], int64_t *created,
                  int64_t *last_seen, struct arena *a, struct user *u, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_SESSION_GET, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW) {
        rc = read_user(st, s, false, a, u, why);
        *created = sqlite3_column_int64(s, 10);
        *last_seen = sqlite3_column_int64(s, 11);
    } else if (code == SQLITE_DONE) {
        rc = why_set(why, ERR_NOT_FOUND, "session: not found");
    } else {
        rc = db_err(st, why, "session");
    }
    sqlite3_reset(s);
    return rc;
}

enum err
store_session_touch(struct store *st, const unsigned char hash[32], int64_t now, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_SESSION_TOUCH, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_blob(s, 2, hash, 32, SQLITE_STATIC);
    return run_change(st, s, -1, "session", why);
}

enum err
store_session_delete(struct store *st, const unsigned char hash[32], struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_SESSION_DELETE, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
    return run_change(st, s, -1, "session", why);
}

enum err
store_child_relation(struct store *st, int64_t child, const char *login, const char *team,
                     const char *day, bool *assigned, bool *in_team, int *consent,
                     struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_RELATION, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, child);
    bind_text_or_null(s, 2, login);
    bind_text_or_null(s, 3, team);
    sqlite3_bind_text(s, 4, day, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        *assigned = sqlite3_column_int(s, 0) != 0;
        *in_team = sqlite3_column_int(s, 1) != 0;
        *consent = sqlite3_column_int(s, 2);
    } else {
        rc = db_err(st, why, "relation");
    }
    sqlite3_reset(s);
    return rc;
}

/* Run statement m with text parameters args[0..n) and read one integer. */
static enum err
count_texts(struct store *st, enum misc_stmt m, const char *const *args, int n, int64_t *out,
            struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, m, &s, why);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++)
        sqlite3_bind_text(s, i + 1, args[i], -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else
        rc = db_err(st, why, "count");
    sqlite3_reset(s);
    return rc;
}

enum err
store_count_actor_rows(struct store *st, const char *actor, const char *prefix, const char *since,
                       int64_t *out, struct strbuf *why)
{
    const char *args[] = { actor, prefix, since };
    return count_texts(st, MS_ACTOR_ROWS, args, 3, out, why);
}

enum err
store_user_set_disabled(struct store *st, const char *login, bool disabled, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_USER_DISABLE, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, disabled);
    rc = run_change(st, s, 1, "user", why);
    return rc == ERR_CONFLICT ? why_set(why, ERR_NOT_FOUND, "user.login: no such user") : rc;
}

enum err
store_sessions_end(struct store *st, const char *login, int64_t *n, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_SESSIONS_END, &s, why);
    if (rc)
        return rc;
    bind_text_or_null(s, 1, login);
    rc = run_change(st, s, -1, "sessions", why);
    if (!rc)
        *n = sqlite3_changes(st->db);
    return rc;
}

const char *
store_kpi_sql(enum store_kpi k)
{
    return kpi_sql[k];
}

enum err
store_record_history(struct store *st, const struct record_desc *d, int64_t id, store_version_fn fn,
                     void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT version, data, replaced_at, replaced_by FROM record_version "
                           "WHERE record_type=?1 AND record_id=?2 ORDER BY version",
                           -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "history");
    sqlite3_bind_text(s, 1, d->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, id);
    while (!rc && sqlite3_step(s) == SQLITE_ROW) {
        char ad[160], *plain = NULL;
        int64_t v = sqlite3_column_int64(s, 0);
        snprintf(ad, sizeof(ad), "record_version.%s.%lld.%lld", d->name, (long long)id,
                 (long long)v);
        if (crypto_field_open(st->ring, ad, (const char *)sqlite3_column_text(s, 1), &plain) !=
            OK) {
            rc = why_set(why, ERR_DB,
                         "%s %lld version %lld: does not open (wrong key file, or "
                         "changed)",
                         d->name, (long long)id, (long long)v);
            break;
        }
        rc = fn(ctx, v, plain, (const char *)sqlite3_column_text(s, 2),
                (const char *)sqlite3_column_text(s, 3));
        crypto_wipe(plain, strlen(plain));
        free(plain);
    }
    sqlite3_finalize(s);
    return rc;
}

static enum err
kpi_compute(struct store *st, enum store_kpi k, int year, double *out, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    char y[32], jan1[32], dec31[32], born[32];
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, kpi_sql[k], -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "kpi");
    snprintf(y, sizeof(y), "%04d", year);
    snprintf(jan1, sizeof(jan1), "%04d-01-01", year);
    snprintf(dec31, sizeof(dec31), "%04d-12-31", year);
    snprintf(born, sizeof(born), "%04d-01-01", year - 22);
    sqlite3_bind_text(s, 1, y, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, jan1, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, dec31, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, born, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW)
        *out = sqlite3_column_double(s, 0);
    else
        rc = db_err(st, why, "kpi");
    sqlite3_finalize(s);
    return rc;
}

enum err
store_kpi(struct store *st, enum store_kpi k, int year, bool fresh, double *out, struct strbuf *why)
{
    if (fresh)
        return kpi_compute(st, k, year, out, why);
    double all[KPI__COUNT];
    enum err rc = kpi_read(st->kpi, year, all, NULL, why);
    if (!rc)
        *out = all[k];
    return rc;
}

enum err
store_kpi_sample(struct store *st, enum store_kpi k, int year, double *value, double *base,
                 struct strbuf *why)
{
    double all[KPI__COUNT], n[KPI__COUNT];
    enum err rc = kpi_read(st->kpi, year, all, n, why);
    if (!rc) {
        *value = all[k];
        *base = n[k];
    }
    return rc;
}

enum err
store_audit_count(struct store *st, int64_t *out, struct strbuf *why)
{
    return count_texts(st, MS_AUDIT_COUNT, NULL, 0, out, why);
}

/* --- what readlog.c needs of the store --- */

const char *
store_path(const struct store *st)
{
    return st->path;
}

sqlite3 *
store_db(struct store *st)
{
    return st->db;
}

const struct keyring *
store_keyring(const struct store *st)
{
    return st->ring;
}

enum err
store_readlog_upto(struct store *st, int64_t *upto, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_READLOG_UPTO, &s, why);
    if (rc)
        return rc;
    int code = sqlite3_step(s);
    *upto = code == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return code == SQLITE_ROW ? OK : db_err(st, why, "read log");
}

enum err
store_readlog_set_upto(struct store *st, int64_t upto, struct strbuf *why)
{
    sqlite3_stmt *s;
    enum err rc = misc(st, MS_READLOG_SET, &s, why);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, upto);
    int code = sqlite3_step(s);
    sqlite3_reset(s);
    return code == SQLITE_DONE && sqlite3_changes(st->db) == 1 ? OK : db_err(st, why, "read log");
}

/* --- disposal (kassation, S-27) --- */

enum err
store_closed_children(struct store *st, const char *closed_before, int64_t child, int64_t except,
                      store_closed_fn fn, void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT child_id, max(closed) FROM child_case WHERE ?2=0 OR child_id=?2 "
                           "GROUP BY child_id HAVING count(*)=count(closed) AND max(closed)<?1 "
                           "AND child_id NOT IN (SELECT child_id FROM disposal WHERE status IN "
                           "('requested','approved') AND id<>?3) ORDER BY child_id",
                           -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "closed children");
    sqlite3_bind_text(s, 1, closed_before, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, child);
    sqlite3_bind_int64(s, 3, except);
    int code = SQLITE_DONE;
    while (!rc && (code = sqlite3_step(s)) == SQLITE_ROW)
        rc = fn(ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1));
    if (!rc && code != SQLITE_DONE)
        rc = db_err(st, why, "closed children");
    sqlite3_finalize(s);
    return rc;
}

#define DISPOSAL_COLS                                                                     \
    "id,child_id,status,reason,closed,archive,archive_hash,archive_records,requested_at," \
    "requested_by,decided_at,decided_by"

enum err
store_disposal_insert(struct store *st, struct disposal *d, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db,
                           "INSERT INTO disposal(child_id,status,reason,closed,archive,"
                           "archive_hash,archive_records,requested_at,requested_by) "
                           "VALUES(?,'requested',?,?,?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "disposal");
    sqlite3_bind_int64(s, 1, d->child_id);
    sqlite3_bind_text(s, 2, d->reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, d->closed, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, d->archive, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, d->archive_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, d->archive_records);
    sqlite3_bind_text(s, 7, d->requested_at, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, d->requested_by, -1, SQLITE_STATIC);
    int code = sqlite3_step(s);
    if (code == SQLITE_CONSTRAINT)
        rc = why_set(why, ERR_CONFLICT, "disposal.child_id: the child has an open disposal");
    else if (code != SQLITE_DONE)
        rc = db_err(st, why, "disposal");
    else {
        d->id = sqlite3_last_insert_rowid(st->db);
        d->status = "requested";
    }
    sqlite3_finalize(s);
    return rc;
}

static const char *
col_str(sqlite3_stmt *s, int i, struct arena *a)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? arena_strdup(a, (const char *)t) : NULL;
}

static void
disposal_row(sqlite3_stmt *s, struct arena *a, struct disposal *d)
{
    d->id = sqlite3_column_int64(s, 0);
    d->child_id = sqlite3_column_int64(s, 1);
    d->status = col_str(s, 2, a);
    d->reason = col_str(s, 3, a);
    d->closed = col_str(s, 4, a);
    d->archive = col_str(s, 5, a);
    d->archive_hash = col_str(s, 6, a);
    d->archive_records = sqlite3_column_int64(s, 7);
    d->requested_at = col_str(s, 8, a);
    d->requested_by = col_str(s, 9, a);
    d->decided_at = col_str(s, 10, a);
    d->decided_by = col_str(s, 11, a);
}

enum err
store_disposal_get(struct store *st, int64_t id, struct arena *a, struct disposal *out,
                   struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    if (sqlite3_prepare_v2(st->db, "SELECT " DISPOSAL_COLS " FROM disposal WHERE id=?", -1, &s,
                           NULL) != SQLITE_OK)
        return db_err(st, why, "disposal");
    sqlite3_bind_int64(s, 1, id);
    int code = sqlite3_step(s);
    if (code == SQLITE_ROW)
        disposal_row(s, a, out);
    else if (code == SQLITE_DONE)
        rc = why_set(why, ERR_NOT_FOUND, "disposal %lld: no such disposal", (long long)id);
    else
        rc = db_err(st, why, "disposal");
    sqlite3_finalize(s);
    return rc;
}

enum err
store_disposal_each(struct store *st, store_disposal_fn fn, void *ctx, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    enum err rc = OK;
    struct arena *a = arena_new(0);
    if (sqlite3_prepare_v2(st->db, "SELECT " DISPOSAL_COLS " FROM disposal ORDER BY id DESC", -1,
                           &s, NULL) != SQLITE_OK)
        rc = db_err(st, why, "disposal");
    int code = SQLITE_DONE;
    while (!rc && (code = sqlite3_step(s)) == SQLITE_ROW) {
        struct disposal d;
        disposal_row(s, a, &d);
        rc = fn(ctx, &d);
        arena_reset(a);
    }
    if (!rc && code != SQLITE_DONE)
        rc = db_err(st, why, "disposal");
    sqlite3_finalize(s);
    arena_free(a);
    return rc;
}

enum err
store_disposal_set(struct store *st, int64_t id, const char *status, const char *at, const char *by,
                   struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "UPDATE disposal SET status=?2, decided_at=coalesce(?3,decided_at), "
                           "decided_by=coalesce(?4,decided_by) WHERE id=?1",
                           -1, &s, NULL) != SQLITE_OK)
        return db_err(st, why, "disposal");
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, status, -1, SQLITE_STATIC);
    bind_text_or_null(s, 3, at);
    bind_text_or_null(s, 4, by);
    enum err rc = run_change(st, s, 1, "disposal", why);
    sqlite3_finalize(s);
    return rc;
}

/* Run the erase statement k of record type t for id, adding the rows it removed to *rows. */
static enum err
erase(struct store *st, enum record_type t, enum rec_stmt k, int64_t id, int64_t *rows,
      struct strbuf *why)
{
    enum err rc = prep(st, &st->rec[t][k], record_sql[t][k], why);
    if (rc)
        return rc;
    sqlite3_stmt *s = st->rec[t][k];
    sqlite3_bind_int64(s, 1, id);
    int code = sqlite3_step(s);
    sqlite3_reset(s);
    if (code != SQLITE_DONE)
        return db_err(st, why, "erase");
    *rows += sqlite3_changes(st->db);
    return OK;
}

static enum err child_erase(struct store *st, int64_t child, int64_t *rows, struct strbuf *why);

enum err
store_child_erase(struct store *st, int64_t child, int64_t *rows, struct strbuf *why)
{
    *rows = 0;
    enum err rc = figure_touch(st, why);
    if (rc)
        return rc;
    if (st->kpi_deferred)
        return child_erase(st, child, rows, why);
    rc = kpi_write_begin(st, child, 0, why);
    if (rc)
        return rc;
    rc = child_erase(st, child, rows, why);
    return kpi_write_end(st, rc, why);
}

static enum err
child_erase(struct store *st, int64_t child, int64_t *rows, struct strbuf *why)
{
    sqlite3_stmt *s = NULL;
    int64_t *persons = NULL;
    size_t n = 0, cap = 0;
    enum err rc = OK;
    *rows = 0;
    /* The persons related to the child, before the relations go. */
    if (sqlite3_prepare_v2(st->db, "SELECT DISTINCT person_id FROM relation WHERE child_id=?", -1,
                           &s, NULL) != SQLITE_OK)
        return db_err(st, why, "erase");
    sqlite3_bind_int64(s, 1, child);
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            persons = xrealloc(persons, cap * sizeof(*persons));
        }
        persons[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    /* Newest record types first: references point backwards (records.def). */
    for (int t = RT__COUNT - 1; !rc && t >= 0; t--) {
        if (t == RT_child || t == RT_person)
            continue;
        rc = erase(st, (enum record_type)t, RS_ERASE_VERSIONS, child, rows, why);
        if (!rc)
            rc = erase(st, (enum record_type)t, RS_ERASE_OF_CHILD, child, rows, why);
    }
    /* A person another child is still related to stays. */
    for (size_t i = 0; !rc && i < n; i++) {
        int still = 0;
        if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM relation WHERE person_id=?", -1, &s,
                               NULL) != SQLITE_OK) {
            rc = db_err(st, why, "erase");
            break;
        }
        sqlite3_bind_int64(s, 1, persons[i]);
        if (sqlite3_step(s) == SQLITE_ROW)
            still = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        if (still)
            continue;
        rc = erase(st, RT_person, RS_ERASE_VERSIONS_ID, persons[i], rows, why);
        if (!rc)
            rc = erase(st, RT_person, RS_ERASE_ID, persons[i], rows, why);
    }
    if (!rc)
        rc = erase(st, RT_child, RS_ERASE_VERSIONS_ID, child, rows, why);
    if (!rc)
        rc = erase(st, RT_child, RS_ERASE_ID, child, rows, why);
    free(persons);
    return rc;
}

enum err
store_check_records(struct store *st, store_record_fn fn, void *ctx, int64_t *records, int64_t *bad,
                    struct strbuf *problems, struct strbuf *why)
{
    struct arena *a = arena_new(0);
    enum err rc = OK;
    *records = 0;
    *bad = 0;
    for (int t = 0; !rc && t < RT__COUNT; t++) {
        const struct record_desc *d = record_desc_get((enum record_type)t);
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(st->db, record_sql[t][RS_ALL], -1, &s, NULL) != SQLITE_OK) {
            rc = db_err(st, why, "check");
            break;
        }
        int code;
        while ((code = sqlite3_step(s)) == SQLITE_ROW) {
            struct record r;
            struct strbuf one = STRBUF_INIT;
            arena_reset(a);
            (*records)++;
            enum err e = read_row(st, s, d, a, &r, &one);
            if (!e && fn)
                e = fn(ctx, &r) == OK ? OK : ERR_INVALID;
            if (e && e != ERR_INVALID) {
                (*bad)++;
                if (*bad <= 50)
                    strbuf_addf(problems, "%s\n", strbuf_str(&one));
            } else if (e) {
                (*bad)++;
            }
            strbuf_release(&one);
        }
        if (code != SQLITE_DONE)
            rc = db_err(st, why, "check");
        sqlite3_finalize(s);
    }
    arena_free(a);
    return rc;
}
