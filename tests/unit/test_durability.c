/* test_durability.c - QUALITY in make check (issue 22), on a SQLite VFS shim over
 * the real one ("unix"):
 * - power loss: writes reach the file only when it is synced; a "power loss" drops every write
 *   not yet synced. Under synchronous=FULL (what the store sets) no acknowledged write is lost;
 *   a control run with synchronous=NORMAL loses some, which shows the shim bites.
 * - faults: the Nth write or sync fails (disk full, I/O error), N swept over a whole operation:
 *   an operation answered as failed left nothing behind, one answered as done is there with its
 *   audit row after a restart, and a full disk is named as such.
 */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <sqlite3.h>

#include "app/app.h"
#include "json/json.h"
#include "store/store_internal.h" /* store_db */
#include "testlib.h"

/* --- the shim --- */

struct pending {
    sqlite3_int64 off;
    int len;
    unsigned char *data;
};

/* The unsynced writes of one file, by name: kept across a close and an open, as a page cache
 * keeps them, and dropped by a power loss. */
struct cache {
    char name[512];
    struct pending *w;
    int n, cap;
};

static struct cache caches[16];
static int ncaches;

static struct {
    bool dead;         /* after a power loss: nothing more reaches the disk */
    int fail_write_at; /* the Nth xWrite fails (0: never) */
    int fail_sync_at;  /* the Nth xSync fails (0: never) */
    int fail_code;     /* with this code */
    int writes, syncs; /* counted since the last arm */
} shim;

struct shim_file {
    sqlite3_file base;
    struct cache *cache;
    sqlite3_file *real; /* allocated after this struct */
};

static sqlite3_vfs shim_vfs;
static sqlite3_vfs *real_vfs;

static struct cache *
cache_of(const char *name)
{
    for (int i = 0; i < ncaches; i++)
        if (strcmp(caches[i].name, name) == 0)
            return &caches[i];
    assert_true(ncaches < (int)ARRAY_SIZE(caches));
    struct cache *c = &caches[ncaches++];
    memset(c, 0, sizeof(*c));
    snprintf(c->name, sizeof(c->name), "%s", name);
    return c;
}

static void
cache_drop(struct cache *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->w[i].data);
    c->n = 0;
}

static void
power_loss(void)
{
    for (int i = 0; i < ncaches; i++)
        cache_drop(&caches[i]);
    shim.dead = true;
}

static void
power_back(void)
{
    shim.dead = false;
    for (int i = 0; i < ncaches; i++) {
        cache_drop(&caches[i]);
        free(caches[i].w);
    }
    ncaches = 0;
}

static sqlite3_int64
cache_end(const struct cache *c, sqlite3_int64 size)
{
    for (int i = 0; i < c->n; i++)
        if (c->w[i].off + c->w[i].len > size)
            size = c->w[i].off + c->w[i].len;
    return size;
}

static int
real_size(struct shim_file *f, sqlite3_int64 *size)
{
    return f->real->pMethods->xFileSize(f->real, size);
}

/* The unsynced writes reach the file (a sync). */
static int
flush(struct shim_file *f)
{
    struct cache *c = f->cache;
    int rc = SQLITE_OK;
    for (int i = 0; i < c->n && rc == SQLITE_OK; i++)
        rc = f->real->pMethods->xWrite(f->real, c->w[i].data, c->w[i].len, c->w[i].off);
    cache_drop(c);
    return rc;
}

static int
s_close(sqlite3_file *p)
{
    struct shim_file *f = (struct shim_file *)p;
    return f->real->pMethods->xClose(f->real);
}

static int
s_read(sqlite3_file *p, void *buf, int amt, sqlite3_int64 off)
{
    struct shim_file *f = (struct shim_file *)p;
    int rc = f->real->pMethods->xRead(f->real, buf, amt, off);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return rc;
    const struct cache *c = f->cache;
    for (int i = 0; i < c->n; i++) {
        sqlite3_int64 a = c->w[i].off > off ? c->w[i].off : off;
        sqlite3_int64 b =
            c->w[i].off + c->w[i].len < off + amt ? c->w[i].off + c->w[i].len : off + amt;
        if (a < b)
            memcpy((unsigned char *)buf + (a - off), c->w[i].data + (a - c->w[i].off),
                   (size_t)(b - a));
    }
    sqlite3_int64 size;
    if (real_size(f, &size) != SQLITE_OK)
        return SQLITE_IOERR_READ;
    return cache_end(c, size) >= off + amt ? SQLITE_OK : SQLITE_IOERR_SHORT_READ;
}

static int
s_write(sqlite3_file *p, const void *buf, int amt, sqlite3_int64 off)
{
    struct shim_file *f = (struct shim_file *)p;
    if (shim.dead)
        return SQLITE_OK;
    if (shim.fail_write_at && ++shim.writes == shim.fail_write_at)
        return shim.fail_code == SQLITE_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    struct cache *c = f->cache;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->w = realloc(c->w, (size_t)c->cap * sizeof(*c->w));
        assert_non_null(c->w);
    }
    struct pending *w = &c->w[c->n++];
    w->off = off;
    w->len = amt;
    w->data = malloc((size_t)amt);
    assert_non_null(w->data);
    memcpy(w->data, buf, (size_t)amt);
    return SQLITE_OK;
}

static int
s_truncate(sqlite3_file *p, sqlite3_int64 size)
{
    struct shim_file *f = (struct shim_file *)p;
    if (shim.dead)
        return SQLITE_OK;
    int rc = flush(f); /* a truncation follows a sync in SQLite; kept simple */
    return rc ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int
s_sync(sqlite3_file *p, int flags)
{
    struct shim_file *f = (struct shim_file *)p;
    if (shim.dead)
        return SQLITE_OK;
    if (shim.fail_sync_at && ++shim.syncs == shim.fail_sync_at) {
        cache_drop(f->cache); /* what a failed sync was to make durable never gets there */
        return SQLITE_IOERR_FSYNC;
    }
    int rc = flush(f);
    return rc ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int
s_size(sqlite3_file *p, sqlite3_int64 *size)
{
    struct shim_file *f = (struct shim_file *)p;
    int rc = real_size(f, size);
    if (rc == SQLITE_OK)
        *size = cache_end(f->cache, *size);
    return rc;
}

#define PASS(name)                                     \
    static int s_##name(sqlite3_file *p, int a)        \
    {                                                  \
        struct shim_file *f = (struct shim_file *)p;   \
        return f->real->pMethods->x##name(f->real, a); \
    }
PASS(Lock)
PASS(Unlock)

static int
s_check(sqlite3_file *p, int *out)
{
    struct shim_file *f = (struct shim_file *)p;
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int
s_control(sqlite3_file *p, int op, void *arg)
{
    struct shim_file *f = (struct shim_file *)p;
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int
s_sector(sqlite3_file *p)
{
    struct shim_file *f = (struct shim_file *)p;
    return f->real->pMethods->xSectorSize(f->real);
}

static int
s_caps(sqlite3_file *p)
{
    struct shim_file *f = (struct shim_file *)p;
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int
s_shm_map(sqlite3_file *p, int pg, int pgsz, int extend, void volatile **out)
{
    struct shim_file *f = (struct shim_file *)p;
    return f->real->pMethods->xShmMap(f->real, pg, pgsz, extend, out);
}

static int
s_shm_lock(sqlite3_file *p, int off, int n, int flags)
{
    struct shim_file *f = (struct shim_file *)p;
    return f->real->pMethods->xShmLock(f->real, off, n, flags);
}

static void
s_shm_barrier(sqlite3_file *p)
{
    struct shim_file *f = (struct shim_file *)p;
    f->real->pMethods->xShmBarrier(f->real);
}

static int
s_shm_unmap(sqlite3_file *p, int del)
{
    struct shim_file *f = (struct shim_file *)p;
    return f->real->pMethods->xShmUnmap(f->real, shim.dead ? 0 : del);
}

static const sqlite3_io_methods shim_io = {
    2,          s_close,       s_read,      s_write,   s_truncate, s_sync, s_size,
    s_Lock,     s_Unlock,      s_check,     s_control, s_sector,   s_caps, s_shm_map,
    s_shm_lock, s_shm_barrier, s_shm_unmap, NULL,      NULL,
};

static int
s_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *p, int flags, int *out_flags)
{
    (void)vfs;
    struct shim_file *f = (struct shim_file *)p;
    memset(f, 0, sizeof(*f));
    f->real = (sqlite3_file *)(f + 1);
    int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK)
        return rc;
    f->cache = cache_of(name ? name : "");
    f->base.pMethods = &shim_io;
    return SQLITE_OK;
}

static int
s_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
    (void)vfs;
    if (shim.dead)
        return SQLITE_OK; /* a WAL removed at close after the power went: it stays on disk */
    cache_drop(cache_of(name));
    return real_vfs->xDelete(real_vfs, name, sync);
}

static int
s_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int
s_fullname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void
shim_install(void)
{
    if (real_vfs)
        return;
    real_vfs = sqlite3_vfs_find("unix");
    assert_non_null(real_vfs);
    shim_vfs = *real_vfs;
    shim_vfs.zName = "shim";
    shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
    shim_vfs.xOpen = s_open;
    shim_vfs.xDelete = s_delete;
    shim_vfs.xAccess = s_access;
    shim_vfs.xFullPathname = s_fullname;
    assert_int_equal(sqlite3_vfs_register(&shim_vfs, 0), SQLITE_OK);
}

/* The shim becomes the default VFS (what store_open uses), or the real one again. */
static void
shim_default(bool on)
{
    assert_int_equal(sqlite3_vfs_register(on ? &shim_vfs : real_vfs, 1), SQLITE_OK);
}

/* --- power loss --- */

static char path[256];

/* Rows acknowledged, then the power goes: how many are there after it comes back. */
static int
raw_run(const char *sync, int rows, int lose_after)
{
    sqlite3 *db;
    char sql[96];
    test_db_remove(path);
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "shim"),
                     SQLITE_OK);
    snprintf(sql, sizeof(sql), "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;", sync);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x INTEGER)", NULL, NULL, NULL), SQLITE_OK);
    int acked = 0;
    for (int i = 1; i <= rows; i++) {
        snprintf(sql, sizeof(sql), "INSERT INTO t VALUES(%d)", i);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
            acked = i;
        if (i == lose_after)
            power_loss();
    }
    sqlite3_close(db);
    power_back();
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "unix"), SQLITE_OK);
    sqlite3_stmt *s;
    int n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    else
        n = 0; /* the table itself was lost: nothing was synced */
    sqlite3_finalize(s);
    char res[16] = "";
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        snprintf(res, sizeof(res), "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    assert_string_equal(res, "ok");
    sqlite3_close(db);
    (void)acked;
    return n;
}

static void
full_loses_nothing_acknowledged_normal_does(void **state)
{
    (void)state;
    shim_install();
    test_db_path(path, sizeof(path), "durability");
    int lost_full = 0, lost_normal = 0;
    for (int k = 10; k <= 200; k += 38) {
        int n = raw_run("FULL", k, k);
        assert_int_equal(n, k); /* every acknowledged row */
        lost_full += k - n;
        n = raw_run("NORMAL", k, k);
        assert_true(n <= k);
        lost_normal += k - n;
    }
    print_message("# power loss: FULL lost %d acknowledged rows, the NORMAL control %d\n",
                  lost_full, lost_normal);
    assert_int_equal(lost_full, 0);
    assert_true(lost_normal > 0); /* the shim bites */
    test_db_remove(path);
}

/* --- the store under the shim: the application's own writes --- */

static struct arena *arena;

static enum err
app_with(const char *db, bool create, struct app *app, struct strbuf *why)
{
    struct app_options opt = { db, test_config_dir(), "cli:test", create, false, NULL, 0 };
    return app_open(app, &opt, why);
}

static enum err
add_child(struct app *app, int i, int64_t *id, struct strbuf *why)
{
    char line[160];
    struct record r;
    snprintf(line, sizeof(line),
             "{\"type\":\"child\",\"name\":\"Holdbar Testesen %d\",\"birth_date\":\"2015-01-%02d\","
             "\"sex\":\"female\"}",
             i, 1 + i % 28);
    enum err rc = json_record_decode(line, strlen(line), arena, &r, why);
    if (!rc)
        rc = app_record_add(app, arena, &r, why);
    *id = rc ? 0 : r.id;
    return rc;
}

/* How many children, and whether child id has its "create" audit row. */
static int64_t
children(struct app *app)
{
    int64_t n = 0;
    sqlite3_stmt *s;
    assert_int_equal(
        sqlite3_prepare_v2(store_db(app->store), "SELECT count(*) FROM child", -1, &s, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static bool
created_row(struct app *app, int64_t id)
{
    sqlite3_stmt *s;
    bool yes;
    assert_int_equal(sqlite3_prepare_v2(store_db(app->store),
                                        "SELECT 1 FROM audit WHERE action='create' AND "
                                        "record_type='child' AND record_id=?1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(s, 1, id);
    yes = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return yes;
}

static void
app_writes_survive_power_loss(void **state)
{
    (void)state;
    shim_install();
    arena = arena_new(0);
    test_db_path(path, sizeof(path), "durability-app");
    struct app app;
    struct strbuf why = STRBUF_INIT;
    for (int cycle = 0; cycle < 5; cycle++) {
        shim_default(true);
        assert_int_equal(app_with(path, cycle == 0, &app, &why), OK);
        int64_t before = children(&app), ids[40];
        int n = 10 + cycle * 7;
        for (int i = 0; i < n; i++)
            assert_int_equal(add_child(&app, cycle * 100 + i, &ids[i], &why), OK);
        power_loss();
        app_close(&app);
        power_back();
        shim_default(false);
        assert_int_equal(app_with(path, false, &app, &why), OK);
        assert_int_equal(children(&app), before + n);
        for (int i = 0; i < n; i++)
            assert_true(created_row(&app, ids[i]));
        int64_t rows = 0, bad = 0;
        assert_int_equal(store_audit_verify(app.store, &rows, &bad, &why), OK);
        app_close(&app);
    }
    test_db_remove(path);
    arena_free(arena);
    strbuf_release(&why);
}

/* --- faults swept over one operation --- */

static void
sweep(bool sync, int code)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    int answered_failed = 0, answered_done = 0;
    for (int at = 1; at < 60; at++) {
        shim_default(false);
        test_db_remove(path);
        assert_int_equal(app_with(path, true, &app, &why), OK);
        int64_t id0;
        assert_int_equal(add_child(&app, 0, &id0, &why), OK);
        app_close(&app);

        shim_default(true);
        assert_int_equal(app_with(path, false, &app, &why), OK);
        memset(&shim, 0, sizeof(shim));
        if (sync)
            shim.fail_sync_at = at;
        else
            shim.fail_write_at = at;
        shim.fail_code = code;
        int64_t id;
        strbuf_reset(&why);
        enum err rc = add_child(&app, at, &id, &why);
        bool reached = sync ? shim.syncs >= at : shim.writes >= at;
        memset(&shim, 0, sizeof(shim));
        app_close(&app);
        power_back();

        shim_default(false);
        assert_int_equal(app_with(path, false, &app, &why), OK);
        int64_t n = children(&app);
        if (rc == OK) {
            answered_done++;
            assert_int_equal(n, 2);
            assert_true(created_row(&app, id));
        } else {
            answered_failed++;
            if (n != 1)
                fail_msg("fault at %s %d: answered failed (%s) but the child was saved",
                         sync ? "sync" : "write", at, strbuf_str(&why));
            if (code == SQLITE_FULL && !sync)
                assert_int_equal(rc, ERR_FULL);
        }
        int64_t rows = 0, bad = 0;
        assert_int_equal(store_audit_verify(app.store, &rows, &bad, &why), OK);
        app_close(&app);
        if (!reached)
            break; /* the operation made fewer calls than at: every point was swept */
    }
    print_message("# %s %s: %d answered failed, %d done\n", sync ? "sync" : "write",
                  code == SQLITE_FULL ? "disk full" : "I/O error", answered_failed, answered_done);
    assert_true(answered_failed > 0);
    strbuf_release(&why);
}

static void
a_failed_write_is_never_committed(void **state)
{
    (void)state;
    shim_install();
    arena = arena_new(0);
    test_db_path(path, sizeof(path), "durability-faults");
    sweep(false, SQLITE_FULL);
    sweep(false, SQLITE_IOERR);
    sweep(true, SQLITE_IOERR);
    shim_default(false);
    test_db_remove(path);
    arena_free(arena);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_loses_nothing_acknowledged_normal_does),
        cmocka_unit_test(app_writes_survive_power_loss),
        cmocka_unit_test(a_failed_write_is_never_committed),
    };
    if (crypto_init() != OK)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
