/* test_auth.c - accounts and sessions on a fake clock: TOTP, replay, login limits that an outsider
 * cannot turn into a lockout (issue 19), idle and absolute timeouts (QUALITY S-03), disabling a
 * user and ending sessions (S-04). */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <sqlite3.h>
#include <stdio.h>

#include "app/app.h"
#include "app/internal.h" /* throttle_forget, the hash slots */
#include "core/crypto.h"
#include "testlib.h"

static char path[256];
static struct app app;
static char secret[33];
static int64_t fake_now;

static int64_t
clock_fake(void)
{
    return fake_now;
}

static int
setup(void **state)
{
    (void)state;
    struct strbuf why = STRBUF_INIT;
    test_db_path(path, sizeof(path), "auth");
    struct app_options opt = { path, test_config_dir(), "cli:test", true, false, NULL, 0 };
    if (crypto_init() != OK || app_open(&app, &opt, &why) != OK)
        return -1;
    app.now = clock_fake;
    fake_now = 1733000000; /* 2024-11-30 */
    if (app_user_add(&app, "rg-test", "Test", "caseworker", "Team", "et-langt-kodeord", false,
                     secret, &why) != OK)
        return -1;
    strbuf_release(&why);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    app_close(&app);
    test_db_remove(path);
    return 0;
}

static enum err
login_at(int64_t t, const char *password, char token[static APP_TOKEN_LEN + 1])
{
    char code[7];
    fake_now = t;
    assert_int_equal(crypto_totp_now(secret, t, code), OK);
    return app_login(&app, "rg-test", password, code, NULL, token, NULL, NULL);
}

static enum err
login_from(int64_t t, const char *from, const char *login, const char *password,
           int64_t *retry_after)
{
    char code[7], token[APP_TOKEN_LEN + 1];
    fake_now = t;
    assert_int_equal(crypto_totp_now(secret, t, code), OK);
    return app_login(&app, login, password, code, from, token, retry_after, NULL);
}

static int64_t
throttled_rows(void)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int64_t n = -1;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM audit WHERE action='login_failed' "
                                        "AND detail LIKE '%throttled%'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void
idle_and_absolute_timeouts(void **state)
{
    (void)state;
    char token[APP_TOKEN_LEN + 1];
    int64_t t0 = fake_now + 3600;
    assert_int_equal(login_at(t0, "et-langt-kodeord", token), OK);
    assert_int_equal(strlen(token), APP_TOKEN_LEN);
    assert_int_equal(app.who.kind, ACTOR_USER);
    fake_now = t0 + 29 * 60;
    assert_int_equal(app_session_resume(&app, token, NULL), OK);
    assert_string_equal(app.who.login, "rg-test");
    fake_now += 30 * 60 + 1; /* idle for more than 30 minutes */
    assert_int_equal(app_session_resume(&app, token, NULL), ERR_FORBIDDEN);
    assert_int_equal(app.who.kind, ACTOR_NONE);

    /* Active every 20 minutes: still ended 12 hours after login. */
    int64_t t1 = fake_now + 3600;
    assert_int_equal(login_at(t1, "et-langt-kodeord", token), OK);
    for (int k = 1; k <= 36; k++) {
        fake_now = t1 + k * 20 * 60;
        assert_int_equal(app_session_resume(&app, token, NULL), OK);
    }
    fake_now = t1 + 12 * 3600 + 60;
    assert_int_equal(app_session_resume(&app, token, NULL), ERR_FORBIDDEN);
}

static void
totp_codes_are_single_use(void **state)
{
    (void)state;
    char token[APP_TOKEN_LEN + 1];
    int64_t t = fake_now + 7200;
    assert_int_equal(login_at(t, "et-langt-kodeord", token), OK);
    assert_int_equal(login_at(t, "et-langt-kodeord", token), ERR_FORBIDDEN);
}

/* Wrong passwords from one address make that address wait, longer after each failure; the user
 * logs in from their own address all the while (no lockout an outsider can cause). */
static void
failures_delay_the_address_not_the_user(void **state)
{
    (void)state;
    int64_t t = fake_now + 7200, wait = 0;
    throttle_forget();
    int64_t rows0 = throttled_rows();
    for (int i = 0; i < 3; i++)
        assert_int_equal(login_from(t, "10.0.0.66", "rg-test", "forkert-kodeord", &wait),
                         ERR_FORBIDDEN);
    /* From the fourth failure on: 1, 2, 4, ... seconds after the last one. */
    assert_int_equal(login_from(t, "10.0.0.66", "rg-test", "forkert-kodeord", &wait), ERR_RATE);
    assert_int_equal(wait, 1);
    assert_int_equal(login_from(t, "10.0.0.66", "rg-test", "et-langt-kodeord", &wait), ERR_RATE);
    assert_int_equal(throttled_rows(), rows0 + 1); /* a flood is audited once, not per attempt */
    assert_int_equal(login_from(t, "10.0.0.5", "rg-test", "et-langt-kodeord", &wait), OK);
    assert_int_equal(login_from(t + 1, "10.0.0.66", "rg-test", "forkert-kodeord", &wait),
                     ERR_FORBIDDEN);
    assert_int_equal(login_from(t + 1, "10.0.0.66", "rg-test", "forkert-kodeord", &wait), ERR_RATE);
    assert_int_equal(wait, 2);
    int64_t at = t + 3;
    for (int64_t expect = 4; expect <= 900; expect = expect * 2 > 900 ? 900 : expect * 2) {
        assert_int_equal(login_from(at, "10.0.0.66", "rg-test", "forkert-kodeord", &wait),
                         ERR_FORBIDDEN);
        assert_int_equal(login_from(at, "10.0.0.66", "rg-test", "forkert-kodeord", &wait),
                         ERR_RATE);
        assert_int_equal(wait, expect);
        at += wait;
        if (expect == 900)
            break;
    }
    /* The user, from their own address, is not held up by any of it; a success there does not
     * free the attacker's address. */
    assert_int_equal(login_from(at + 30, "10.0.0.5", "rg-test", "et-langt-kodeord", &wait), OK);
    assert_int_equal(login_from(at - 1, "10.0.0.66", "rg-test", "et-langt-kodeord", &wait),
                     ERR_RATE);
    /* The right password from that address, once the wait is over, works and clears it. */
    assert_int_equal(login_from(at + 60, "10.0.0.66", "rg-test", "et-langt-kodeord", &wait), OK);
    assert_int_equal(login_from(at + 90, "10.0.0.66", "rg-test", "forkert-kodeord", &wait),
                     ERR_FORBIDDEN);
    assert_int_equal(login_from(at + 90, "10.0.0.66", "rg-test", "forkert-kodeord", &wait),
                     ERR_FORBIDDEN);
}

/* One address may try 20 logins at once, then one every 3 s, whatever logins it names; one login
 * may be tried 10 times at once from anywhere, then once a second. */
static void
attempts_are_limited_per_address_and_per_login(void **state)
{
    (void)state;
    int64_t t = fake_now + 7200, wait = 0;
    char login[32];
    throttle_forget();
    for (int i = 0; i < 20; i++) {
        snprintf(login, sizeof(login), "gaet-%d", i);
        assert_int_equal(login_from(t, "10.0.0.77", login, "forkert-kodeord", &wait),
                         ERR_FORBIDDEN);
    }
    assert_int_equal(login_from(t, "10.0.0.77", "gaet-20", "forkert-kodeord", &wait), ERR_RATE);
    assert_int_equal(wait, 3);
    assert_int_equal(login_from(t + 3, "10.0.0.77", "gaet-21", "forkert-kodeord", &wait),
                     ERR_FORBIDDEN);
    assert_int_equal(login_from(t + 3, "10.0.0.77", "gaet-22", "forkert-kodeord", &wait), ERR_RATE);

    t += 60;
    char from[32];
    for (int i = 0; i < 10; i++) {
        snprintf(from, sizeof(from), "10.1.0.%d", i);
        assert_int_equal(login_from(t, from, "rg-test", "forkert-kodeord", &wait), ERR_FORBIDDEN);
    }
    assert_int_equal(login_from(t, "10.1.0.99", "rg-test", "forkert-kodeord", &wait), ERR_RATE);
    assert_int_equal(wait, 1);
    /* A rate, not a lock: a second later the user gets in. */
    assert_int_equal(login_from(t + 1, "10.0.0.5", "rg-test", "et-langt-kodeord", &wait), OK);
}

/* Only so many password hashes at once: the next login is told to retry, not queued. */
static void
password_hashes_are_bounded(void **state)
{
    (void)state;
    int64_t wait = 0;
    throttle_forget();
    app_login_hash_slots(1);
    assert_true(throttle_hash_acquire());
    assert_int_equal(login_from(fake_now + 7200, "10.0.0.5", "rg-test", "et-langt-kodeord", &wait),
                     ERR_RATE);
    assert_int_equal(wait, 1);
    throttle_hash_release();
    app_login_hash_slots(2);
    assert_true(throttle_hash_acquire());
    assert_int_equal(login_from(fake_now + 7200, "10.0.0.5", "rg-test", "et-langt-kodeord", &wait),
                     OK);
    throttle_hash_release();
    app_login_hash_slots(1);
}

static void
disabling_a_user_ends_the_session_at_once(void **state)
{
    (void)state;
    char token[APP_TOKEN_LEN + 1];
    int64_t n = -1;
    assert_int_equal(login_at(fake_now + 7200, "et-langt-kodeord", token), OK);
    app_set_operator(&app, "cli:test");
    assert_int_equal(app_user_disable(&app, "rg-test", true, NULL), OK);
    assert_int_equal(app_session_resume(&app, token, NULL), ERR_FORBIDDEN);
    app_set_operator(&app, "cli:test");
    assert_int_equal(app_user_disable(&app, "rg-test", false, NULL), OK);
    assert_int_equal(app_user_disable(&app, "nobody", true, NULL), ERR_NOT_FOUND);
    assert_int_equal(login_at(fake_now + 60, "et-langt-kodeord", token), OK);
    app_set_operator(&app, "cli:test");
    assert_int_equal(app_sessions_end(&app, NULL, &n, NULL), OK);
    assert_true(n >= 1);
    assert_int_equal(app_session_resume(&app, token, NULL), ERR_FORBIDDEN);
    /* Only operators manage users. */
    assert_int_equal(app_user_disable(&app, "rg-test", true, NULL), ERR_FORBIDDEN);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idle_and_absolute_timeouts),
        cmocka_unit_test(totp_codes_are_single_use),
        cmocka_unit_test(failures_delay_the_address_not_the_user),
        cmocka_unit_test(attempts_are_limited_per_address_and_per_login),
        cmocka_unit_test(password_hashes_are_bounded),
        cmocka_unit_test(disabling_a_user_ends_the_session_at_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
