/*
 * cpr.h - Danish CPR numbers (personnummer), validated by date and century digit.
 *
 * A CPR number is never rejected for failing the modulus-11 check (numbers without it are issued
 * since 2007; QUALITY S-22). Substitute numbers (erstatningspersonnumre, day + 60) are accepted and
 * flagged (S-23).
 */
#ifndef TRAPPE_DOMAIN_CPR_H
#define TRAPPE_DOMAIN_CPR_H

#include "core/strbuf.h"
#include "domain/date.h"

struct cpr {
    char canonical[12]; /* "DDMMYY-SSSS" */
    struct date birth;  /* date of birth from DDMMYY and the century digit */
    bool substitute;    /* day was given + 60: an erstatningspersonnummer */
    bool mod11;         /* passes the modulus-11 check (informational only) */
    bool female;        /* last digit even */
};

/*
 * Parse "DDMMYYSSSS" or "DDMMYY-SSSS". ERR_INVALID with the rule broken in why (English, no
 * digits of the number itself, so the message is safe to log).
 */
enum err cpr_parse(const char *s, struct cpr *out, struct strbuf *why) WUR;

/* Masked form for lists: "DDMMYY-XXXX" (QUALITY S-24); buf at least 12 bytes. */
void cpr_mask(const struct cpr *c, char buf[static 12]);

#endif
