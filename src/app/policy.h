/*
 * policy.h - who may do what to which record. Deny by default.
 *
 * Role x relation to the child. A local operator (the CLI, "cli:<user>") has shell access to the
 * database file and may do everything the CLI offers. A caseworker may work on the children of
 * the cases assigned to them; a team leader on the children of the team's open cases. Other roles
 * see no case content (their aggregate and consent-based views come with the access-control work).
 */
#ifndef TRAPPE_APP_POLICY_H
#define TRAPPE_APP_POLICY_H

#include "core/strbuf.h"
#include "domain/record.h"

enum policy_op { OP_CREATE, OP_READ, OP_LIST, OP_UPDATE, OP_IMPORT, OP_EXPORT };

enum actor_kind { ACTOR_NONE, ACTOR_CLI, ACTOR_USER };

/* Who acts. Strings are borrowed for the operation. */
struct actor {
    enum actor_kind kind;
    int64_t user_id;   /* ACTOR_USER */
    const char *login; /* ACTOR_USER: matches child_case.caseworker */
    const char *role;  /* ACTOR_USER: caseworker, team_leader, ... */
    const char *team;  /* ACTOR_USER: or NULL */
};

/* The actor's relation to one child, as of today. */
struct relation {
    bool assigned; /* an open case of the child has the actor as caseworker */
    bool in_team;  /* an open case of the child belongs to the actor's team */
};

/*
 * OK if who may do op on records of type d (NULL: all types); rel is the relation to the child the
 * records are about, or NULL when there is no child (a new child, a whole-database operation).
 * ERR_FORBIDDEN with the reason otherwise.
 */
enum err policy_check(const struct actor *who, enum policy_op op, const struct record_desc *d,
                      const struct relation *rel, struct strbuf *why) WUR;

const char *policy_op_str(enum policy_op op);

#endif
