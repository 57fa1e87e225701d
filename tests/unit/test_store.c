/* test_store.c - the store contract on SQLite: migrations, schema, constraints, versions, audit. */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/crypto.h"
#include "domain/date.h"
#include "json/json.h"
#include "store/store.h"
#include "testlib.h"

static char path[256];
static struct arena *arena;

static int
setup(void **state)
{
    (void)state;
    test_db_path(path, sizeof(path), "store");
    arena = arena_new(0);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    test_db_remove(path);
    arena_free(arena);
    return 0;
}

/* The audit chain's key (a test key, made once per run). */
static struct keyring ring;

static void
with_keys(struct store *st)
{
    if (!ring.n) {
        ring.n = 1;
        ring.ids[0] = 1;
        crypto_key_new(ring.keys[0]);
        for (int k = 0; k < 3; k++)
            crypto_subkey(ring.keys[0], (enum crypto_purpose)(k + 1), ring.sub[0][k]);
    }
    if (store_set_keys(st, &ring, NULL) != OK)
        fail_msg("store_set_keys");
}

static enum err
first_version(void *ctx, int64_t version, const char *json, const char *at, const char *by)
{
    (void)version, (void)at, (void)by;
    char **seen = ctx;
    if (!*seen)
        *seen = strdup(json);
    return OK;
}

static struct store *
open_new(void)
{
    struct store *st = NULL;
    struct strbuf why = STRBUF_INIT;
    test_db_remove(path);
    if (store_open(path, STORE_CREATE, &st, &why) != OK)
        fail_msg("%s", strbuf_str(&why));
    with_keys(st);
    strbuf_release(&why);
    return st;
}

static struct record
child(const char *name)
{
    struct record r;
    record_init(&r, record_desc_by_name("child"));
    assert_int_equal(record_set_text(&r, arena, record_field_index(r.desc, "name"), name, NULL),
                     OK);
    return r;
}

static void
missing_file_needs_create(void **state)
{
    (void)state;
    struct store *st = NULL;
    struct strbuf why = STRBUF_INIT;
    test_db_remove(path);
    assert_int_equal(store_open(path, 0, &st, &why), ERR_NOT_FOUND);
    assert_non_null(strstr(strbuf_str(&why), "trappe init"));
    assert_int_equal(access(path, F_OK), -1); /* nothing was created */
    strbuf_release(&why);
}

static void
migrates_from_empty(void **state)
{
    (void)state;
    struct store *st = open_new();
    assert_true(store_schema_latest() >= 1);
    assert_int_equal(store_schema_version(st), store_schema_latest());
    store_close(st);
    /* Reopening applies nothing and keeps the version. */
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(store_open(path, 0, &st, &why), OK);
    with_keys(st);
    assert_int_equal(store_schema_version(st), store_schema_latest());
    store_close(st);
    strbuf_release(&why);
}

/* Every field of records.def has a column of the same name and storage class. */
static void
schema_matches_records_def(void **state)
{
    (void)state;
    store_close(open_new());
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (int t = 0; t < RT__COUNT; t++) {
        const struct record_desc *d = record_desc_get((enum record_type)t);
        for (int i = 0; i < d->nfields; i++) {
            sqlite3_stmt *s;
            assert_int_equal(
                sqlite3_prepare_v2(db, "SELECT type FROM pragma_table_info(?) WHERE name=?", -1, &s,
                                   NULL),
                SQLITE_OK);
            sqlite3_bind_text(s, 1, d->table, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, d->fields[i].name, -1, SQLITE_STATIC);
            if (sqlite3_step(s) != SQLITE_ROW)
                fail_msg("table %s has no column %s", d->table, d->fields[i].name);
            const char *type = (const char *)sqlite3_column_text(s, 0);
            enum field_kind k = d->fields[i].kind;
            bool is_int = k == FK_INT || k == FK_BOOL || k == FK_REF || k == FK_STEP;
            if (strcmp(type, is_int ? "INTEGER" : "TEXT") != 0)
                fail_msg("%s.%s is %s", d->table, d->fields[i].name, type);
            sqlite3_finalize(s);
        }
    }
    /* Durable settings: WAL persists in the file. */
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    sqlite3_close(db);
}

static void
insert_get_each_update(void **state)
{
    (void)state;
    struct store *st = open_new();
    struct record a = child("Anna"), b = child("Bo"), got;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(store_begin(st, &why), OK);
    assert_int_equal(store_record_insert(st, &a, &why), OK);
    assert_int_equal(store_record_insert(st, &b, &why), OK);
    assert_int_equal(store_commit(st, &why), OK);
    assert_int_equal(a.id, 1);
    assert_int_equal(b.id, 2);

    assert_int_equal(store_record_get(st, a.desc, 2, arena, &got, &why), OK);
    assert_string_equal(record_get_s(&got, "name"), "Bo");
    assert_int_equal(got.version, 1);
    assert_int_equal(store_record_get(st, a.desc, 99, arena, &got, &why), ERR_NOT_FOUND);

    /* Optimistic locking: the first update wins, a stale one is refused and changes nothing. */
    struct record edit = child("Bo Bentsen");
    edit.id = 2;
    assert_int_equal(store_begin(st, &why), OK);
    assert_int_equal(
        store_record_update(st, &edit, 1, "{\"old\":1}", "2024-01-01T00:00:00Z", "cli:test", &why),
        OK);
    assert_int_equal(store_commit(st, &why), OK);
    assert_int_equal(edit.version, 2);
    struct record stale = child("Bo B.");
    stale.id = 2;
    assert_int_equal(store_begin(st, &why), OK);
    assert_int_equal(
        store_record_update(st, &stale, 1, "{}", "2024-01-01T00:00:00Z", "cli:x", &why),
        ERR_CONFLICT);
    store_rollback(st);
    assert_int_equal(store_record_get(st, a.desc, 2, arena, &got, &why), OK);
    assert_string_equal(record_get_s(&got, "name"), "Bo Bentsen");
    assert_int_equal(got.version, 2);
    store_close(st);

    /* The old version is kept, sealed (no plain text in the file), and opens with the key. */
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT data FROM record_version WHERE record_type='child' "
                                        "AND record_id=2 AND version=1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_null(strstr((const char *)sqlite3_column_text(s, 0), "old"));
    assert_int_equal(strncmp((const char *)sqlite3_column_text(s, 0), "e1:", 3), 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    st = NULL;
    assert_int_equal(store_open(path, 0, &st, &why), OK);
    with_keys(st);
    char *seen = NULL;
    assert_int_equal(store_record_history(st, a.desc, 2, first_version, &seen, &why), OK);
    assert_non_null(seen);
    assert_string_equal(seen, "{\"old\":1}");
    free(seen);
    store_close(st);
    strbuf_release(&why);
}

/* Audit rows from before the chain (hash NULL) are sealed into it when the database is opened
 * with its key; finding out whether there are any reads an index, not the whole trail (P-10). */
static void
rows_before_the_chain_are_sealed_at_open(void **state)
{
    (void)state;
    store_close(open_new());
    sqlite3 *db;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO audit(at,actor,action,detail) VALUES "
                                  "('2019-01-01T00:00:00Z','cli:old','list','1'),"
                                  "('2019-01-02T00:00:00Z','cli:old','list','2')",
                                  NULL, NULL, &msg),
                     SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "EXPLAIN QUERY PLAN SELECT EXISTS "
                                        "(SELECT 1 FROM audit WHERE hash IS NULL)",
                                        -1, &s, NULL),
                     SQLITE_OK);
    bool indexed = false;
    while (sqlite3_step(s) == SQLITE_ROW)
        indexed = indexed || strstr((const char *)sqlite3_column_text(s, 3), "audit_unsealed");
    sqlite3_finalize(s);
    assert_true(indexed);
    sqlite3_close(db);

    struct store *st = NULL;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(store_open(path, 0, &st, &why), OK);
    with_keys(st);
    int64_t rows = 0, bad = 0;
    assert_int_equal(store_audit_verify(st, &rows, &bad, &why), OK);
    assert_int_equal(rows, 2);
    store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT count(*) FROM audit WHERE hash IS NULL", -1, &s, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    strbuf_release(&why);
}

/* The read log (readlog.c): what a process left in it goes into the chain at the next open,
 * once, and in order; a last record cut short by a crash is left out; a changed record stops
 * the open; one process at a time holds it. */
static int64_t
audit_count(struct store *st)
{
    int64_t n = -1;
    assert_int_equal(store_audit_count(st, &n, NULL), OK);
    return n;
}

static void
log_rows(struct readlog *l, int n, const char *detail)
{
    struct audit_entry e[8];
    const struct audit_entry *rows[8];
    assert_true(n <= 8);
    for (int i = 0; i < n; i++) {
        e[i] = (struct audit_entry){
            "2026-11-23T10:00:00Z", "user:7", "read", "child", 40 + i, 40, detail,
            i % 2 ? NULL : "req-1"
        };
        rows[i] = &e[i];
    }
    assert_int_equal(store_readlog_append(l, rows, (size_t)n, NULL), OK);
}

static void
log_name(char *p, size_t n)
{
    snprintf(p, n, "%s-readlog", path);
}

static off_t
log_size(void)
{
    char p[512];
    struct stat sb;
    log_name(p, sizeof(p));
    return stat(p, &sb) == 0 ? sb.st_size : -1;
}

/* Where the records end: each starts with its length (little-endian), zeros follow them. */
static off_t
log_end(int fd)
{
    off_t at = 0;
    unsigned char b[4];
    while (pread(fd, b, 4, at) == 4 && (b[0] | b[1] | b[2] | b[3]))
        at += 4 + (off_t)(b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24);
    return at;
}

/* Change the log: zero its last n bytes of records, flip the byte at flip, or (drop_first) move
 * every record after the first to the front. */
static void
log_change(off_t zero_last, off_t flip, bool drop_first)
{
    char p[512];
    log_name(p, sizeof(p));
    int fd = open(p, O_RDWR);
    assert_true(fd >= 0);
    off_t end = log_end(fd);
    unsigned char buf[4096];
    assert_true(end > 0 && end <= (off_t)sizeof(buf));
    assert_int_equal(pread(fd, buf, (size_t)end, 0), end);
    if (zero_last > 0)
        memset(buf + end - zero_last, 0, (size_t)zero_last);
    if (flip >= 0)
        buf[flip] ^= 1;
    off_t from = 0;
    if (drop_first) {
        from = 4 + (off_t)(buf[0] | buf[1] << 8 | buf[2] << 16 | (uint32_t)buf[3] << 24);
        memset(buf + end, 0, (size_t)from);
    }
    assert_int_equal(pwrite(fd, buf + from, (size_t)end, 0), end);
    close(fd);
}

static void
read_log_rows_reach_the_chain_once(void **state)
{
    (void)state;
    struct store *st = open_new();
    struct strbuf why = STRBUF_INIT;
    int64_t n0 = audit_count(st);

    /* Three rows logged, then the process stops short: the next open puts them in. */
    struct readlog *l = NULL, *other = NULL;
    assert_int_equal(store_readlog_open(st, &l, &why), OK);
    assert_int_equal(store_readlog_open(st, &other, &why), ERR_CONFLICT);
    assert_non_null(strstr(strbuf_str(&why), "held by another process"));
    log_rows(l, 3, "a");
    assert_int_equal(store_readlog_recover(st, NULL), OK); /* held: left alone */
    assert_int_equal(audit_count(st), n0);
    store_readlog_close(l);
    assert_true(log_size() > 0);
    assert_int_equal(store_readlog_recover(st, &why), OK);
    assert_int_equal(audit_count(st), n0 + 3);
    assert_int_equal(log_size(), 0);
    assert_int_equal(store_readlog_recover(st, &why), OK);
    assert_int_equal(audit_count(st), n0 + 3);

    /* Rows the chain took, with the mark, but a file that was not emptied: not taken again;
     * the numbering goes on after them. */
    assert_int_equal(store_readlog_open(st, &l, &why), OK);
    log_rows(l, 2, "b");
    assert_int_equal(store_begin(st, NULL), OK);
    for (int i = 0; i < 2; i++) {
        struct audit_entry e = {
            "2026-11-23T10:00:01Z", "user:7", "read", "child", 50, 40, "b", NULL
        };
        assert_int_equal(store_audit_append(st, &e, NULL), OK);
    }
    assert_int_equal(store_readlog_mark(l, NULL), OK);
    assert_int_equal(store_commit(st, NULL), OK);
    log_rows(l, 1, "c");
    store_readlog_close(l);
    assert_int_equal(store_readlog_recover(st, &why), OK);
    assert_int_equal(audit_count(st), n0 + 6);

    /* A last record cut short (a crash while writing it) is left out; the rest go in. */
    assert_int_equal(store_readlog_open(st, &l, &why), OK);
    log_rows(l, 2, "d");
    store_readlog_close(l);
    log_change(5, -1, false);
    assert_int_equal(store_readlog_recover(st, &why), OK);
    assert_int_equal(audit_count(st), n0 + 7);

    /* Written from the start again after the chain took it: the records of before that, still
     * further on in the file, are not taken again. */
    assert_int_equal(store_readlog_open(st, &l, &why), OK);
    log_rows(l, 3, "e");
    assert_int_equal(store_begin(st, NULL), OK);
    assert_int_equal(store_readlog_mark(l, NULL), OK);
    assert_int_equal(store_commit(st, NULL), OK);
    store_readlog_reset(l);
    log_rows(l, 1, "f");
    store_readlog_close(l);
    assert_int_equal(store_readlog_recover(st, &why), OK);
    assert_int_equal(audit_count(st), n0 + 8);

    /* A changed record ends the log: neither it nor what follows reaches the chain. */
    assert_int_equal(store_readlog_open(st, &l, &why), OK);
    log_rows(l, 3, "g");
    store_readlog_close(l);
    log_change(0, 60, false); /* a byte of the first record's texts */
    assert_int_equal(store_readlog_recover(st, &why), OK);
    /* ... but the two whole records after it are named in the chain as dropped (issue 22). */
    assert_int_equal(audit_count(st), n0 + 9);
    struct strbuf lines = STRBUF_INIT;
    int64_t warned = 0;
    assert_int_equal(store_audit_warnings(st, &lines, &warned, &why), OK);
    assert_int_equal(warned, 1);
    assert_non_null(strstr(strbuf_str(&lines), "readlog_dropped: 2 read-audit records"));
    strbuf_release(&lines);

    /* A record taken out in front of the first the chain does not have stops the open. */
    assert_int_equal(store_readlog_open(st, &l, &why), OK);
    log_rows(l, 3, "h");
    store_readlog_close(l);
    log_change(0, -1, true);
    assert_int_equal(store_readlog_recover(st, &why), ERR_DB);
    assert_non_null(strstr(strbuf_str(&why), "are missing"));
    assert_int_equal(audit_count(st), n0 + 9);
    assert_int_equal(store_readlog_open(st, &l, &why), ERR_DB);
    char name[512];
    log_name(name, sizeof(name));
    assert_int_equal(truncate(name, 0), 0);
    assert_int_equal(store_readlog_recover(st, &why), OK);

    int64_t rows = 0, bad = 0;
    assert_int_equal(store_audit_verify(st, &rows, &bad, &why), OK);
    assert_int_equal(rows, n0 + 9);
    store_close(st);
    strbuf_release(&why);
}

static int64_t put(struct store *st, const char *line);

struct seen {
    int64_t child;
    size_t n[RT__COUNT];
    int64_t ids[RT__COUNT][8];
    const char *words, *present, *wishes, *name;
};

static enum err
see(void *ctx, const struct record *r)
{
    struct seen *s = ctx;
    enum record_type t = r->desc->type;
    if (t == RT_child) {
        s->child = r->id;
        s->name = record_get_s(r, "name");
    } else
        assert_int_equal(r->v[r->desc->child_field].i, s->child ? s->child : 1);
    if (t == RT_conversation) {
        s->words = record_get_s(r, "child_words");
        s->present = record_get_s(r, "present");
        s->wishes = record_get_s(r, "child_wishes");
    }
    assert_true(s->n[t] < 8);
    s->ids[t][s->n[t]++] = r->id;
    return OK;
}

static int
id_cmp(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* One statement reads a child and all its records: the same rows as one read per type, sealed
 * fields opened, nothing of another child, and no child no rows. */
static void
child_all_is_every_type_read_alone(void **state)
{
    (void)state;
    struct store *st = open_new();
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(store_begin(st, &why), OK);
    int64_t a = put(st, "{\"type\":\"child\",\"name\":\"Anna\"}");
    int64_t b = put(st, "{\"type\":\"child\",\"name\":\"Bo\"}");
    assert_int_equal(a, 1);
    char line[512];
    const char *of_a[] = {
        "{\"type\":\"notification\",\"child_id\":1,\"received_at\":\"2024-01-02T08:00:00Z\","
        "\"notifier_type\":\"school\",\"professional\":true}",
        "{\"type\":\"notification\",\"child_id\":1,\"received_at\":\"2024-03-02T08:00:00Z\","
        "\"notifier_type\":\"police\",\"professional\":true}",
        "{\"type\":\"case\",\"child_id\":1,\"caseworker\":\"rg-01\",\"opened\":\"2024-01-02\"}",
        "{\"type\":\"conversation\",\"child_id\":1,\"date\":\"2024-01-10\","
        "\"bisidder_informed\":true,\"child_words\":\"Jeg vil bo hjemme\",\"present\":\"Mor\"}",
        "{\"type\":\"intervention\",\"child_id\":1,\"catalogue_code\":\"bl30-1\",\"step\":1,"
        "\"legal_basis\":\"§ 30\",\"start\":\"2024-06-01\"}",
        "{\"type\":\"intervention\",\"child_id\":1,\"catalogue_code\":\"bl30-1\",\"step\":1,"
        "\"legal_basis\":\"§ 30\",\"start\":\"2024-02-01\"}",
        "{\"type\":\"plan\",\"child_id\":1,\"kind\":\"barnets_plan\",\"date\":\"2024-02-01\"}",
    };
    for (size_t i = 0; i < ARRAY_SIZE(of_a); i++)
        put(st, of_a[i]);
    put(st, "{\"type\":\"goal\",\"plan_id\":1,\"child_id\":1,\"text\":\"Går i skole\"}");
    snprintf(line, sizeof(line),
             "{\"type\":\"notification\",\"child_id\":%lld,\"received_at\":"
             "\"2024-01-05T08:00:00Z\",\"notifier_type\":\"school\",\"professional\":true}",
             (long long)b);
    put(st, line);
    assert_int_equal(store_commit(st, &why), OK);

    struct seen all = { 0 };
    assert_int_equal(store_child_all(st, a, NULL, arena, see, &all, &why), OK);
    assert_int_equal(all.child, a);
    assert_int_equal(all.n[RT_child], 1);
    assert_string_equal(all.words, "Jeg vil bo hjemme");
    assert_string_equal(all.present, "Mor");
    assert_string_equal(all.name, "Anna");
    assert_null(all.wishes);
    size_t total = 0;
    for (int t = 0; t < RT__COUNT; t++) {
        const struct record_desc *d = record_desc_get((enum record_type)t);
        total += all.n[t];
        if (d->child_field < 0)
            continue;
        struct seen one = { .child = a };
        assert_int_equal(store_record_each_of_child(st, d, a, arena, see, &one, &why), OK);
        assert_int_equal(all.n[t], one.n[t]);
        qsort(all.ids[t], all.n[t], sizeof(int64_t), id_cmp);
        for (size_t i = 0; i < one.n[t]; i++)
            assert_int_equal(all.ids[t][i], one.ids[t][i]);
    }
    assert_int_equal(total, 1 + ARRAY_SIZE(of_a) + 1);

    /* A selection opens what it names; a personal field it leaves out but that has a value is
     * there, unopened, and one without a value stays absent. */
    struct store_open open = { { 0 }, 0 };
    const struct record_desc *conv = record_desc_get(RT_conversation);
    open.field[RT_conversation] = UINT32_C(1) << record_field_index(conv, "child_words");
    struct seen some = { 0 };
    assert_int_equal(store_child_all(st, a, &open, arena, see, &some, &why), OK);
    assert_string_equal(some.words, "Jeg vil bo hjemme");
    assert_ptr_equal(some.present, record_unopened);
    assert_ptr_equal(some.name, record_unopened);
    assert_null(some.wishes);
    for (int t = 0; t < RT__COUNT; t++)
        assert_int_equal(some.n[t], all.n[t]);

    /* The types a selection skips are passed over; the child never is. */
    open.skip = UINT32_C(1) << RT_conversation | UINT32_C(1) << RT_child;
    struct seen fewer = { 0 };
    assert_int_equal(store_child_all(st, a, &open, arena, see, &fewer, &why), OK);
    assert_int_equal(fewer.child, a);
    assert_int_equal(fewer.n[RT_child], 1);
    assert_int_equal(fewer.n[RT_conversation], 0);
    assert_true(all.n[RT_conversation] > 0);
    for (int t = 0; t < RT__COUNT; t++)
        if (t != RT_conversation)
            assert_int_equal(fewer.n[t], all.n[t]);

    struct seen none = { 0 };
    assert_int_equal(store_child_all(st, 99, NULL, arena, see, &none, &why), ERR_NOT_FOUND);
    assert_non_null(strstr(strbuf_str(&why), "child 99: not found"));
    store_close(st);
    strbuf_release(&why);
}

/* Sealed ahead (an import's decoding thread) is stored and opened as sealed at the insert; the
 * seal is bound to its row, so one made for another id is refused. */
static void
sealed_ahead_opens_the_same(void **state)
{
    (void)state;
    struct store *st = open_new();
    struct strbuf why = STRBUF_INIT;
    struct record a = child("Anna Ahead"), other = child("Other"), got;
    const struct record_desc *d = a.desc;
    int cpr = record_field_index(d, "cpr");
    assert_int_equal(record_set_text(&a, arena, cpr, "010203-4567", &why), OK);
    struct store_sealed sealed, wrong;
    a.id = 0;
    assert_int_equal(store_record_seal(st, &a, arena, &sealed, &why), ERR_INTERNAL);
    a.id = 5;
    other.id = 6;
    assert_int_equal(store_record_seal(st, &a, arena, &sealed, &why), OK);
    assert_non_null(sealed.v[record_field_index(d, "name")]);
    assert_null(strstr(sealed.v[record_field_index(d, "name")], "Anna"));
    assert_int_equal(strlen(sealed.lookup), 64);
    assert_int_equal(store_record_seal(st, &other, arena, &wrong, &why), OK);
    assert_int_equal(store_begin(st, &why), OK);
    assert_int_equal(store_record_insert_sealed(st, &a, &wrong, &why), ERR_INTERNAL);
    assert_int_equal(store_record_insert_sealed(st, &a, &sealed, &why), OK);
    assert_int_equal(store_commit(st, &why), OK);
    assert_int_equal(store_record_get(st, d, 5, arena, &got, &why), OK);
    assert_string_equal(record_get_s(&got, "name"), "Anna Ahead");
    assert_string_equal(record_get_s(&got, "cpr"), record_get_s(&a, "cpr"));
    /* The same number stored the usual way (sealed at the insert), for the lookup below. */
    struct record usual = child("Usual");
    assert_int_equal(record_set_text(&usual, arena, cpr, "010203-4567", &why), OK);
    assert_int_equal(store_begin(st, &why), OK);
    assert_int_equal(store_record_insert(st, &usual, &why), OK);
    assert_int_equal(store_commit(st, &why), OK);
    assert_int_equal(usual.id, 6);
    store_close(st);

    /* The lookup hash made ahead is the one made at an insert (what a search by number finds). */
    sqlite3 *db;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT cpr_lookup FROM child WHERE id IN (5, 6) ORDER BY id", -1,
                           &s, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), sealed.lookup);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), sealed.lookup);
    sqlite3_finalize(s);
    sqlite3_close(db);
    strbuf_release(&why);
}

static void
rollback_leaves_nothing(void **state)
{
    (void)state;
    struct store *st = open_new();
    struct record a = child("Anna"), got;
    assert_int_equal(store_begin(st, NULL), OK);
    assert_int_equal(store_record_insert(st, &a, NULL), OK);
    store_rollback(st);
    assert_int_equal(store_record_get(st, a.desc, a.id, arena, &got, NULL), ERR_NOT_FOUND);
    store_close(st);
}

static void
database_constraints_back_up_the_rules(void **state)
{
    (void)state;
    struct store *st = open_new();
    struct strbuf why = STRBUF_INIT;
    struct record a = child("Anna");
    assert_int_equal(store_begin(st, NULL), OK);
    assert_int_equal(store_record_insert(st, &a, NULL), OK);

    /* A taken id. */
    struct record dup = child("Other");
    dup.id = a.id;
    assert_int_equal(store_record_insert(st, &dup, &why), ERR_CONFLICT);
    assert_non_null(strstr(strbuf_str(&why), "already exists"));

    /* A reference to a child that does not exist (foreign key). */
    struct record n;
    const struct record_desc *nd = record_desc_by_name("notification");
    record_init(&n, nd);
    assert_int_equal(record_set_int(&n, record_field_index(nd, "child_id"), 999, NULL), OK);
    assert_int_equal(record_set_text(&n, arena, record_field_index(nd, "received_at"),
                                     "2024-01-01T10:00:00Z", NULL),
                     OK);
    assert_int_equal(
        record_set_text(&n, arena, record_field_index(nd, "notifier_type"), "school", NULL), OK);
    assert_int_equal(record_set_int(&n, record_field_index(nd, "professional"), 1, NULL), OK);
    assert_int_equal(store_record_insert(st, &n, &why), ERR_INVALID);

    /* A decision with neither a conversation nor an exception (CHECK). */
    struct record d;
    const struct record_desc *dd = record_desc_by_name("decision");
    record_init(&d, dd);
    assert_int_equal(record_set_int(&d, record_field_index(dd, "child_id"), a.id, NULL), OK);
    assert_int_equal(record_set_text(&d, arena, record_field_index(dd, "date"), "2024-01-02", NULL),
                     OK);
    assert_int_equal(
        record_set_text(&d, arena, record_field_index(dd, "decision_type"), "other", NULL), OK);
    assert_int_equal(
        record_set_text(&d, arena, record_field_index(dd, "legal_basis"), "§ 32", NULL), OK);
    assert_int_equal(store_record_insert(st, &d, &why), ERR_INVALID);
    store_rollback(st);
    store_close(st);
    strbuf_release(&why);
}

static void
audit_rows_cannot_change(void **state)
{
    (void)state;
    struct store *st = open_new();
    struct audit_entry e = {
        "2024-01-01T00:00:00Z", "cli:test", "create", "child", 1, 1, NULL, NULL
    };
    int64_t n = 0;
    assert_int_equal(store_begin(st, NULL), OK);
    assert_int_equal(store_audit_append(st, &e, NULL), OK);
    assert_int_equal(store_commit(st, NULL), OK);
    assert_int_equal(store_audit_count(st, &n, NULL), OK);
    assert_int_equal(n, 1);
    store_close(st);

    sqlite3 *db;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET actor='x'", NULL, NULL, &msg),
                         SQLITE_OK);
    sqlite3_free(msg);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, &msg), SQLITE_OK);
    sqlite3_free(msg);
    sqlite3_close(db);
}

/* Whether the program of sql (on db) builds an ephemeral index: a constant IN list of more than
 * two values in a CHECK does, at every run of the statement. */
static bool
builds_list_index(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    char explain[1024];
    bool found = false;
    snprintf(explain, sizeof(explain), "EXPLAIN %s", sql);
    if (sqlite3_prepare_v2(db, explain, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    while (sqlite3_step(s) == SQLITE_ROW)
        found |= strcmp((const char *)sqlite3_column_text(s, 1), "OpenEphemeral") == 0;
    sqlite3_finalize(s);
    return found;
}

/* No insert or update (of the columns other than the key) of any table builds a temporary index for
 * its CHECK rules (migration 0010), and the rules written without lists still refuse what the lists
 * refused. */
static void
checks_do_not_build_lists(void **state)
{
    (void)state;
    store_close(open_new());
    sqlite3 *db;
    sqlite3_stmt *t;
    int tables = 0;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT m.name, group_concat('\"' || c.name || '\"=\"' || "
                           "c.name || '\"'), EXISTS (SELECT 1 FROM sqlite_schema r WHERE "
                           "r.type = 'trigger' AND r.tbl_name = m.name AND r.sql "
                           "LIKE '%UPDATE ON%') FROM sqlite_schema m, "
                           "pragma_table_info(m.name) c WHERE m.type = 'table' AND c.pk = 0 AND "
                           "m.name NOT LIKE 'sqlite_%' GROUP BY m.name",
                           -1, &t, NULL),
        SQLITE_OK);
    while (sqlite3_step(t) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(t, 0);
        const char *set = (const char *)sqlite3_column_text(t, 1);
        char sql[1024];
        snprintf(sql, sizeof(sql), "INSERT INTO \"%s\" DEFAULT VALUES", name);
        if (builds_list_index(db, sql))
            fail_msg("%s", sql);
        /* An update trigger needs the old rows kept aside (an ephemeral table of its own). */
        snprintf(sql, sizeof(sql), "UPDATE \"%s\" SET %s", name, set);
        if (!sqlite3_column_int(t, 2) && builds_list_index(db, sql))
            fail_msg("%s", sql);
        tables++;
    }
    sqlite3_finalize(t);
    assert_true(tables >= 20);
    /* The lists' meaning is kept: a value outside is refused, NULL passes where it did. */
    char *msg = NULL;
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO audit(at,actor,action) VALUES "
                                  "('2024-01-01T00:00:00Z','cli:test','deleted')",
                                  NULL, NULL, &msg),
                     SQLITE_CONSTRAINT);
    assert_non_null(strstr(msg, "CHECK"));
    sqlite3_free(msg);
    assert_int_equal(
        sqlite3_exec(db, "INSERT INTO child(id, sex) VALUES (1, 'other')", NULL, NULL, NULL),
        SQLITE_CONSTRAINT);
    assert_int_equal(
        sqlite3_exec(db, "INSERT INTO child(id, sex) VALUES (1, NULL)", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "INSERT INTO child(id, sex) VALUES (2, 'unknown')", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
}

static void
damaged_files_are_refused(void **state)
{
    (void)state;
    struct store *st = NULL;
    struct strbuf why = STRBUF_INIT;

    /* Not a database at all. */
    test_db_remove(path);
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 2000; i++)
        fputs("this is not a database ", f);
    fclose(f);
    assert_int_equal(store_open(path, STORE_CHECK, &st, &why), ERR_DB);
    assert_non_null(strstr(strbuf_str(&why), "damaged"));

    /* A real database with one page overwritten. */
    st = open_new();
    struct record a = child("Anna");
    assert_int_equal(store_begin(st, NULL), OK);
    for (int i = 0; i < 3000; i++) {
        a.id = 0;
        assert_int_equal(store_record_insert(st, &a, NULL), OK);
    }
    assert_int_equal(store_commit(st, NULL), OK);
    store_close(st); /* checkpoints the WAL into the file */
    f = fopen(path, "r+");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    assert_true(size > 8 * 4096);
    fseek(f, (size / 4096 / 2) * 4096, SEEK_SET); /* the header of a page in the middle */
    for (int i = 0; i < 64; i++)
        fputc(0xA5, f);
    fclose(f);
    assert_int_equal(store_open(path, STORE_CHECK, &st, &why), ERR_DB);
    assert_non_null(strstr(strbuf_str(&why), "restore it from a backup"));
    strbuf_release(&why);
}

/* --- key figures: the totals kept per write agree with the engine's SQL --- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A date in [y0, y0+span), on 1 January or 31 December one time in three: the figures' edges. */
static void
rand_date(char buf[static DATE_BUF], int y0, int span)
{
    int y = y0 + (int)rnd((unsigned)span);
    unsigned e = rnd(6);
    struct date d = { y, e == 0 ? 1 : 12, e == 0 ? 1 : 31 };
    if (e >= 2)
        d = date_from_days(date_to_days((struct date){ y, 1, 1 }) +
                           rnd(date_is_leap(y) ? 366 : 365));
    date_format(d, buf);
}

/* If set, put() also hands every record it inserted to these key-figure shares. */
static struct store_kpi_shares *feed;

static int64_t
put(struct store *st, const char *line)
{
    struct record r;
    struct strbuf why = STRBUF_INIT;
    if (json_record_decode(line, strlen(line), arena, &r, &why) != OK ||
        store_record_insert(st, &r, &why) != OK)
        fail_msg("%s: %s", line, strbuf_str(&why));
    strbuf_release(&why);
    if (feed)
        store_kpi_shares_add(feed, &r);
    return r.id;
}

/* The JSON of a random intervention of child (decision: one of the child's, or 0). */
static void
rand_intervention(char *out, size_t size, int64_t child, int64_t decision, const char *start)
{
    static const char *const codes[] = { "anb-boerne-ungehjem", "anb-almen-pleje",
                                         "anb-forstaerket-pleje", "anb-sikret", "ambulant" };
    static const char *const reasons[] = { "changed_type", "goal_achieved", "stepped_down" };
    static const char *const units[] = { "year", "year", "month" };
    char s[DATE_BUF], e[DATE_BUF], more[256] = "";
    size_t m = 0;
    if (start)
        snprintf(s, sizeof(s), "%s", start);
    else
        rand_date(s, 2008, 20);
    if (rnd(3)) {
        struct date d;
        if (date_parse(s, &d) != OK)
            fail_msg("date %s", s);
        unsigned how = rnd(4);
        if (how == 0) /* ends on the 31 December of its start year */
            d = (struct date){ d.y, 12, 31 };
        else
            d = date_from_days(date_to_days(d) + rnd(how == 1 ? 30 : 900));
        date_format(d, e);
        m += (size_t)snprintf(more + m, sizeof(more) - m, ",\"end\":\"%s\",\"end_reason\":\"%s\"",
                              e, reasons[rnd(3)]);
    }
    unsigned consent = rnd(4); /* 0-1 placements (without, with consent), else none */
    if (consent < 2)
        m += (size_t)snprintf(more + m, sizeof(more) - m, ",\"consent\":%s",
                              consent ? "true" : "false");
    if (decision && rnd(2))
        m += (size_t)snprintf(more + m, sizeof(more) - m, ",\"decision_id\":%lld",
                              (long long)decision);
    if (rnd(5))
        m += (size_t)snprintf(more + m, sizeof(more) - m, ",\"rate_dkk\":%u,\"rate_unit\":\"%s\"",
                              100000 + rnd(900000), units[rnd(3)]);
    snprintf(out, size,
             "{\"type\":\"intervention\",\"child_id\":%lld,\"catalogue_code\":\"%s\",\"step\":%u,"
             "\"legal_basis\":\"x\",\"start\":\"%s\"%s}",
             (long long)child, codes[rnd(5)], rnd(7), s, more);
}

/* n children with random histories; their ids into ids (if not NULL). */
static void
rand_histories(struct store *st, int n, int64_t *ids)
{
    static const char *const sexes[] = { "female", "male", "unknown" };
    static const char *const notifiers[] = { "school", "health", "police", "parent" };
    char line[1024], d[DATE_BUF];
    for (int i = 0; i < n; i++) {
        size_t m = (size_t)snprintf(line, sizeof(line), "{\"type\":\"child\"");
        if (rnd(8)) {
            rand_date(d, 1988, 38);
            m += (size_t)snprintf(line + m, sizeof(line) - m, ",\"birth_date\":\"%s\"", d);
        }
        if (rnd(6))
            m += (size_t)snprintf(line + m, sizeof(line) - m, ",\"sex\":\"%s\"", sexes[rnd(3)]);
        snprintf(line + m, sizeof(line) - m, "}");
        int64_t c = put(st, line);
        if (ids)
            ids[i] = c;
        snprintf(line, sizeof(line),
                 "{\"type\":\"decision\",\"child_id\":%lld,\"date\":\"2010-01-01\","
                 "\"decision_type\":\"support_s32\",\"legal_basis\":\"x\","
                 "\"exception_reason\":\"y\"}",
                 (long long)c);
        int64_t dec = put(st, line);
        for (unsigned k = rnd(5); k > 0; k--) {
            rand_date(d, 2008, 20);
            snprintf(line, sizeof(line),
                     "{\"type\":\"notification\",\"child_id\":%lld,\"received_at\":\"%sT%s\","
                     "\"notifier_type\":\"%s\",\"professional\":true}",
                     (long long)c, d, rnd(2) ? "23:59:59Z" : "00:00:00Z", notifiers[rnd(4)]);
            put(st, line);
        }
        for (unsigned k = rnd(5); k > 0; k--) {
            rand_intervention(line, sizeof(line), c, dec, NULL);
            put(st, line);
            /* A change of placement type: the next one starts the day after. */
            const char *end = strstr(line, "\"end\":\"");
            if (end && strstr(line, "changed_type") && rnd(2)) {
                struct date e;
                char next[DATE_BUF], from[DATE_BUF];
                snprintf(from, sizeof(from), "%.10s", end + 7);
                if (date_parse(from, &e) != OK)
                    fail_msg("date %s", from);
                date_format(date_from_days(date_to_days(e) + 1), next);
                rand_intervention(line, sizeof(line), c, dec, next);
                put(st, line);
            }
        }
    }
}

/* Every figure of every year as kept equals the engine's; returns how many are not 0. */
static int
figures_agree(struct store *st, const char *when)
{
    int nonzero = 0;
    for (int y = 2004; y <= 2034; y++)
        for (int k = 0; k < KPI__COUNT; k++) {
            double kept = -1, engine = -2;
            if (store_kpi(st, (enum store_kpi)k, y, false, &kept, NULL) != OK ||
                store_kpi(st, (enum store_kpi)k, y, true, &engine, NULL) != OK)
                fail_msg("%s: figure %d of %d does not read", when, k, y);
            if (fabs(kept - engine) > 1e-9 * fabs(engine) + 1e-12)
                fail_msg("%s: figure %d of %d: kept %.17g, engine %.17g", when, k, y, kept, engine);
            nonzero += engine != 0;
        }
    return nonzero;
}

/* A bulk load of n random histories whose key-figure shares are worked out beside it and handed
 * to store_bulk_end_with. */
static void
bulk_with_shares(struct store *st, int n)
{
    feed = store_kpi_shares_new();
    assert_int_equal(store_begin(st, NULL), OK);
    assert_int_equal(store_bulk_begin(st, NULL), OK);
    rand_histories(st, n, NULL);
    store_kpi_shares_finish(feed);
    assert_int_equal(store_bulk_end_with(st, feed, NULL), OK);
    assert_int_equal(store_commit(st, NULL), OK);
    store_kpi_shares_free(feed);
    feed = NULL;
}

static void
key_figure_totals_follow_the_engine(void **state)
{
    (void)state;
    struct store *st = open_new();
    struct strbuf why = STRBUF_INIT;
    int64_t ids[120];
    char line[1024];

    /* Written one at a time, each in its own transaction or none. */
    rand_histories(st, 60, ids);
    assert_true(figures_agree(st, "inserts") > 300);

    /* Corrections: a placement moved to another child, given other dates and consent; a child's
     * birth date and sex changed; a child's whole history erased. */
    assert_int_equal(store_begin(st, NULL), OK);
    for (int i = 0; i < 40; i++) {
        struct record r;
        int64_t id = 1 + rnd(100), other = ids[rnd(60)];
        if (store_record_get(st, record_desc_by_name("intervention"), id, arena, &r, NULL) != OK)
            continue;
        int64_t version = r.version;
        rand_intervention(line, sizeof(line), other, 0, NULL);
        snprintf(line + strlen(line) - 1, 32, ",\"id\":%lld}", (long long)id);
        assert_int_equal(json_record_decode(line, strlen(line), arena, &r, &why), OK);
        if (store_record_update(st, &r, version, "{}", "2026-01-01T00:00:00Z", "test", &why))
            fail_msg("%s", strbuf_str(&why));
    }
    for (int i = 0; i < 10; i++) {
        struct record r;
        char d[DATE_BUF];
        int64_t id = ids[rnd(60)];
        assert_int_equal(store_record_get(st, record_desc_by_name("child"), id, arena, &r, NULL),
                         OK);
        int64_t version = r.version;
        rand_date(d, 1988, 38);
        snprintf(line, sizeof(line),
                 "{\"type\":\"child\",\"id\":%lld,\"birth_date\":\"%s\",\"sex\":\"male\"}",
                 (long long)id, d);
        assert_int_equal(json_record_decode(line, strlen(line), arena, &r, &why), OK);
        if (store_record_update(st, &r, version, "{}", "2026-01-01T00:00:00Z", "test", &why))
            fail_msg("%s", strbuf_str(&why));
    }
    assert_int_equal(store_commit(st, NULL), OK);
    figures_agree(st, "updates");
    /* An erase the database refuses (no approved disposal) changes no total either. */
    int64_t rows = 0, gone = ids[59];
    assert_int_equal(store_child_erase(st, gone, &rows, NULL), ERR_DB);
    figures_agree(st, "refused erase");
    struct disposal dp = { .child_id = gone,
                           .reason = "test",
                           .closed = "2020-01-01",
                           .archive = "a",
                           .archive_hash = "h",
                           .requested_at = "2026-01-01T00:00:00Z",
                           .requested_by = "a" };
    assert_int_equal(store_begin(st, NULL), OK);
    assert_int_equal(store_disposal_insert(st, &dp, NULL), OK);
    assert_int_equal(store_disposal_set(st, dp.id, "approved", "2026-01-02T00:00:00Z", "b", NULL),
                     OK);
    if (store_child_erase(st, gone, &rows, &why) != OK)
        fail_msg("%s", strbuf_str(&why));
    assert_int_equal(store_commit(st, NULL), OK);
    assert_true(rows >= 1);
    figures_agree(st, "erase");

    /* A rolled-back write leaves the totals as they were. */
    double before, after;
    assert_int_equal(store_kpi(st, KPI_NOTIF_PER_CHILD, 2015, false, &before, NULL), OK);
    assert_int_equal(store_begin(st, NULL), OK);
    for (int i = 0; i < 5; i++) {
        snprintf(line, sizeof(line),
                 "{\"type\":\"notification\",\"child_id\":%lld,\"received_at\":"
                 "\"2015-06-01T12:00:00Z\",\"notifier_type\":\"school\",\"professional\":true}",
                 (long long)ids[0]);
        put(st, line);
    }
    store_rollback(st);
    assert_int_equal(store_kpi(st, KPI_NOTIF_PER_CHILD, 2015, false, &after, NULL), OK);
    assert_true(before == after);
    figures_agree(st, "rollback");

    /* A bulk load keeps no totals per row and builds them at its end, also onto existing data. */
    assert_int_equal(store_begin(st, NULL), OK);
    assert_int_equal(store_bulk_begin(st, NULL), OK);
    rand_histories(st, 40, NULL);
    assert_int_equal(store_bulk_end(st, NULL), OK);
    assert_int_equal(store_commit(st, NULL), OK);
    figures_agree(st, "bulk onto data");
    store_close(st);

    st = open_new();
    assert_int_equal(store_begin(st, NULL), OK);
    assert_int_equal(store_bulk_begin(st, NULL), OK);
    rand_histories(st, 80, NULL);
    assert_int_equal(store_bulk_end(st, NULL), OK);
    assert_int_equal(store_commit(st, NULL), OK);
    assert_true(figures_agree(st, "bulk into empty") > 300);

    /* The totals of shares worked out beside the load (the import's decoder), not from the
     * tables: used for a load into an empty file, ignored (rebuilt) for one onto data. */
    bulk_with_shares(st, 30);
    figures_agree(st, "bulk with shares onto data");
    store_close(st);
    st = open_new();
    bulk_with_shares(st, 80);
    assert_true(figures_agree(st, "bulk with shares into empty") > 300);
    store_close(st);

    /* Totals of no known definition (or none at all) are built again when the file is opened. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE kpi_total SET value=value+7; UPDATE kpi_state SET "
                                  "definition=0",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(path, 0, &st, &why), OK);
    with_keys(st);
    figures_agree(st, "rebuilt at open");
    store_close(st);
    strbuf_release(&why);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_file_needs_create),
        cmocka_unit_test(migrates_from_empty),
        cmocka_unit_test(schema_matches_records_def),
        cmocka_unit_test(insert_get_each_update),
        cmocka_unit_test(sealed_ahead_opens_the_same),
        cmocka_unit_test(rollback_leaves_nothing),
        cmocka_unit_test(database_constraints_back_up_the_rules),
        cmocka_unit_test(audit_rows_cannot_change),
        cmocka_unit_test(checks_do_not_build_lists),
        cmocka_unit_test(damaged_files_are_refused),
        cmocka_unit_test(key_figure_totals_follow_the_engine),
        cmocka_unit_test(child_all_is_every_type_read_alone),
        cmocka_unit_test(rows_before_the_chain_are_sealed_at_open),
        cmocka_unit_test(read_log_rows_reach_the_chain_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
