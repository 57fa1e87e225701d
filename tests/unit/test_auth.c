/* test_auth.c - accounts and sessions on a fake clock: TOTP, replay, lockout, idle and absolute
 * timeouts (QUALITY S-03), disabling a user and ending sessions (S-04). */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include "app/app.h"
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
    return app_login(&app, "rg-test", password, code, token, NULL);
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

static void
repeated_failures_lock_the_login(void **state)
{
    (void)state;
    char token[APP_TOKEN_LEN + 1];
    struct strbuf why = STRBUF_INIT;
    int64_t t = fake_now + 7200;
    for (int i = 0; i < 5; i++)
        assert_int_equal(login_at(t + i * 30, "forkert-kodeord", token), ERR_FORBIDDEN);
    char code[7];
    fake_now = t + 300;
    assert_int_equal(crypto_totp_now(secret, fake_now, code), OK);
    assert_int_equal(app_login(&app, "rg-test", "et-langt-kodeord", code, token, &why),
                     ERR_FORBIDDEN);
    assert_non_null(strstr(strbuf_str(&why), "too many"));
    /* After the 15-minute window the login works again. */
    assert_int_equal(login_at(t + 16 * 60, "et-langt-kodeord", token), OK);
    strbuf_release(&why);
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
        cmocka_unit_test(repeated_failures_lock_the_login),
        cmocka_unit_test(disabling_a_user_ends_the_session_at_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
