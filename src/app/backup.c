/*
 * backup.c - what an operator does to keep the data: a backup taken while the server runs, a
 * restore into an empty place that is verified before it is put there, and a check of the whole
 * database (R-04, R-05, R-07; issue 22).
 *
 * A backup file: two lines of text, then the database sealed as a stream (crypto_file_seal)
 * under the backup subkey of the key it names, bound to both lines:
 *   trappe-backup 1
 *   key=<id> schema=<version> taken=<UTC> rows=<audit rows> head=<row>:<hash hex>
 * The key is never in it: a restore needs the key file, kept apart.
 * Must not: leave a plain copy of the database anywhere but beside the database, put a restored
 * database in place before it verifies, or overwrite anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/internal.h"
#include "core/log.h"
#include "domain/date.h"

#define BACKUP_MAGIC "trappe-backup 1\n"

static double
seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
with_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    char *p = xmalloc(n + k + 1);
    memcpy(p, path, n);
    memcpy(p + n, suffix, k + 1);
    return p;
}

/* Remove a database file and everything SQLite and trappe keep beside it. */
static void
remove_db_files(const char *db)
{
    static const char *const suffix[] = { "",         "-wal",    "-shm", "-journal",
                                          "-readlog", "-anchor", "-lock" };
    for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
        char *p = with_suffix(db, suffix[i]);
        (void)unlink(p);
        free(p);
    }
}

static bool
exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Sync the directory of path, so that a rename into it is durable. */
static enum err
sync_dir(const char *path, struct strbuf *why)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    const char *d = slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".";
    int fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    enum err rc = OK;
    if (fd < 0 || fsync(fd) != 0)
        rc = why_set(why, ERR_IO, "directory '%s': %s", d, strerror(errno));
    if (fd >= 0)
        close(fd);
    free(dir);
    return rc;
}

/* The header's second line for a database copy at st. */
static enum err
describe(struct store *st, int key_id, const char *taken, struct app_backup_info *info, char *line,
         size_t size, struct strbuf *why)
{
    unsigned char head[CRYPTO_HASH_BYTES];
    char hex[2 * CRYPTO_HASH_BYTES + 1];
    enum err rc = store_audit_count(st, &info->audit_rows, why);
    if (!rc)
        rc = store_audit_head(st, &info->head_id, head, why);
    if (rc)
        return rc;
    crypto_hex(head, CRYPTO_HASH_BYTES, hex);
    info->key_id = key_id;
    info->schema = store_schema_version(st);
    snprintf(line, size, "key=%d schema=%d taken=%s rows=%lld head=%lld:%s\n", key_id, info->schema,
             taken, (long long)info->audit_rows, (long long)info->head_id, hex);
    return OK;
}

enum err
app_backup(struct app *app, const char *to, struct app_backup_info *info, struct strbuf *why)
{
    memset(info, 0, sizeof(*info));
    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "backup: only for operators");
    if (exists(to))
        return why_set(why, ERR_CONFLICT,
                       "--to: '%s' exists; a backup never overwrites: choose a new name", to);
    double t0 = seconds_now();
    /* The plain copy stays beside the database (the same protection), never beside the
     * backup. */
    char *copy = with_suffix(store_path(app->store), "-backup");
    char *part = with_suffix(to, ".partial");
    remove_db_files(copy);
    int key_id;
    (void)keyring_current(&app->ring, &key_id);
    /* The read log first, then the database: a read acknowledged before the log was read is in
     * the one or the other (backup.c's reasoning: DESIGN notes in docs/OPERATIONS.md). */
    enum err rc = store_readlog_copy(app->store, copy, why);
    if (!rc)
        rc = store_copy_to(app->store, copy, why);
    char taken[DATETIME_BUF], line[256], ad[300];
    datetime_format(app->now(), taken);
    if (!rc) {
        /* Open the copy: its read log goes into its chain; then it is described. */
        struct store *cs = NULL;
        rc = store_open_keyed(copy, 0, &app->ring, &cs, why);
        if (!rc)
            rc = store_readlog_recover(cs, why);
        if (!rc)
            rc = describe(cs, key_id, taken, info, line, sizeof(line), why);
        store_close(cs);
    }
    int in = -1, out = -1;
    if (!rc) {
        snprintf(ad, sizeof(ad), "%s%s", BACKUP_MAGIC, line);
        in = open(copy, O_RDONLY | O_CLOEXEC);
        out = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (in < 0 || out < 0)
            rc = why_set(why, ERR_IO, "backup: %s: %s", in < 0 ? copy : part, strerror(errno));
    }
    if (!rc && write(out, ad, strlen(ad)) != (ssize_t)strlen(ad))
        rc = why_set(why, ERR_IO, "backup: cannot write '%s': %s", part, strerror(errno));
    if (!rc)
        rc = crypto_file_seal(keyring_subkey(&app->ring, key_id, KEY_BACKUP), ad, in, out, why);
    if (!rc && fsync(out) != 0)
        rc = why_set(why, errno == ENOSPC ? ERR_FULL : ERR_IO, "backup: '%s': %s", part,
                     strerror(errno));
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0 && !rc)
        rc = why_set(why, ERR_IO, "backup: '%s': %s", part, strerror(errno));
    if (!rc && rename(part, to) != 0)
        rc = why_set(why, ERR_IO, "backup: cannot put '%s' in place: %s", to, strerror(errno));
    if (!rc)
        rc = sync_dir(to, why);
    if (rc)
        (void)unlink(part);
    remove_db_files(copy);
    free(copy);
    free(part);
    if (rc)
        return rc;
    struct stat sb;
    info->bytes = stat(to, &sb) == 0 ? (int64_t)sb.st_size : 0;
    info->seconds = seconds_now() - t0;
    char detail[160];
    snprintf(detail, sizeof(detail), "audit rows %lld, head %lld, key %d, %lld bytes",
             (long long)info->audit_rows, (long long)info->head_id, key_id, (long long)info->bytes);
    return audit_alone(app, "backup", detail, why);
}

/* Read the two header lines of a backup from fd into ad (both, as sealed) and parse the key. */
static enum err
read_header(int fd, const char *from, char *ad, size_t size, struct app_backup_info *info,
            struct strbuf *why)
{
    size_t n = 0;
    int lines = 0;
    while (lines < 2 && n + 1 < size) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r != 1)
            break;
        ad[n++] = c;
        if (c == '\n')
            lines++;
    }
    ad[n] = '\0';
    long long rows, head;
    char taken[32], hex[80];
    if (lines != 2 || strncmp(ad, BACKUP_MAGIC, strlen(BACKUP_MAGIC)) != 0 ||
        sscanf(ad + strlen(BACKUP_MAGIC), "key=%d schema=%d taken=%31s rows=%lld head=%lld:%79s",
               &info->key_id, &info->schema, taken, &rows, &head, hex) != 6)
        return why_set(why, ERR_INVALID, "'%s' is not a trappe backup", from);
    info->audit_rows = rows;
    info->head_id = head;
    snprintf(info->taken, sizeof(info->taken), "%s", taken);
    return OK;
}

struct check_ctx {
    const struct config *cfg;
    struct strbuf *problems;
    int64_t shown;
};

/* A record that opened must also keep to its rules: changed bytes in a field that is not sealed
 * mostly break one (a date, a code, a number's range). Only type, id and the rule are named. */
static enum err
check_one(void *ctx, const struct record *r)
{
    struct check_ctx *c = ctx;
    struct strbuf why = STRBUF_INIT;
    enum err rc = record_validate(r, c->cfg, &why);
    if (rc && c->shown++ < 50) {
        const char *w = strbuf_str(&why);
        const char *colon = strchr(w, ':');
        strbuf_addf(c->problems, "%s %lld: %.*s: breaks its rule\n", r->desc->name,
                    (long long)r->id, colon ? (int)(colon - w) : (int)strlen(w), w);
    }
    strbuf_release(&why);
    return rc;
}

enum err
app_check_store(struct store *st, const struct config *cfg, struct app_check_report *out,
                struct strbuf *why)
{
    memset(out, 0, sizeof(*out));
    strbuf_init(&out->problems, 0);
    strbuf_init(&out->warnings, 0);
    enum err rc = store_integrity(st, &out->problems, why);
    if (rc)
        return rc;
    out->integrity_ok = out->problems.len == 0;
    struct check_ctx c = { cfg, &out->problems, 0 };
    rc = store_check_records(st, check_one, &c, &out->records, &out->bad_records, &out->problems,
                             why);
    if (rc)
        return rc;
    struct strbuf chain = STRBUF_INIT;
    enum err v = store_audit_verify(st, &out->audit_rows, &out->bad_audit_row, &chain);
    if (v == ERR_INVALID) {
        out->chain_ok = false;
        strbuf_addf(&out->problems, "audit chain: %s\n", strbuf_str(&chain));
    } else if (v) {
        rc = why_set(why, v, "%s", strbuf_str(&chain));
    } else {
        out->chain_ok = true;
    }
    strbuf_release(&chain);
    if (!rc)
        rc = store_anchor_compare(st, &out->anchor, why);
    if (!rc && (out->anchor.state == ANCHOR_AHEAD || out->anchor.state == ANCHOR_DIFFERS ||
                out->anchor.state == ANCHOR_DAMAGED))
        strbuf_addf(&out->problems,
                    "audit anchor: the chain ends at row %lld; its anchor outside the file "
                    "names row %lld%s\n",
                    (long long)out->anchor.chain_id, (long long)out->anchor.anchor_id,
                    out->anchor.state == ANCHOR_DIFFERS ? " with another hash" : "");
    if (!rc)
        rc = store_audit_warnings(st, &out->warnings, &out->warning_rows, why);
    return rc;
}

enum err
app_check(struct app *app, struct app_check_report *out, struct strbuf *why)
{
    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "check: only for operators");
    return app_check_store(app->store, &app->cfg, out, why);
}

bool
app_check_clean(const struct app_check_report *r)
{
    return r->integrity_ok && r->chain_ok && r->bad_records == 0 &&
           r->anchor.state != ANCHOR_AHEAD && r->anchor.state != ANCHOR_DIFFERS &&
           r->anchor.state != ANCHOR_DAMAGED;
}

enum err
app_restore(const struct app_options *opt, const char *from, struct app_backup_info *info,
            struct app_check_report *report, struct strbuf *why)
{
    memset(info, 0, sizeof(*info));
    memset(report, 0, sizeof(*report));
    strbuf_init(&report->problems, 0);
    strbuf_init(&report->warnings, 0);
    const char *db = opt->db_path;
    static const char *const beside[] = { "", "-wal", "-shm" };
    for (size_t i = 0; i < ARRAY_SIZE(beside); i++) {
        char *p = with_suffix(db, beside[i]);
        bool there = exists(p);
        free(p);
        if (there)
            return why_set(why, ERR_CONFLICT,
                           "--db: '%s%s' exists; a restore goes where no database is: move it "
                           "away first",
                           db, beside[i]);
    }
    char key_path[512];
    const char *env = getenv("TRAPPE_KEY_FILE");
    snprintf(key_path, sizeof(key_path), "%s%s",
             opt->key_path ? opt->key_path
             : env && *env ? env
                           : db,
             opt->key_path || (env && *env) ? "" : ".key");
    struct keyring *ring = xcalloc(1, sizeof(*ring));
    enum err rc = crypto_keyfile_load(key_path, false, ring, why);
    if (rc == ERR_NOT_FOUND)
        why_set(why, ERR_NOT_FOUND,
                "key file '%s' is missing: put the database's key file there first (from where "
                "keys are kept; a backup never holds it)",
                key_path);
    int in = -1, out = -1;
    char ad[300];
    char *tmp = with_suffix(db, "-restoring");
    if (!rc) {
        in = open(from, O_RDONLY | O_CLOEXEC);
        if (in < 0)
            rc = why_set(why, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "'%s': %s", from,
                         strerror(errno));
    }
    if (!rc)
        rc = read_header(in, from, ad, sizeof(ad), info, why);
    const unsigned char *key = rc ? NULL : keyring_subkey(ring, info->key_id, KEY_BACKUP);
    if (!rc && !key)
        rc = why_set(why, ERR_INVALID,
                     "the key file '%s' lacks key %d, which the backup was sealed with: it is "
                     "another database's key file, or older than the backup",
                     key_path, info->key_id);
    if (!rc) {
        remove_db_files(tmp);
        out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (out < 0)
            rc = why_set(why, errno == EACCES || errno == EROFS ? ERR_READONLY : ERR_IO,
                         "restore: '%s': %s", tmp, strerror(errno));
    }
    if (!rc)
        rc = crypto_file_open(key, ad, in, out, why);
    if (!rc && fsync(out) != 0)
        rc = why_set(why, errno == ENOSPC ? ERR_FULL : ERR_IO, "restore: '%s': %s", tmp,
                     strerror(errno));
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0 && !rc)
        rc = why_set(why, ERR_IO, "restore: '%s': %s", tmp, strerror(errno));
    /* Verified before it is put in place: every page, every sealed field, the whole chain, and
     * the chain's head as the backup's header names it. */
    if (!rc) {
        struct app a;
        struct app_options o = *opt;
        o.db_path = tmp;
        o.key_path = key_path;
        o.create = false;
        o.check = true;
        o.actor = "cli:restore";
        rc = app_open(&a, &o, why);
        if (!rc) {
            rc = app_check_store(a.store, &a.cfg, report, why);
            unsigned char head[CRYPTO_HASH_BYTES];
            int64_t head_id = 0;
            if (!rc)
                rc = store_audit_head(a.store, &head_id, head, why);
            char hex[2 * CRYPTO_HASH_BYTES + 1];
            crypto_hex(head, CRYPTO_HASH_BYTES, hex);
            const char *h = strstr(ad, "head=");
            char want[120];
            snprintf(want, sizeof(want), "head=%lld:%s\n", (long long)head_id, hex);
            if (!rc && (!h || strcmp(h, want) != 0))
                strbuf_addf(&report->problems,
                            "the restored chain ends at row %lld, not where the backup's header "
                            "says\n",
                            (long long)head_id);
            if (!rc && (!app_check_clean(report) || (h && strcmp(h, want) != 0)))
                rc = why_set(why, ERR_DB,
                             "restore: the backup does not verify; nothing was put "
                             "in place:\n%s",
                             strbuf_str(&report->problems));
            app_close(&a);
        }
    }
    if (!rc) {
        char *anchor = with_suffix(tmp, "-anchor");
        (void)unlink(anchor);
        free(anchor);
        if (rename(tmp, db) != 0)
            rc = why_set(why, ERR_IO, "restore: cannot put '%s' in place: %s", db, strerror(errno));
        else
            rc = sync_dir(db, why);
    }
    remove_db_files(tmp);
    free(tmp);
    crypto_wipe(ring, sizeof(*ring));
    free(ring);
    if (rc)
        return rc;
    /* Opened once where it now is: its anchor is written from its chain. */
    struct app a;
    struct app_options o = *opt;
    o.key_path = key_path;
    o.actor = "cli:restore";
    rc = app_open(&a, &o, why);
    if (!rc) {
        rc = store_anchor_reset(a.store, why);
        app_close(&a);
    }
    return rc;
}
