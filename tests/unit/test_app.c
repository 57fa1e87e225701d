/* test_app.c - operations: each writes its audit row; bad input changes nothing (export unchanged).
 */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <pthread.h>
#include <sqlite3.h>
#include <time.h>

#include "app/app.h"
#include "app/internal.h" /* audit_read, audit_pending */
#include "app/strategy.h"
#include "http/door.h" /* door_head_refusal */
#include "json/json.h"
#include "pages/pages.h"
#include "testlib.h"

static char path[256];
static struct app app;
static struct arena *arena;

static int
setup(void **state)
{
    (void)state;
    struct strbuf why = STRBUF_INIT;
    test_db_path(path, sizeof(path), "app");
    struct app_options opt = { path, test_config_dir(), "cli:test", true, false, NULL, 0 };
    arena = arena_new(0);
    if (app_open(&app, &opt, &why) != OK) {
        fprintf(stderr, "%s\n", strbuf_str(&why));
        return -1;
    }
    strbuf_release(&why);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    app_close(&app);
    test_db_remove(path);
    arena_free(arena);
    return 0;
}

static int64_t
audit_rows(void)
{
    int64_t n = -1;
    assert_int_equal(store_audit_count(app.store, &n, NULL), OK);
    return n;
}

/* Export everything into a malloc'd string (caller frees). */
static char *
export_all(void)
{
    char *buf = NULL;
    size_t len = 0, count = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(app_export(&app, f, &count, NULL), OK);
    fclose(f);
    return buf;
}

/* Add a record given as one JSON line (id optional). */
static enum err
add_json(const char *line, int64_t *id, struct strbuf *why)
{
    struct record r;
    enum err rc = json_record_decode(line, strlen(line), arena, &r, why);
    if (rc)
        return rc;
    rc = app_record_add(&app, arena, &r, why);
    if (!rc && id)
        *id = r.id;
    return rc;
}

static int64_t
must_add(const char *line)
{
    int64_t id = 0;
    struct strbuf why = STRBUF_INIT;
    if (add_json(line, &id, &why) != OK)
        fail_msg("%s: %s", line, strbuf_str(&why));
    strbuf_release(&why);
    return id;
}

static void
every_operation_leaves_an_audit_row(void **state)
{
    (void)state;
    int64_t n0 = audit_rows();
    int64_t c = must_add("{\"type\":\"child\",\"name\":\"Testbarn A\",\"cpr\":\"0101801232\"}");
    assert_int_equal(audit_rows(), n0 + 1);

    struct record r;
    assert_int_equal(app_record_get(&app, record_desc_by_name("child"), c, arena, &r, NULL), OK);
    assert_int_equal(audit_rows(), n0 + 2);

    char *before = export_all();
    assert_int_equal(audit_rows(), n0 + 3);
    free(before);

    int v = record_field_index(r.desc, "category");
    assert_int_equal(record_set_text(&r, arena, v, "vulnerable", NULL), OK);
    assert_int_equal(app_record_update(&app, arena, &r, 1, NULL), OK);
    assert_int_equal(audit_rows(), n0 + 4);
    assert_int_equal(r.version, 2);

    /* A stale edit is refused, loses nothing already saved, and writes nothing. */
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(app_record_update(&app, arena, &r, 1, &why), ERR_CONFLICT);
    assert_non_null(strstr(strbuf_str(&why), "nothing was saved"));
    assert_int_equal(audit_rows(), n0 + 4);
    strbuf_release(&why);
}

/* Concurrent reads from separate connections: every read's audit row is written exactly once,
 * whichever thread's commit carried it (group commit, audit_group.c). */
#define READERS    6
#define READS_EACH 40

struct reader {
    int64_t child;
    int ok;
};

static void *
reader_run(void *arg)
{
    struct reader *rd = arg;
    struct app mine;
    struct app_options opt = { path, test_config_dir(), "cli:reader", false, false, NULL, 0 };
    struct arena *a = arena_new(0);
    if (app_open(&mine, &opt, NULL) == OK) {
        for (int i = 0; i < READS_EACH; i++) {
            struct record r;
            arena_reset(a);
            if (app_record_get(&mine, record_desc_by_name("child"), rd->child, a, &r, NULL) == OK)
                rd->ok++;
        }
        app_close(&mine);
    }
    arena_free(a);
    return NULL;
}

static void
concurrent_reads_are_each_audited_once(void **state)
{
    (void)state;
    int64_t c = must_add("{\"type\":\"child\",\"name\":\"Testbarn R\"}");
    int64_t n0 = audit_rows();
    pthread_t th[READERS];
    struct reader rd[READERS];
    for (int i = 0; i < READERS; i++) {
        rd[i] = (struct reader){ c, 0 };
        assert_int_equal(pthread_create(&th[i], NULL, reader_run, &rd[i]), 0);
    }
    for (int i = 0; i < READERS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(rd[i].ok, READS_EACH);
    }
    assert_int_equal(audit_rows(), n0 + READERS * READS_EACH);
}

/* Deferred read audit (how the web server reads): a read returns at once with a ticket, which
 * turns durable only when its row is committed by the committer's own connection. A failed
 * commit fails its tickets (and, to the safe side, every older one), the committer goes on, and
 * stopping it commits what is still queued. */
static pthread_mutex_t note_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t note_cv = PTHREAD_COND_INITIALIZER;
static int notes;

static void
note_commit(void)
{
    pthread_mutex_lock(&note_mu);
    notes++;
    pthread_cond_broadcast(&note_cv);
    pthread_mutex_unlock(&note_mu);
}

/* Wait (at most 10 s) until ticket is decided; its state. */
static enum audit_state
decided(uint64_t ticket)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&note_mu);
    enum audit_state s;
    while ((s = app_audit_state(ticket)) == AUDIT_PENDING &&
           pthread_cond_timedwait(&note_cv, &note_mu, &until) == 0)
        ;
    pthread_mutex_unlock(&note_mu);
    return s;
}

static void
sql(const char *text)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static uint64_t
deferred_read(int64_t child)
{
    struct record r;
    assert_int_equal(app_record_get(&app, record_desc_by_name("child"), child, arena, &r, NULL),
                     OK);
    return app_audit_ticket_take(&app);
}

static void
deferred_reads_are_durable_before_their_ticket_is(void **state)
{
    (void)state;
    int64_t c = must_add("{\"type\":\"child\",\"name\":\"Testbarn D\"}");
    struct app_options opt = { path, test_config_dir(), "cli:committer", false, false, NULL, 0 };

    /* Without the committer (or without defer_reads) a read waits for its own row. */
    app.defer_reads = true;
    int64_t n0 = audit_rows();
    assert_int_equal(deferred_read(c), 0);
    assert_int_equal(audit_rows(), n0 + 1);

    assert_int_equal(app_audit_defer_start(&opt, note_commit, NULL), OK);
    uint64_t t1 = deferred_read(c);
    assert_true(t1 > 0);
    assert_int_equal(app_audit_ticket_take(&app), 0); /* taken once */
    assert_int_equal(decided(t1), AUDIT_DURABLE);
    assert_int_equal(audit_rows(), n0 + 2);

    /* A commit that fails: its ticket fails, nothing is written, and the next one succeeds. */
    sql("CREATE TRIGGER test_no_reads BEFORE INSERT ON audit WHEN NEW.action = 'read' "
        "BEGIN SELECT RAISE(ABORT, 'test'); END");
    uint64_t t2 = deferred_read(c);
    assert_true(t2 > t1);
    assert_int_equal(decided(t2), AUDIT_FAILED);
    assert_int_equal(audit_rows(), n0 + 2);
    sql("DROP TRIGGER test_no_reads");
    uint64_t t3 = deferred_read(c);
    assert_int_equal(decided(t3), AUDIT_DURABLE);
    assert_int_equal(app_audit_state(t2), AUDIT_FAILED);
    assert_int_equal(app_audit_state(t1), AUDIT_FAILED); /* older than the failure: safe side */
    assert_int_equal(audit_rows(), n0 + 3);

    /* Rows still queued when the committer stops are committed before it ends. */
    int before = notes;
    uint64_t last = 0;
    for (int i = 0; i < 20; i++)
        last = deferred_read(c);
    app_audit_defer_stop();
    assert_int_equal(app_audit_state(last), AUDIT_DURABLE);
    assert_true(notes > before);
    assert_int_equal(audit_rows(), n0 + 23);

    /* Stopped: reads wait for their own row again. */
    assert_int_equal(deferred_read(c), 0);
    assert_int_equal(audit_rows(), n0 + 24);
    app.defer_reads = false;
    int64_t rows = 0, bad = 0;
    assert_int_equal(app_audit_verify(&app, &rows, &bad, NULL), OK);
}

/* The search throttle counts rows still queued for the committer too (audit_pending): while the
 * committer cannot write (another connection holds the write lock), queued rows are counted by
 * actor and detail prefix; once written they are in the table and no longer pending. */
static void
queued_reads_are_counted_until_written(void **state)
{
    (void)state;
    struct app_options opt = { path, test_config_dir(), "cli:committer", false, false, NULL, 0 };
    assert_int_equal(app_audit_defer_start(&opt, note_commit, NULL), OK);
    app.defer_reads = true;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    uint64_t last = 0;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(audit_read(&app, "list", NULL, 0, 0, "search kind=name children=", NULL),
                         OK);
        last = app_audit_ticket_take(&app);
        assert_true(last > 0);
    }
    assert_int_equal(audit_read(&app, "list", NULL, 0, 0, "caseload children=", NULL), OK);
    assert_int_equal(app_audit_state(last), AUDIT_PENDING);
    assert_int_equal(audit_pending("cli:test", "search"), 3);
    assert_int_equal(audit_pending("cli:test", "caseload"), 1);
    assert_int_equal(audit_pending("cli:other", "search"), 0);
    int64_t n0 = audit_rows();
    assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(decided(app_audit_ticket_take(&app)), AUDIT_DURABLE);
    /* Durable, in the chain or (if the batch went to the read log) on its way: counted once. */
    assert_int_equal(audit_rows() - n0 + audit_pending("cli:test", "search") +
                         audit_pending("cli:test", "caseload"),
                     4);
    app_audit_defer_stop();
    assert_int_equal(audit_pending("cli:test", "search"), 0);
    assert_int_equal(audit_rows(), n0 + 4);
    app.defer_reads = false;
}

/* Under load (a batch of several rows soon after the chain took rows) the committer makes the
 * batch durable in the read log and puts it into the chain an interval later: its tickets are
 * durable before that, audit_pending counts its rows until then, and each row lands once. */
static void
logged_reads_reach_the_chain_once(void **state)
{
    (void)state;
    struct app_options opt = { path, test_config_dir(), "cli:committer", false, false, NULL, 0 };
    for (int round = 0; round < 2; round++) {
        /* Round 0: an interval far longer than the test, so the rows wait in the log until the
         * committer stops. Round 1: 20 ms, so the committer's timer puts them in. */
        opt.chain_ms = round ? 20 : 60000;
        assert_int_equal(app_audit_defer_start(&opt, note_commit, NULL), OK);
        app.defer_reads = true;
        /* Another connection holds the write lock: the first row waits in the committer while
         * the next five queue behind it, and go to the log as one batch right after it. */
        sqlite3 *db;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
        int64_t n0 = audit_rows();
        uint64_t first = 0, last = 0;
        assert_int_equal(audit_read(&app, "list", NULL, 0, 0, "caseload children=", NULL), OK);
        first = app_audit_ticket_take(&app);
        while (!audit_committing())
            nanosleep(&(struct timespec){ 0, 100000 }, NULL);
        for (int i = 0; i < 5; i++) {
            assert_int_equal(audit_read(&app, "list", NULL, 0, 0, "search kind=name", NULL), OK);
            last = app_audit_ticket_take(&app);
        }
        assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        assert_int_equal(decided(first), AUDIT_DURABLE);
        assert_int_equal(decided(last), AUDIT_DURABLE);
        if (round == 0) {
            assert_int_equal(audit_rows(), n0 + 1);
            assert_int_equal(audit_pending("cli:test", "search"), 5);
        } else {
            for (int i = 0; i < 5000 && audit_pending("cli:test", "search"); i++)
                nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
            assert_int_equal(audit_pending("cli:test", "search"), 0);
            assert_int_equal(audit_rows(), n0 + 6);
        }
        app_audit_defer_stop();
        app.defer_reads = false;
        assert_int_equal(audit_pending("cli:test", "search"), 0);
        assert_int_equal(audit_rows(), n0 + 6);
    }
    int64_t rows = 0, bad = 0;
    assert_int_equal(app_audit_verify(&app, &rows, &bad, NULL), OK);
}

/* A key figure as read is never stale: every write keeps the totals it is read from current. */
static void
key_figures_follow_every_write(void **state)
{
    (void)state;
    size_t k = 0;
    while (strcmp(app_kpi_name(k), "notifications_per_child") != 0)
        k++;
    int64_t c = must_add("{\"type\":\"child\",\"name\":\"Testbarn K\"}");
    char line[256];
    snprintf(line, sizeof(line),
             "{\"type\":\"notification\",\"child_id\":%lld,\"received_at\":"
             "\"2019-05-01T09:00:00Z\",\"notifier_type\":\"school\"}",
             (long long)c);
    double before, cached, after, fresh;
    assert_int_equal(app_kpi(&app, k, 2019, false, &before, NULL), OK);
    assert_int_equal(app_kpi(&app, k, 2019, false, &cached, NULL), OK);
    assert_true(before == cached);
    must_add(line);
    must_add(line);
    assert_int_equal(app_kpi(&app, k, 2019, false, &after, NULL), OK);
    assert_int_equal(app_kpi(&app, k, 2019, true, &fresh, NULL), OK);
    assert_true(after == fresh);
    assert_true(after > before);
}

/* The audit chain: intact after operations, still intact after a retention purge (which is itself
 * logged), and the purged rows are gone. The clock is moved, not waited for. */
static int64_t fake_now;

static int64_t
fake_clock(void)
{
    return fake_now;
}

static void
purge_keeps_the_chain_and_logs_itself(void **state)
{
    (void)state;
    int64_t rows = 0, bad = 0;
    int64_t (*real)(void) = app.now;
    app.now = fake_clock;
    fake_now = 1700000000; /* 2023-11-14 */
    must_add("{\"type\":\"child\",\"name\":\"Testbarn Gammel\"}");
    must_add("{\"type\":\"child\",\"name\":\"Testbarn Gammel 2\"}");
    fake_now += 400 * 86400; /* a year later */
    must_add("{\"type\":\"child\",\"name\":\"Testbarn Ny\"}");
    int64_t before = audit_rows();
    assert_int_equal(app_audit_verify(&app, &rows, &bad, NULL), OK);
    assert_int_equal(rows, before);

    int64_t purged = 0;
    assert_int_equal(app_audit_purge(&app, NULL, &purged, NULL), OK);
    assert_true(purged >= 2);
    assert_int_equal(audit_rows(), before - purged + 1); /* + the purge's own row */
    assert_int_equal(app_audit_verify(&app, &rows, &bad, NULL), OK);
    assert_int_equal(rows, before - purged + 1);
    /* A second purge finds nothing more to remove, and says so in its own row. */
    assert_int_equal(app_audit_purge(&app, NULL, &purged, NULL), OK);
    assert_int_equal(purged, 0);
    assert_int_equal(app_audit_verify(&app, &rows, &bad, NULL), OK);
    /* A date in the future is refused and changes nothing. */
    int64_t n = audit_rows();
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(app_audit_purge(&app, "2999-01-01", &purged, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "--before"));
    assert_int_equal(audit_rows(), n);
    strbuf_release(&why);
    app.now = real;
}

static enum err
count_one(void *ctx, const struct record *r)
{
    (void)r;
    (*(int *)ctx)++;
    return OK;
}

static void
lists_are_audited_with_their_ids(void **state)
{
    (void)state;
    int64_t c = must_add("{\"type\":\"child\",\"name\":\"Testbarn L\"}");
    char line[256];
    snprintf(
        line, sizeof(line),
        "{\"type\":\"notification\",\"child_id\":%lld,\"received_at\":\"2024-03-01T09:00:00Z\","
        "\"notifier_type\":\"school\"}",
        (long long)c);
    int64_t n1 = must_add(line);
    int64_t n2 = must_add(line);
    int64_t before = audit_rows();
    int count = 0;
    assert_int_equal(app_record_list(&app, record_desc_by_name("notification"), c, NULL, arena,
                                     count_one, &count, NULL),
                     OK);
    assert_int_equal(count, 2);
    assert_int_equal(audit_rows(), before + 1);
    (void)n1;
    (void)n2;
}

static void
must_user(const char *login, const char *role)
{
    char secret[33];
    struct strbuf why = STRBUF_INIT;
    if (app_user_add(&app, login, login, role, "Team Test", "et-langt-kodeord", false, secret,
                     &why) != OK)
        fail_msg("user add %s: %s", login, strbuf_str(&why));
    strbuf_release(&why);
}

/* Lists go by role, and a case's caseworker must be a caseworker: a case that names a partner
 * (the leak of issue 19) or nobody is refused when added or changed; an import of history may
 * name a former employee without an account, but not an account of another role. */
static void
a_case_names_a_caseworker_account(void **state)
{
    (void)state;
    char line[256];
    struct strbuf why = STRBUF_INIT;
    int64_t child = must_add("{\"type\":\"child\",\"name\":\"Testbarn S\"}");
    must_user("skole-s", "partner");
    const char *fmt = "{\"type\":\"case\",\"child_id\":%lld,\"caseworker\":\"%s\","
                      "\"opened\":\"2024-01-01\"}";
    char *before = export_all();
    snprintf(line, sizeof(line), fmt, (long long)child, "skole-s");
    assert_int_equal(add_json(line, NULL, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "case.caseworker: must be the login of an account"));
    snprintf(line, sizeof(line), fmt, (long long)child, "rg-ingen");
    strbuf_reset(&why);
    assert_int_equal(add_json(line, NULL, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "case.caseworker"));
    char *after = export_all();
    assert_string_equal(before, after);
    free(after);

    /* An import: a login without an account passes, a partner's does not. */
    char file[256];
    snprintf(file, sizeof(file),
             "{\"type\":\"case\",\"id\":900,\"child_id\":%lld,\"caseworker\":\"skole-s\","
             "\"opened\":\"2024-01-01\"}\n",
             (long long)child);
    FILE *in = fmemopen(file, strlen(file), "r");
    size_t count = 0;
    strbuf_reset(&why);
    assert_int_equal(app_import(&app, in, "f.jsonl", &count, &why), ERR_INVALID);
    fclose(in);
    if (!strstr(strbuf_str(&why), "f.jsonl:1: case.caseworker"))
        fail_msg("%s", strbuf_str(&why));
    after = export_all();
    assert_string_equal(before, after);
    free(after);
    free(before);
    snprintf(file, sizeof(file),
             "{\"type\":\"case\",\"id\":901,\"child_id\":%lld,\"caseworker\":\"rg-former\","
             "\"opened\":\"2024-01-01\"}\n",
             (long long)child);
    in = fmemopen(file, strlen(file), "r");
    assert_int_equal(app_import(&app, in, "f.jsonl", &count, &why), OK);
    fclose(in);

    /* A caseworker's login is taken; changing it to a partner's is refused. */
    must_user("rg-s", "caseworker");
    snprintf(line, sizeof(line), fmt, (long long)child, "rg-s");
    struct record r;
    assert_int_equal(json_record_decode(line, strlen(line), arena, &r, NULL), OK);
    assert_int_equal(app_record_add(&app, arena, &r, NULL), OK);
    assert_int_equal(
        record_set_text(&r, arena, record_field_index(r.desc, "caseworker"), "skole-s", NULL), OK);
    strbuf_reset(&why);
    assert_int_equal(app_record_update(&app, arena, &r, r.version, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "case.caseworker"));
    strbuf_release(&why);
}

static void
count_error(void *ctx, const char *field, const char *rule)
{
    (void)field, (void)rule;
    (*(int *)ctx)++;
}

/* The strategy's follow-up: every broken rule is reported at once; an edit of a replaced version
 * is refused and changes nothing; a follow-up is kept and gives the action its status, the
 * action's earlier version kept too. */
static void
strategy_is_versioned_and_followed_up(void **state)
{
    (void)state;
    struct strbuf why = STRBUF_INIT;
    struct strategy_objective bad = { 0 };
    bad.parent_code = "X9";
    bad.better = "sideways";
    bad.has_target = true;
    bad.target = -1;
    int n = 0;
    assert_false(strategy_objective_each_error(&app.cfg, &bad, count_error, &n, &why));
    assert_true(n >= 4); /* parent, title, better, target */
    assert_non_null(strstr(strbuf_str(&why), "strategy.parent_code"));
    strbuf_reset(&why);
    assert_int_equal(app_strategy_objective_save(&app, arena, &bad, 0, &why), ERR_INVALID);

    struct strategy_objective o = { 0 };
    o.parent_code = "F1";
    o.title = "Flere i netværkspleje";
    o.indicator = "placement_stock/network";
    o.better = "higher";
    o.has_target = true;
    o.target = 0.2;
    assert_int_equal(app_strategy_objective_save(&app, arena, &o, 0, NULL), OK);
    assert_true(o.id > 0);
    o.indicator = "placement_stock/nowhere";
    strbuf_reset(&why);
    assert_int_equal(app_strategy_objective_save(&app, arena, &o, 1, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "strategy.indicator"));
    o.indicator = "placement_stock/network";
    o.title = "Rettet";
    assert_int_equal(app_strategy_objective_save(&app, arena, &o, 1, NULL), OK);
    o.title = "Forældet";
    assert_int_equal(app_strategy_objective_save(&app, arena, &o, 1, NULL), ERR_CONFLICT);

    struct strategy_action x = { 0 };
    x.objective_id = o.id;
    x.theme = "Netværksrådgivning";
    x.status = SS_PLANNED;
    assert_int_equal(app_strategy_action_save(&app, arena, &x, 0, NULL), OK);
    assert_string_equal(x.parent_code, "F1"); /* from its objective */
    struct strategy_followup f = { 0 };
    f.action_id = x.id;
    f.period = "2026-H1";
    f.date = "2026-06-15";
    f.status = SS_ONGOING;
    f.status_text = "I gang med to familier";
    assert_int_equal(app_strategy_followup_add(&app, arena, &f, NULL), OK);
    f.period = "2026-H3";
    assert_int_equal(app_strategy_followup_add(&app, arena, &f, NULL), ERR_INVALID);

    struct strategy_data s;
    assert_int_equal(app_strategy_read(&app, arena, &s, NULL), OK);
    bool found = false;
    for (size_t i = 0; i < s.nobjectives; i++)
        if (s.objectives[i].id == o.id)
            found = strcmp(s.objectives[i].title, "Rettet") == 0 && s.objectives[i].version == 2;
    assert_true(found);
    found = false;
    for (size_t i = 0; i < s.nactions; i++)
        if (s.actions[i].id == x.id)
            found = s.actions[i].status == SS_ONGOING && s.actions[i].version == 2 &&
                    strcmp(s.actions[i].status_text, "I gang med to familier") == 0;
    assert_true(found);
    size_t kept = 0;
    for (size_t i = 0; i < s.nfollowups; i++)
        kept += s.followups[i].action_id == x.id;
    assert_int_equal(kept, 1);
    strbuf_release(&why);
}

static void
bad_input_changes_nothing(void **state)
{
    (void)state;
    char line[512];
    must_user("rg1", "caseworker");
    int64_t a = must_add("{\"type\":\"child\",\"name\":\"Testbarn B\"}");
    int64_t b = must_add("{\"type\":\"child\",\"name\":\"Testbarn C\"}");
    snprintf(
        line, sizeof(line),
        "{\"type\":\"case\",\"child_id\":%lld,\"caseworker\":\"rg1\",\"opened\":\"2024-01-01\"}",
        (long long)b);
    int64_t case_b = must_add(line);
    snprintf(line, sizeof(line),
             "{\"type\":\"conversation\",\"child_id\":%lld,\"date\":\"2024-03-20\","
             "\"bisidder_informed\":true}",
             (long long)a);
    int64_t conv = must_add(line);
    snprintf(line, sizeof(line),
             "{\"type\":\"intervention\",\"child_id\":%lld,\"catalogue_code\":\"bl32-3\","
             "\"start\":\"2024-04-01\",\"lower_steps\":\"Rådgivning prøvet\"}",
             (long long)a);
    int64_t not_placement = must_add(line);

    char *before = export_all();
    int64_t audit_before = audit_rows();

    struct {
        const char *fmt;
        long long arg;
        const char *expect;
    } bad[] = {
        { "{\"type\":\"notification\",\"child_id\":%lld,\"case_id\":%lld,\"received_at\":"
          "\"2024-03-01T09:00:00Z\",\"notifier_type\":\"school\"}",
          0, "about another child" },
        { "{\"type\":\"decision\",\"child_id\":%lld,\"date\":\"2024-03-10\",\"decision_type\":"
          "\"support_s32\",\"legal_basis\":\"§ 32\",\"conversation_id\":%lld}",
          1, "on or before the decision" },
        { "{\"type\":\"decision\",\"child_id\":%lld,\"date\":\"2024-03-30\",\"decision_type\":"
          "\"support_s32\",\"legal_basis\":\"§ 32\"}",
          2, "§ 5" },
        { "{\"type\":\"supervision\",\"child_id\":%lld,\"intervention_id\":%lld,\"date\":"
          "\"2024-05-01\",\"child_alone\":true}",
          3, "must be a placement" },
        { "{\"type\":\"notification\",\"child_id\":9999,\"received_at\":\"2024-03-01T09:00:00Z\","
          "\"notifier_type\":\"school\"}",
          4, "no child with id 9999" },
        { "{\"type\":\"child\",\"id\":%lld,\"name\":\"Dup\"}", 5, "already exists" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct strbuf why = STRBUF_INIT;
        switch (bad[i].arg) {
        case 0:
            snprintf(line, sizeof(line), bad[i].fmt, (long long)a, (long long)case_b);
            break;
        case 1:
            snprintf(line, sizeof(line), bad[i].fmt, (long long)a, (long long)conv);
            break;
        case 3:
            snprintf(line, sizeof(line), bad[i].fmt, (long long)a, (long long)not_placement);
            break;
        case 5:
            snprintf(line, sizeof(line), bad[i].fmt, (long long)a);
            break;
        default:
            snprintf(line, sizeof(line), bad[i].fmt, (long long)a);
        }
        enum err rc = add_json(line, NULL, &why);
        assert_int_not_equal(rc, OK);
        if (!strstr(strbuf_str(&why), bad[i].expect))
            fail_msg("case %zu: '%s' lacks '%s'", i, strbuf_str(&why), bad[i].expect);
        strbuf_release(&why);
    }
    /* Failed writes leave no record and no audit row; the export is byte-identical. */
    assert_int_equal(audit_rows(), audit_before);
    char *after = export_all();
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void
least_intrusive_first(void **state)
{
    (void)state;
    char line[512];
    struct strbuf why = STRBUF_INIT;
    int64_t c = must_add("{\"type\":\"child\",\"name\":\"Testbarn T\"}");
    snprintf(line, sizeof(line),
             "{\"type\":\"intervention\",\"child_id\":%lld,\"catalogue_code\":\"bl30-2\","
             "\"start\":\"2024-01-01\",\"lower_steps\":\"Råd og vejledning\"}",
             (long long)c);
    must_add(line);
    /* Step 3 while the child is on step 2 needs the lower steps described ... */
    snprintf(line, sizeof(line),
             "{\"type\":\"intervention\",\"child_id\":%lld,\"catalogue_code\":\"bl32-5\","
             "\"start\":\"2024-03-01\"}",
             (long long)c);
    assert_int_equal(add_json(line, NULL, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "intervention.lower_steps: the child is on step 2"));
    /* ... the same or a lower step does not. */
    snprintf(line, sizeof(line),
             "{\"type\":\"intervention\",\"child_id\":%lld,\"catalogue_code\":\"bl30-1\","
             "\"start\":\"2024-03-01\"}",
             (long long)c);
    assert_int_equal(add_json(line, NULL, &why), OK);
    strbuf_release(&why);
}

/* A child's page gets each type's records in id order, whatever order the database reads them
 * in (interventions come off their index by start date). */
static void
child_view_has_records_in_id_order(void **state)
{
    (void)state;
    char line[512];
    const char *starts[] = { "2024-06-01", "2024-02-01", "2023-09-01" };
    int64_t c = must_add("{\"type\":\"child\",\"name\":\"Testbarn O\"}"), ids[3];
    for (size_t i = 0; i < ARRAY_SIZE(starts); i++) {
        snprintf(line, sizeof(line),
                 "{\"type\":\"intervention\",\"child_id\":%lld,\"catalogue_code\":\"bl30-1\","
                 "\"start\":\"%s\",\"lower_steps\":\"Ingen lavere trin\"}",
                 (long long)c, starts[i]);
        ids[i] = must_add(line);
    }
    struct child_view v;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(app_child_view(&app, c, arena, &v, &why), OK);
    assert_string_equal(record_get_s(v.cr.child, "name"), "Testbarn O");
    assert_int_equal(v.cr.n[RT_intervention], 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(v.cr.recs[RT_intervention][i].id, ids[i]);
    assert_int_equal(v.cr.n[RT_notification], 0);
    strbuf_release(&why);
}

/* A child's page and lists decrypt only the personal fields they show; one they leave sealed
 * still counts as present, so the deadlines come out as from every field opened. */
static void
views_open_only_what_they_show(void **state)
{
    (void)state;
    char line[512];
    struct strbuf why = STRBUF_INIT;
    int64_t c = must_add("{\"type\":\"child\",\"name\":\"Testbarn S\",\"cpr\":\"010120-4003\"}");
    const char *of_c[] = {
        "{\"type\":\"notification\",\"child_id\":%lld,\"received_at\":\"2024-01-02T08:00:00Z\","
        "\"notifier_type\":\"school\",\"professional\":true,\"content\":\"Bekymring\"}",
        "{\"type\":\"assessment\",\"child_id\":%lld,\"aware_date\":\"2024-01-02\","
        "\"conclusion\":\"Behov for støtte\"}",
        "{\"type\":\"conversation\",\"child_id\":%lld,\"date\":\"2024-01-10\","
        "\"bisidder_informed\":true,\"child_words\":\"Jeg vil bo hjemme\","
        "\"child_wishes\":\"Mere tid med far\"}",
        "{\"type\":\"decision\",\"child_id\":%lld,\"date\":\"2024-02-01\",\"decision_type\":"
        "\"support_s32\",\"legal_basis\":\"§ 32\",\"exception_reason\":\"Barnet er 1 år\"}",
    };
    for (size_t i = 0; i < ARRAY_SIZE(of_c); i++) {
        snprintf(line, sizeof(line), of_c[i], (long long)c);
        must_add(line);
    }
    struct child_view v;
    assert_int_equal(app_child_view(&app, c, arena, &v, &why), OK);
    assert_string_equal(record_get_s(v.cr.child, "name"), "Testbarn S");
    assert_string_equal(record_get_s(v.cr.child, "cpr"), "010120-4003");
    assert_string_equal(record_get_s(&v.cr.recs[RT_assessment][0], "conclusion"),
                        "Behov for støtte");
    const struct record *conv = &v.cr.recs[RT_conversation][0];
    assert_string_equal(record_get_s(conv, "child_words"), "Jeg vil bo hjemme");
    assert_ptr_equal(record_get_s(conv, "child_wishes"), record_unopened);
    assert_ptr_equal(record_get_s(&v.cr.recs[RT_notification][0], "content"), record_unopened);
    assert_ptr_equal(record_get_s(&v.cr.recs[RT_decision][0], "exception_reason"), record_unopened);

    /* The same deadlines as from the records with every field opened. */
    struct child_records all;
    struct deadline *dl;
    assert_int_equal(store_begin_read(app.store, &why), OK);
    assert_int_equal(load_child_records(&app, c, NULL, arena, &all, &why), OK);
    store_rollback(app.store);
    assert_string_equal(record_get_s(&all.recs[RT_notification][0], "content"), "Bekymring");
    struct asof at = { v.today, 0, false };
    size_t n = deadlines_for_child(&app.cfg, &all, at, arena, &dl), open = 0, excepted = 0;
    for (size_t i = 0; i < n; i++) {
        /* The child's voice before the decision: met by the documented exception, which the
         * page reads as present without opening it. */
        if (dl[i].note_da && strstr(dl[i].note_da, "undtagelse") && dl[i].met)
            excepted++;
        if (!deadline_is_open(&dl[i]))
            continue;
        open++;
        size_t k = 0;
        while (k < v.ndeadlines &&
               !(v.deadlines[k].rule == dl[i].rule && v.deadlines[k].record_id == dl[i].record_id))
            k++;
        assert_true(k < v.ndeadlines);
        assert_int_equal(v.deadlines[k].status, dl[i].status);
    }
    assert_int_equal(excepted, 1);
    assert_true(open > 0);
    assert_int_equal(open, v.ndeadlines);
    strbuf_release(&why);
}

static void
import_is_all_or_nothing(void **state)
{
    (void)state;
    char *before = export_all();
    const char *file = "{\"type\":\"child\",\"id\":500,\"name\":\"Import A\"}\n"
                       "{\"type\":\"child\",\"id\":501,\"name\":\"Import B\"}\n"
                       "\n"
                       "{\"type\":\"case\",\"id\":500,\"child_id\":500,\"caseworker\":\"rg\","
                       "\"opened\":\"2024-01-01\",\"closed\":\"2023-01-01\"}\n";
    FILE *in = fmemopen((void *)(uintptr_t)file, strlen(file), "r");
    struct strbuf why = STRBUF_INIT;
    size_t count = 0;
    assert_int_equal(app_import(&app, in, "f.jsonl", &count, &why), ERR_INVALID);
    fclose(in);
    assert_non_null(strstr(strbuf_str(&why), "f.jsonl:4: case.closed: must not be before opened"));
    char *after = export_all();
    assert_string_equal(before, after);
    free(before);
    free(after);
    strbuf_release(&why);
}

static void
policy_refuses_unknown_actors_and_logs_it(void **state)
{
    (void)state;
    app_set_nobody(&app);
    int64_t before = audit_rows();
    struct record r;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(app_record_get(&app, record_desc_by_name("child"), 1, arena, &r, &why),
                     ERR_FORBIDDEN);
    app_set_operator(&app, "cli:test");
    assert_int_equal(audit_rows(), before + 1); /* the refusal itself */
    strbuf_release(&why);
}

static void
dummy_page(struct req *req)
{
    (void)req;
}

/* Deny by default at the door (issue 19): a route that does not name what it needs is refused
 * before the server starts, and the application's own table names it for every route. */
static void
every_route_names_what_it_needs(void **state)
{
    (void)state;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(http_routes_check(pages_routes, pages_nroutes, true, &why), OK);
    size_t pub = 0;
    for (size_t i = 0; i < pages_nroutes; i++)
        pub += (pages_routes[i].flags & ROUTE_PUBLIC) != 0;
    assert_int_equal(pub, 3); /* GET and POST /login, GET /healthz: nothing else */

    static const struct {
        struct route r;
        const char *says;
    } bad[] = {
        { { "GET", "/x", dummy_page, 0, 0 }, "either public or a session route" },
        { { "GET", "/x", dummy_page, ROUTE_SESSION, 0 }, "names the role it needs" },
        { { "GET", "/x", dummy_page, ROUTE_SESSION | ROUTE_ANY_ROLE, 3 }, "names the role" },
        { { "GET", "/x", dummy_page, ROUTE_PUBLIC | ROUTE_SESSION, 0 }, "either public" },
        { { "GET", "/x", dummy_page, ROUTE_PUBLIC, 2 }, "a public route needs no role" },
        { { "PUT", "/x", dummy_page, ROUTE_PUBLIC, 0 }, "needs GET or POST" },
        { { "GET", "x", dummy_page, ROUTE_PUBLIC, 0 }, "a path from /" },
        { { "GET", "/x", NULL, ROUTE_PUBLIC, 0 }, "a handler" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        strbuf_reset(&why);
        assert_int_equal(http_routes_check(&bad[i].r, 1, true, &why), ERR_INVALID);
        assert_non_null(strstr(strbuf_str(&why), bad[i].says));
    }
    const struct route twice[] = { { "GET", "/x", dummy_page, ROUTE_PUBLIC, 0 },
                                   { "GET", "/x", dummy_page, ROUTE_PUBLIC, 0 } };
    strbuf_reset(&why);
    assert_int_equal(http_routes_check(twice, 2, true, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "listed twice"));
    const struct route guarded[] = { { "GET", "/x", dummy_page, ROUTE_SESSION | ROUTE_ANY_ROLE,
                                       0 } };
    strbuf_reset(&why);
    assert_int_equal(http_routes_check(guarded, 1, false, &why), ERR_INVALID);
    assert_non_null(strstr(strbuf_str(&why), "admit hook"));
    strbuf_release(&why);
}

/* A first head that MHD would answer with a bare error of its own is answered at the door, with
 * every security header (issue 19); a head MHD serves passes. */
static void
door_answers_what_mhd_would_answer_bare(void **state)
{
    (void)state;

    static const struct {
        const char *head;
        int status;
    } cases[] = {
        { "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 0 },
        { "\r\nGET / HTTP/1.0\r\n\r\n", 0 },
        { "GET / HTTP/1.1\nHost: x\n\n", 0 },
        { "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 0 },
        { "GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", 0 },
        { "POST /ny HTTP/1.1\r\ncontent-length:  12 \r\nContent-Length: 12\r\n\r\n", 0 },
        { "GARBAGE\r\n\r\n", 400 },
        { "GET /\r\nHost: x\r\n\r\n", 400 },
        { "GET / http/1.1\r\n\r\n", 400 },
        { "GET / HTTP/1.10\r\n\r\n", 400 },
        { "GET / HTTP/2.0\r\n\r\n", 505 },
        { "GET / HTTP/0.9\r\n\r\n", 505 },
        { "GET / HTTP/1.1\r\nBad Header\r\n\r\n", 400 },
        { "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400 },
        { "GET / HTTP/1.1\r\n: x\r\n\r\n", 400 },
        { "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400 },
        { "POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400 },
        { "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", 400 },
        { "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 413 },
        { "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\n", 400 },
        { "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400 },
        { "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411 },
        { "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        int got = door_head_refusal(cases[i].head, strlen(cases[i].head));
        if (got != cases[i].status)
            fail_msg("%s: %d, not %d", cases[i].head, got, cases[i].status);
    }
}

/* The same rules on fields MHD has parsed (a later request of a kept-alive connection): names
 * and values come apart, the value already trimmed or not. */
static void
door_field_rules_hold_for_parsed_fields(void **state)
{
    (void)state;
    struct door_fields f = { 0 };
    assert_int_equal(door_field(&f, "Host", 4, "x", 1), 0);
    assert_int_equal(door_field(&f, "content-length", 14, " 12 ", 4), 0);
    assert_int_equal(door_field(&f, "Content-Length", 14, "12", 2), 0);
    assert_int_equal(door_fields_end(&f), 0);
    assert_int_equal(door_field(&f, "Content-Length", 14, "13", 2), 400);
    assert_int_equal(door_field(&(struct door_fields){ 0 }, "X ", 2, "y", 1), 400);
    assert_int_equal(door_field(&(struct door_fields){ 0 }, "", 0, "y", 1), 400);
    assert_int_equal(door_field(&(struct door_fields){ 0 }, "Transfer-Encoding", 17, "gzip", 4),
                     501);

    struct door_fields te = { 0 };
    assert_int_equal(door_field(&te, "Transfer-Encoding", 17, "Chunked", 7), 0);
    assert_int_equal(door_fields_end(&te), 411);
    assert_int_equal(door_field(&te, "Content-Length", 14, "3", 1), 0);
    assert_int_equal(door_fields_end(&te), 400);
    assert_string_equal(door_refusal_text(431), DOOR_TEXT_431);
    assert_null(door_refusal_text(200));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_operation_leaves_an_audit_row),
        cmocka_unit_test(views_open_only_what_they_show),
        cmocka_unit_test(lists_are_audited_with_their_ids),
        cmocka_unit_test(concurrent_reads_are_each_audited_once),
        cmocka_unit_test(deferred_reads_are_durable_before_their_ticket_is),
        cmocka_unit_test(queued_reads_are_counted_until_written),
        cmocka_unit_test(logged_reads_reach_the_chain_once),
        cmocka_unit_test(key_figures_follow_every_write),
        cmocka_unit_test(purge_keeps_the_chain_and_logs_itself),
        cmocka_unit_test(bad_input_changes_nothing),
        cmocka_unit_test(a_case_names_a_caseworker_account),
        cmocka_unit_test(strategy_is_versioned_and_followed_up),
        cmocka_unit_test(least_intrusive_first),
        cmocka_unit_test(child_view_has_records_in_id_order),
        cmocka_unit_test(import_is_all_or_nothing),
        cmocka_unit_test(policy_refuses_unknown_actors_and_logs_it),
        cmocka_unit_test(every_route_names_what_it_needs),
        cmocka_unit_test(door_answers_what_mhd_would_answer_bare),
        cmocka_unit_test(door_field_rules_hold_for_parsed_fields),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
