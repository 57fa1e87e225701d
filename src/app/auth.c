/*
 * auth.c - local accounts and sessions: Argon2id passwords, a TOTP second factor for every user,
 * server-side sessions keyed by the hash of a random token, idle and absolute timeouts (QUALITY
 * S-01..S-04), and attempts limited before any hashing (throttle.c). The one place that knows
 * how identity is established, so SAML via KOMBIT's Context Handler can replace it later.
 * Must not: keep a session token or password, or say which factor of a failed login was wrong.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/str.h"
#include "domain/date.h"

static const char *const roles[] = { "caseworker", "team_leader", "leadership", "partner",
                                     "taskforce",  "analyst",     "admin",      NULL };

static enum err
auth_audit(struct app *app, const char *action, const char *detail, struct strbuf *why)
{
    char at[DATETIME_BUF];
    datetime_format(app->now(), at);
    struct audit_entry e = { at, app->actor, action, NULL, 0, 0, detail, app->request_id };
    return store_audit_append(app->store, &e, why);
}

static bool
login_ok(const char *login)
{
    size_t n = strlen(login);
    if (n < 2 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = login[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

enum err
app_user_add(struct app *app, const char *login, const char *display_name, const char *role,
             const char *team, const char *password, bool demo, char secret_out[static 33],
             struct strbuf *why)
{
    struct user u;
    char hash[CRYPTO_PWHASH_LEN];
    char at[DATETIME_BUF];
    enum err rc;

    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "user add: only for operators");
    if (!login_ok(login))
        return why_set(why, ERR_INVALID,
                       "user.login: must be 2-64 characters a-z, 0-9, '.', '-' or '_'");
    if (!display_name || !*display_name || strlen(display_name) > 200)
        return why_set(why, ERR_INVALID, "user.name: must be 1 to 200 characters");
    size_t ri;
    if (!role || !str_in_list(role, roles, &ri))
        return why_set(why, ERR_INVALID,
                       "user.role: must be one of caseworker, team_leader, leadership, partner, "
                       "taskforce, analyst, admin");
    if (team && (!*team || strlen(team) > 64))
        return why_set(why, ERR_INVALID, "user.team: must be 1 to 64 characters");
    if (!password || strlen(password) < 12 || strlen(password) > 256)
        return why_set(why, ERR_INVALID, "user.password: must be 12 to 256 characters");
    rc = crypto_password_hash(password, hash);
    if (rc)
        return why_set(why, rc, "user.password: could not be hashed");
    crypto_totp_secret_new(secret_out);
    memset(&u, 0, sizeof(u));
    u.login = login;
    u.display_name = display_name;
    u.role = role;
    u.team = team;
    u.password_hash = hash;
    u.totp_secret = secret_out;
    u.demo = demo;
    datetime_format(app->now(), at);
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = store_user_insert(app->store, &u, at, why);
    if (!rc) {
        char detail[160];
        snprintf(detail, sizeof(detail), "user add login=%s role=%s", login, role);
        rc = auth_audit(app, "create", detail, why);
    }
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}

static void
act_as(struct app *app, const struct user *u)
{
    snprintf(app->actor, sizeof(app->actor), "user:%lld", (long long)u->id);
    snprintf(app->who_login, sizeof(app->who_login), "%s", u->login);
    snprintf(app->who_role, sizeof(app->who_role), "%s", u->role);
    snprintf(app->who_team, sizeof(app->who_team), "%s", u->team ? u->team : "");
    snprintf(app->who_name, sizeof(app->who_name), "%s", u->display_name ? u->display_name : "");
    app->who.kind = ACTOR_USER;
    app->who.user_id = u->id;
    app->who.login = app->who_login;
    app->who.role = app->who_role;
    app->who.rid = policy_role(u->role);
    app->who.team = u->team ? app->who_team : NULL;
}

/* A hash to verify against when the login does not exist, so both paths cost the same. Made
 * once per process (worker threads log in concurrently). */
static char dummy[CRYPTO_PWHASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_make(void)
{
    if (crypto_password_hash("not a password of anyone", dummy) != OK)
        dummy[0] = '\0';
}

static const char *
dummy_hash(void)
{
    pthread_once(&dummy_once, dummy_make);
    return dummy;
}

enum err
app_login(struct app *app, const char *login, const char *password, const char *code,
          const char *from, char token_out[static APP_TOKEN_LEN + 1], int64_t *retry_after,
          struct strbuf *why)
{
    struct arena *a = arena_new(64 * 1024);
    struct user u;
    int64_t now = app->now(), step = 0, wait = 0;
    unsigned char hash[CRYPTO_HASH_BYTES];
    char detail[128];
    const char *by = NULL;
    bool first = false;
    enum err rc;

    app_set_nobody(app);
    if (retry_after)
        *retry_after = 0;
    const char *name = login_ok(login) ? login : "(invalid)";
    snprintf(detail, sizeof(detail), "login=%.64s", name);
    /* The limits first, the hash slot next: nothing costly before both. */
    rc = throttle_login_begin(from, name, now, &wait, &first, &by);
    if (!rc && !throttle_hash_acquire()) {
        rc = ERR_RATE;
        wait = 1;
        by = "busy";
        first = false; /* a moment's congestion, not an attack on one login */
    }
    if (rc) {
        if (retry_after)
            *retry_after = wait;
        if (first) {
            char d[160];
            snprintf(d, sizeof(d), "%s throttled by %s", detail, by);
            if (store_begin(app->store, NULL) == OK) {
                if (auth_audit(app, "login_failed", d, NULL) || store_commit(app->store, NULL))
                    store_rollback(app->store);
            }
        }
        rc = why_set(why, ERR_RATE, "login: too many attempts (%s); try again in %lld s", by,
                     (long long)wait);
        goto out;
    }
    bool found = login_ok(login) && store_user_by_login(app->store, login, a, &u, NULL) == OK;
    bool pw = crypto_password_verify(found ? u.password_hash : dummy_hash(), password);
    throttle_hash_release();
    bool ok = found && pw && !u.disabled &&
              crypto_totp_check(u.totp_secret, code, now, u.totp_last_step, &step) == OK;
    throttle_login_end(from, name, ok, now);
    rc = store_begin(app->store, why);
    if (rc)
        goto out;
    if (!ok) {
        rc = auth_audit(app, "login_failed", detail, why);
        if (!rc)
            rc = store_commit(app->store, why);
        if (rc)
            store_rollback(app->store);
        rc = why_set(why, ERR_FORBIDDEN, "login: wrong login, password or code");
        goto out;
    }
    act_as(app, &u);
    crypto_token_new(token_out);
    crypto_blake2b(token_out, NULL, hash);
    rc = store_user_set_totp_step(app->store, u.id, step, why);
    if (rc == ERR_CONFLICT)
        rc = why_set(why, ERR_FORBIDDEN, "login: wrong login, password or code"); /* replay race */
    if (!rc)
        rc = store_session_insert(app->store, hash, u.id, now, why);
    if (!rc)
        rc = auth_audit(app, "login", detail, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc) {
        store_rollback(app->store);
        app_set_nobody(app);
        memset(token_out, 0, APP_TOKEN_LEN + 1);
    }
out:
    arena_free(a);
    return rc;
}

enum err
app_session_resume(struct app *app, const char *token, struct strbuf *why)
{
    struct arena *a;
    struct user u;
    unsigned char hash[CRYPTO_HASH_BYTES];
    int64_t created, last, now = app->now();
    enum err rc;

    app_set_nobody(app);
    app->expired_user = 0;
    if (!token || strlen(token) != APP_TOKEN_LEN)
        return why_set(why, ERR_FORBIDDEN, "session: not logged in");
    crypto_blake2b(token, NULL, hash);
    /* The session and its user in one statement: one snapshot of both. */
    a = arena_new(64 * 1024);
    rc = store_session_get(app->store, hash, &created, &last, a, &u, why);
    if (rc) {
        arena_free(a);
        if (rc == ERR_NOT_FOUND)
            return why_set(why, ERR_FORBIDDEN, "session: not logged in");
        return why_set(why, rc, "session: cannot be read");
    }
    int64_t idle = (int64_t)app->cfg.settings.session_idle_minutes * 60;
    int64_t absolute = (int64_t)app->cfg.settings.session_absolute_hours * 3600;
    if (now - last > idle || now - created > absolute) {
        app->expired_user = u.disabled ? 0 : u.id;
        arena_free(a);
        if (store_session_delete(app->store, hash, NULL) != OK)
            return why_set(why, ERR_DB, "session: cannot be ended");
        return why_set(why, ERR_FORBIDDEN, "session: expired");
    }
    if (!rc && u.disabled)
        rc = why_set(why, ERR_FORBIDDEN, "session: the user is disabled");
    if (!rc && now - last >= 60)
        rc = store_session_touch(app->store, hash, now, why); /* at most one write a minute */
    if (!rc)
        act_as(app, &u);
    arena_free(a);
    return rc == ERR_NOT_FOUND ? ERR_FORBIDDEN : rc;
}

enum err
app_form_keep(struct app *app, const char *path, const char *body, struct strbuf *why)
{
    if (!app->expired_user)
        return why_set(why, ERR_FORBIDDEN, "form: no ended session to keep it for");
    enum err rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = store_form_keep(app->store, app->expired_user, app->now(), path, body, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    else
        LOG(LOG_INFO, "req=%s form kept for user:%lld after the session ended", app->request_id,
            (long long)app->expired_user);
    return rc;
}

enum err
app_form_kept_path(struct app *app, struct arena *a, const char **path, struct strbuf *why)
{
    if (app->who.kind != ACTOR_USER)
        return why_set(why, ERR_NOT_FOUND, "form: nothing kept");
    return store_form_kept(app->store, app->who.user_id, app->now() - FORM_KEPT_MINUTES * 60, false,
                           a, path, NULL, why);
}

enum err
app_form_take(struct app *app, const char *path, struct arena *a, const char **body,
              struct strbuf *why)
{
    const char *kept;
    enum err rc = app_form_kept_path(app, a, &kept, why);
    if (rc)
        return rc;
    if (strcmp(kept, path) != 0)
        return why_set(why, ERR_NOT_FOUND, "form: kept for another page");
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = store_form_kept(app->store, app->who.user_id, app->now() - FORM_KEPT_MINUTES * 60, true, a,
                         &kept, body, why);
    if (rc == OK || rc == ERR_NOT_FOUND) {
        enum err c = store_commit(app->store, why);
        if (c)
            rc = c;
    }
    if (rc && rc != ERR_NOT_FOUND)
        store_rollback(app->store);
    return rc;
}

enum err
app_logout(struct app *app, const char *token, struct strbuf *why)
{
    unsigned char hash[CRYPTO_HASH_BYTES];
    enum err rc;
    if (!token || strlen(token) != APP_TOKEN_LEN)
        return OK;
    crypto_blake2b(token, NULL, hash);
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = store_session_delete(app->store, hash, why);
    if (!rc)
        rc = auth_audit(app, "logout", NULL, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    app_set_nobody(app);
    return rc;
}

void
app_form_token(char out[static APP_TOKEN_LEN + 1])
{
    crypto_token_new(out);
}

bool
app_form_token_valid(const char *s)
{
    if (!s || strlen(s) != APP_TOKEN_LEN)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

void
app_csrf_token(const char *token, char out[static APP_TOKEN_LEN + 1])
{
    unsigned char key[CRYPTO_HASH_BYTES], mac[CRYPTO_HASH_BYTES];
    crypto_blake2b(token, NULL, key);
    crypto_blake2b("trappe csrf", key, mac);
    crypto_b64url(mac, sizeof(mac), out, APP_TOKEN_LEN + 1);
}

bool
app_csrf_equal(const char *a, const char *b)
{
    return crypto_str_equal(a, b);
}

enum err
app_user_disable(struct app *app, const char *login, bool disabled, struct strbuf *why)
{
    int64_t n = 0;
    char detail[128];
    enum err rc;
    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "user: only for operators");
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = store_user_set_disabled(app->store, login, disabled, why);
    if (!rc && disabled)
        rc = store_sessions_end(app->store, login, &n, why);
    snprintf(detail, sizeof(detail), "user %s login=%.64s sessions_ended=%lld",
             disabled ? "disable" : "enable", login, (long long)n);
    if (!rc)
        rc = auth_audit(app, "update", detail, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}

enum err
app_sessions_end(struct app *app, const char *login, int64_t *n, struct strbuf *why)
{
    char detail[128];
    enum err rc;
    if (app->who.kind != ACTOR_CLI)
        return why_set(why, ERR_FORBIDDEN, "sessions: only for operators");
    rc = store_begin(app->store, why);
    if (rc)
        return rc;
    rc = store_sessions_end(app->store, login, n, why);
    snprintf(detail, sizeof(detail), "sessions end login=%.64s count=%lld", login ? login : "(all)",
             (long long)*n);
    if (!rc)
        rc = auth_audit(app, "logout", detail, why);
    if (!rc)
        rc = store_commit(app->store, why);
    if (rc)
        store_rollback(app->store);
    return rc;
}
