/*
 * http.h - the web server plumbing. libmicrohttpd lives only in http/; handlers see struct req,
 * never an MHD connection, so they can be tested without sockets.
 */
#ifndef TRAPPE_HTTP_HTTP_H
#define TRAPPE_HTTP_HTTP_H

#include "core/arena.h"
#include "core/strbuf.h"

struct req {
    const char *method;     /* "GET", "POST", ... */
    const char *path;       /* URL path, without the query */
    const char *request_id; /* random hex id for logs and audit rows */
    struct arena *arena;    /* per-request memory, freed when the response is done */
    struct strbuf body;     /* the response body */
    int status;             /* HTTP status, 200 by default */
    const char *content_type;
    void *ctx; /* the application context given to http_serve */
};

typedef void (*route_fn)(struct req *req);

enum route_flags {
    ROUTE_PUBLIC = 1 << 0, /* no session needed (until accounts exist every route is public) */
};

struct route {
    const char *method;
    const char *path;
    route_fn fn;
    unsigned flags;
};

struct http_options {
    const char *listen;    /* "127.0.0.1:8080"; port 0 picks a free port */
    const char *port_file; /* if set, the bound port is written here */
    const struct route *routes;
    size_t nroutes;
    void *ctx; /* handed to every handler as req->ctx */
};

/*
 * Serve until SIGTERM or SIGINT, then stop accepting, finish the requests in flight and return.
 * ERR_INVALID for a bad listen address, ERR_IO if it cannot listen.
 */
enum err http_serve(const struct http_options *opt, struct strbuf *why) WUR;

#endif
