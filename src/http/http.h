/*
 * http.h - the web server plumbing. libmicrohttpd lives only in http/; handlers see struct req,
 * never an MHD connection, so they can be tested without sockets.
 */
#ifndef TRAPPE_HTTP_HTTP_H
#define TRAPPE_HTTP_HTTP_H

#include "core/arena.h"
#include "core/strbuf.h"

#define HTTP_MAX_HEADERS 8

struct req {
    const char *method;     /* "GET", "POST", ... */
    const char *path;       /* URL path, without the query */
    int64_t id;             /* the numeric last segment of a ROUTE_ID path, else 0 */
    const char *request_id; /* random hex id for logs and audit rows */
    struct arena *arena;    /* per-request memory, freed when the response is done */
    struct strbuf body;     /* the response body */
    int status;             /* HTTP status, 200 by default */
    const char *content_type;
    void *ctx;        /* the application context given to http_serve */
    const char *form; /* the urlencoded request body (POST), NUL-terminated, or NULL */
    size_t form_len;
    void *conn;         /* opaque: for req_header/req_cookie */
    const char *client; /* the client's address (numeric), for limits only: never logged */

    struct {
        const char *name, *value;
    } headers[HTTP_MAX_HEADERS]; /* extra response headers */

    int nheaders;
};

typedef void (*route_fn)(struct req *req);

/*
 * What a route needs before its handler runs, enforced by the dispatcher through
 * http_options.admit (deny by default at the door). Every route names exactly one of
 * ROUTE_PUBLIC and ROUTE_SESSION, and a session route exactly one of ROUTE_ANY_ROLE and a
 * non-zero need; http_serve refuses to start on a table that does not (http_routes_check).
 */
enum route_flags {
    ROUTE_PUBLIC = 1 << 0,   /* no session (the login form, the health check); a POST still
                                needs the login form's CSRF token */
    ROUTE_SESSION = 1 << 1,  /* a signed-in user; a POST also a valid CSRF token and origin */
    ROUTE_ANY_ROLE = 1 << 2, /* every role; the records it shows decide (per-record policy) */
    ROUTE_ID = 1 << 3,       /* path is the route's path followed by a positive integer */
};

struct route {
    const char *method;
    const char *path;
    route_fn fn;
    unsigned flags;
    int need; /* what admit requires of the user's role, opaque here (pages: 1 + a capability) */
};

/* Whether a held response may leave (see http_options.hold_ticket). */
enum hold_state { HOLD_PENDING, HOLD_DONE, HOLD_FAILED };

struct http_options {
    const char *listen;    /* "127.0.0.1:8080"; port 0 picks a free port */
    const char *port_file; /* if set, the bound port is written here */
    const struct route *routes;
    size_t nroutes;
    void *ctx;                /* handed to every handler as req->ctx */
    unsigned threads;         /* worker threads (each handler runs on one of them) */
    const char *static_dir;   /* files served under /static/ (an allow-list of names), or NULL */
    unsigned max_connections; /* 0: 512 */
    unsigned per_ip;          /* connections from one address; 0: 64 */
    const char *proxy;        /* a reverse proxy's address whose X-Forwarded-For names the
                                 client (its last entry), or NULL: the peer is the client */
    unsigned request_seconds; /* a request's headers and body must arrive within this many
                                 seconds of its first byte, however slowly they trickle; 0: 10 */
    /*
     * Holding finished responses (NULL: never). After each handler, on its thread, hold_ticket
     * gives what the response must wait for (0: nothing). While hold_state says HOLD_PENDING, the
     * response and its connection are set aside and the worker thread serves other requests;
     * http_release_held sends them once decided: as made on HOLD_DONE, a 500 error instead on
     * HOLD_FAILED. Used for read audit: nothing read leaves before its audit row is durable.
     */
    uint64_t (*hold_ticket)(void *ctx);
    enum hold_state (*hold_state)(void *ctx, uint64_t ticket);
    /* Before every route's handler: enforce the route's flags and need; false if it answered
     * the request itself (a redirect to the login form, 403). Required when any route is a
     * session route. */
    bool (*admit)(struct req *req, const struct route *rt);
};

/* OK if every route of the table names what it needs (enum route_flags), with GET or POST and
 * a path from "/", once each; ERR_INVALID naming the first route that does not. */
enum err http_routes_check(const struct route *routes, size_t n, bool have_admit,
                           struct strbuf *why) WUR;

/* A request header (case-insensitive name), or NULL. Borrowed for the request. */
const char *req_header(struct req *req, const char *name);
/* A cookie's value, or NULL. */
const char *req_cookie(struct req *req, const char *name);
/* A query-string argument (decoded by MHD), or NULL. URLs carry opaque ids only. */
const char *req_query(struct req *req, const char *name);
/* A form field of a urlencoded POST body, decoded (arena), or NULL if absent. */
const char *req_form(struct req *req, const char *name);
/* Add a response header (name and value are copied into the arena). */
void resp_header(struct req *req, const char *name, const char *value);
/* Every value of a repeated form field (checkboxes), decoded (arena); returns how many. */
size_t req_form_all(struct req *req, const char *name, const char **out, size_t max);
/* 303 See Other to a local path. */
void resp_redirect(struct req *req, const char *location);

/* Send the held responses whose ticket is now decided. Any thread, any time (a no-op when no
 * server runs). */
void http_release_held(void);

/*
 * Serve until SIGTERM or SIGINT, then stop accepting, finish the requests in flight (held ones
 * included, while their tickets can still be decided) and return.
 * ERR_INVALID for a bad listen address, ERR_IO if it cannot listen.
 */
enum err http_serve(const struct http_options *opt, struct strbuf *why) WUR;

#endif
