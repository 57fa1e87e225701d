/*
 * cmd_serve.c - `trappe serve [--listen ADDR:PORT] [--port-file FILE] [--threads N]
 * [--static DIR] [--max-connections N] [--per-ip N] [--read-log-ms N]`: the web application. Each
 * worker thread opens its own database connection.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/log.h"
#include "core/str.h"
#include "pages/pages.h"
#include "pages/web.h"

/*
 * Housekeeping while the server runs: the audit retention purge at start and then once a day,
 * on the operator's connection opened at start (the purge is itself an audit row).
 */
struct housekeeping {
    struct app *app;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
};

static void
purge_now(struct app *app)
{
    struct strbuf why = STRBUF_INIT;
    int64_t rows = 0;
    if (app_audit_purge(app, NULL, &rows, &why) == OK)
        log_write(LOG_INFO, "audit retention: %lld rows past retention purged", (long long)rows);
    else
        log_write(LOG_ERROR, "audit retention: purge failed: %s", strbuf_str(&why));
    strbuf_release(&why);
}

static void *
housekeeping_run(void *arg)
{
    struct housekeeping *h = arg;
    pthread_mutex_lock(&h->mu);
    while (!h->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 24 * 3600;
        while (!h->stop && pthread_cond_timedwait(&h->cv, &h->mu, &until) == 0)
            ;
        if (h->stop)
            break;
        pthread_mutex_unlock(&h->mu);
        purge_now(h->app);
        pthread_mutex_lock(&h->mu);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

/*
 * One worker thread per online CPU, at least two so that one slow page (a team's whole worklist)
 * does not hold up every connection. More threads than CPUs buy nothing while the database is in
 * the page cache, and cost a context switch each time the committer resumes a response held on a
 * sleeping thread: side by side on a 2-core machine, 2 threads served the audited case page 6-12 %
 * faster than 8, in three sets of rounds, and the page without read audit within 9 % either way
 * (docs/PERFORMANCE-notes.md).
 */
static int64_t
default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 2 ? 2 : n > 64 ? 64 : (int64_t)n;
}

int
cmd_serve(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    struct web web;
    const char *static_dir = getenv("TRAPPE_STATIC");
    int64_t threads = default_threads(), max_conn = 512, per_ip = 64, read_log_ms = 10;
    int64_t request_seconds = 10;
    struct http_options opt = {
        .listen = "127.0.0.1:8080", .routes = pages_routes, .nroutes = pages_nroutes, .ctx = &web
    };

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--routes") == 0) {
            /* The route table, one route a line: what the access-matrix test is generated from. */
            if (http_routes_check(pages_routes, pages_nroutes, true, &why)) {
                cli_error("%s", strbuf_str(&why));
                strbuf_release(&why);
                return EXIT_FAIL;
            }
            for (size_t k = 0; k < pages_nroutes; k++) {
                const struct route *rt = &pages_routes[k];
                const char *need =
                    rt->need > 0 ? policy_capability_name((enum capability)(rt->need - 1)) : NULL;
                printf("%s %s %s%s%s%s%s\n", rt->method, rt->path,
                       rt->flags & ROUTE_PUBLIC ? "public" : "session",
                       rt->flags & ROUTE_ID ? " id" : "",
                       rt->flags & ROUTE_ANY_ROLE ? " any-role" : "", need ? " needs:" : "",
                       need ? need : "");
            }
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: trappe serve [--listen ADDR:PORT] [--port-file FILE] [--threads N] "
                   "[--static DIR]\n"
                   "                    [--max-connections N] [--per-ip N] [--read-log-ms N]\n"
                   "                    [--request-seconds N] [--proxy ADDR]\n"
                   "       trappe serve --routes\n\n"
                   "Serve the web application (default 127.0.0.1:8080; port 0 picks a free port "
                   "and --port-file records it) with N worker threads (default: one per CPU, at "
                   "least 2), each with its own database connection; static files from DIR "
                   "(default $TRAPPE_STATIC or "
                   "./static). At most --max-connections open connections (default 512), --per-ip "
                   "from one address (default 64). Under load the audit rows of page views are "
                   "durable in DB-readlog first and in the audit chain at most --read-log-ms "
                   "milliseconds later (default 10). A request's headers and body must arrive "
                   "within --request-seconds of its first byte (default 10), however slowly "
                   "they trickle. Behind a reverse proxy at ADDR (--proxy), the last address of "
                   "its X-Forwarded-For is the client's, for the per-address login limits. "
                   "SIGTERM or SIGINT stops it after the "
                   "requests in flight. --routes prints the route table (method, path, flags) "
                   "and exits.\n");
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            opt.listen = argv[++i];
        } else if (strcmp(argv[i], "--port-file") == 0 && i + 1 < argc) {
            opt.port_file = argv[++i];
        } else if (strcmp(argv[i], "--static") == 0 && i + 1 < argc) {
            static_dir = argv[++i];
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            if (parse_i64(argv[++i], 1, 64, &threads)) {
                cli_error("--threads: must be a whole number from 1 to 64");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--max-connections") == 0 && i + 1 < argc) {
            if (parse_i64(argv[++i], 1, 100000, &max_conn)) {
                cli_error("--max-connections: must be a whole number from 1 to 100000");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--read-log-ms") == 0 && i + 1 < argc) {
            if (parse_i64(argv[++i], 1, 60000, &read_log_ms)) {
                cli_error("--read-log-ms: must be a whole number from 1 to 60000");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--per-ip") == 0 && i + 1 < argc) {
            if (parse_i64(argv[++i], 1, 100000, &per_ip)) {
                cli_error("--per-ip: must be a whole number from 1 to 100000");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--request-seconds") == 0 && i + 1 < argc) {
            if (parse_i64(argv[++i], 1, 600, &request_seconds)) {
                cli_error("--request-seconds: must be a whole number from 1 to 600");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--proxy") == 0 && i + 1 < argc) {
            struct in_addr probe;
            opt.proxy = argv[++i];
            if (inet_pton(AF_INET, opt.proxy, &probe) != 1) {
                cli_error("--proxy: must be the proxy's IPv4 address, e.g. 127.0.0.1");
                return EXIT_USAGE;
            }
        } else {
            cli_error("usage: trappe serve [--listen ADDR:PORT] [--port-file FILE] [--threads N] "
                      "[--static DIR]");
            return EXIT_USAGE;
        }
    }
    opt.threads = (unsigned)threads;
    opt.max_connections = (unsigned)max_conn;
    opt.per_ip = (unsigned)per_ip;
    opt.request_seconds = (unsigned)request_seconds;
    /* Password hashes at once: all workers but one, so a flood of logins leaves one for pages. */
    app_login_hash_slots(threads > 1 ? (unsigned)threads - 1 : 1);
    opt.static_dir = static_dir && *static_dir ? static_dir : "static";
    /* Open once here to check the database and configuration before listening. */
    cli->check = true; /* refuse to start on a damaged file */
    int code = cli_open(cli, &app, false);
    if (code) {
        strbuf_release(&why);
        return code;
    }
    /* One server per database: a second one would share its read log and its figures. */
    int lock_fd;
    enum err locked = app_server_lock(cli->db, &lock_fd, &why);
    if (locked) {
        cli_error("%s", strbuf_str(&why));
        app_close(&app);
        strbuf_release(&why);
        return cli_exit_code(locked);
    }
    memset(&web, 0, sizeof(web));
    web.opt.db_path = cli->db;
    web.opt.config_dir = cli->config;
    web.opt.actor = "anonymous";
    web.opt.create = false;
    web.opt.check = false; /* checked once above, not per worker */
    web.opt.key_path = NULL;
    web.opt.chain_ms = (unsigned)read_log_ms;
    purge_now(&app);
    /* Read-audit rows are committed in groups by a thread of their own; the server holds each
     * response until its rows are durable, without keeping a worker thread waiting. */
    enum err started = app_audit_defer_start(&web.opt, http_release_held, &why);
    if (started) {
        cli_error("%s", strbuf_str(&why));
        app_close(&app);
        strbuf_release(&why);
        return cli_exit_code(started);
    }
    opt.hold_ticket = web_hold_ticket;
    opt.hold_state = web_hold_state;
    opt.admit = web_admit;
    struct housekeeping hk = { &app, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false };
    pthread_t hk_thread;
    bool hk_started = pthread_create(&hk_thread, NULL, housekeeping_run, &hk) == 0;
    enum err rc = http_serve(&opt, &why);
    app_audit_defer_stop(); /* after the server: it let the held responses go first */
    if (hk_started) {
        pthread_mutex_lock(&hk.mu);
        hk.stop = true;
        pthread_cond_signal(&hk.cv);
        pthread_mutex_unlock(&hk.mu);
        pthread_join(hk_thread, NULL);
    }
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = cli_exit_code(rc);
    }
    web_release();
    app_close(&app);
    close(lock_fd);
    strbuf_release(&why);
    return code;
}
