/*
 * door.h - the listening socket, and the wait for a connection's first request head before
 * libmicrohttpd gets the connection (issue 19). Internal to src/http/.
 */
#ifndef TRAPPE_HTTP_DOOR_H
#define TRAPPE_HTTP_DOOR_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/common.h"
#include "core/strbuf.h"

/* The headers every response carries, ours and the door's own refusals alike. */
struct door_header {
    const char *name, *value;
};

extern const struct door_header door_security_headers[];
extern const size_t door_nsecurity_headers;

/* The texts of the door's answers; a 414 and a 431 are server.c's as well. */
#define DOOR_TEXT_400 "Forespørgslen kan ikke læses.\n"
#define DOOR_TEXT_411 "Forespørgslen skal oplyse sin længde (Content-Length).\n"
#define DOOR_TEXT_413 "Forespørgslen er for stor.\n"
#define DOOR_TEXT_414 "Adressen er for lang.\n"
#define DOOR_TEXT_431 "Forespørgslens felter fylder for meget.\n"
#define DOOR_TEXT_501 "Forespørgslens overførselskodning understøttes ikke.\n"
#define DOOR_TEXT_505 "HTTP-versionen understøttes ikke.\n"

struct door_options {
    const char *name; /* of the address, for messages */
    struct sockaddr_in sa;
    unsigned max_pending; /* connections whose first head is still arriving */
    unsigned per_ip;      /* of them from one address */
    int64_t deadline_ms;  /* the head must arrive within this long of the accept */
    size_t url_max;       /* a request line over this is answered 414 here ... */
    size_t head_max;      /* ... and a head over this 431, when neither arrived whole */
    /* A connection whose first head has arrived: now the caller's (it must close fd). since_ms
     * is when it was accepted (monotonic clock, as door_now_ms). */
    void (*admit)(void *cls, int fd, const struct sockaddr *sa, socklen_t salen, int64_t since_ms);
    void *cls;
};

struct door;

/* Listen on o->sa and start the door's thread; *port gets the bound port. ERR_IO if it cannot. */
enum err door_open(const struct door_options *o, struct door **out, unsigned *port,
                   struct strbuf *why) WUR;
/* Stop accepting: close the listening socket and every connection still waiting at the door. */
void door_close(struct door *d);

/* For a complete request head buf[0, n): 0, or the status of the error MHD would answer with a
 * bare response of its own (400, 413, 501 or 505), or 411 for a chunked body, which the door
 * answers instead. */
int door_head_refusal(const char *buf, size_t n);

/* The same rules on the fields of a head MHD has already parsed (a later request of a kept-alive
 * connection, server.c): door_field on each field, name[0, nlen) and value[0, vlen), then
 * door_fields_end; each gives 0, or the status to refuse the request with. */
struct door_fields {
    const char *cl; /* the first Content-Length's value, [cl, cl + cl_len) */
    size_t cl_len;
    bool te; /* Transfer-Encoding: chunked */
};

int door_field(struct door_fields *f, const char *name, size_t nlen, const char *val, size_t vlen);
int door_fields_end(const struct door_fields *f);

/* The door's Danish text for a refusal with status, or NULL if it has none. */
const char *door_refusal_text(int status);

/* The monotonic clock in milliseconds. */
int64_t door_now_ms(void);

#endif
