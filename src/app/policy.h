/*
 * policy.h - who may do what to which record. Deny by default.
 *
 * Role x relation to the child x field. A local operator (the CLI, "cli:<user>") has shell access
 * to the database file and may do everything the CLI offers. A caseworker may work on the children
 * of the cases assigned to them; a team leader on the children of the team's open cases. A partner
 * (school, daycare, health visitor) or task-force member sees a child only under an active consent
 * naming them, and only the records of its scope: shared_plan = the plan, its goals and
 * follow-ups (a task-force member may also write those); case_overview = those and the case and
 * its interventions. A task-force member also reads the task force's records (members, actions,
 * meetings) and writes its actions and meeting notes. They never see restricted fields (CPR
 * numbers, notes about health and family). Leadership, analysts and administrators see no case
 * content (aggregates only).
 */
#ifndef TRAPPE_APP_POLICY_H
#define TRAPPE_APP_POLICY_H

#include "core/strbuf.h"
#include "domain/record.h"

enum policy_op { OP_CREATE, OP_READ, OP_LIST, OP_UPDATE, OP_IMPORT, OP_EXPORT };

enum actor_kind { ACTOR_NONE, ACTOR_CLI, ACTOR_USER };

/* The roles a user account can have (app_user_add). */
enum role {
    ROLE_NONE,
    ROLE_CASEWORKER,
    ROLE_TEAM_LEADER,
    ROLE_LEADERSHIP,
    ROLE_PARTNER,
    ROLE_TASKFORCE,
    ROLE_ANALYST,
    ROLE_ADMIN,
    ROLE__COUNT
};

/* The role named name ("caseworker", ...), or ROLE_NONE. */
enum role policy_role(const char *name);
/* The role's name, or NULL for ROLE_NONE. */
const char *policy_role_name(enum role r);

/* Who acts. Strings are borrowed for the operation. */
struct actor {
    enum actor_kind kind;
    int64_t user_id;   /* ACTOR_USER */
    const char *login; /* ACTOR_USER: matches child_case.caseworker */
    const char *role;  /* ACTOR_USER: caseworker, team_leader, ... */
    enum role rid;     /* ACTOR_USER: the role, parsed once at login */
    const char *team;  /* ACTOR_USER: or NULL */
};

/*
 * What a role may do beyond records about one child: one table in policy.c, so that a new role
 * or page is one row or column there and nowhere else. The CLI (a local operator) may do all.
 */
enum capability {
    CAP_CASE_LISTS,     /* worklist, caseload and search of the children by relation */
    CAP_CHILD_PAGES,    /* pages about one child (which child and record: policy_check) */
    CAP_ACCESS_REVIEW,  /* the access review (a team leader: the own team's) */
    CAP_EXTRACT,        /* the pseudonymised extract */
    CAP_KEY_FIGURES,    /* aggregate key figures (a team leader: the own team's) */
    CAP_STRATEGY_EDIT,  /* edit the strategy's objectives, actions and follow-ups */
    CAP_DISPOSAL,       /* request or approve a disposal (a team leader: the own team's) */
    CAP_CONFIG_VIEW,    /* read the configuration: ladder, catalogue, rules, settings */
    CAP_HOLD_CASES,     /* be named as a case's caseworker */
    CAP_INTAKE,         /* take in a child not known before (app_intake), partners' inquiries */
    CAP_FILE_INQUIRY,   /* file a concern or a formal notification (a partner) */
    CAP_BE_GRANTEE,     /* be named in a consent as whom the child's records are shared with */
    CAP_LEAD_TASKFORCE, /* be named as the task force's coordinator (tovholder) */
    CAP__COUNT
};

/* The capability's name ("case_lists", ...) for the route table and audit rows. */
const char *policy_capability_name(enum capability cap);

/* True if who may use capability cap. */
bool policy_may(const struct actor *who, enum capability cap);

/* True if an account of role r may use cap (the same table, for an account not acting now). */
bool policy_role_may(enum role r, enum capability cap);

/* policy_may, and for a role limited to its own team (a team leader), that team is its team. */
bool policy_may_for_team(const struct actor *who, enum capability cap, const char *team);

/* Whether who may take in a child not known before, opening its case with caseworker and team:
 * a caseworker for themself in the own team, a team leader for the own team. */
bool policy_may_take_in(const struct actor *who, const char *caseworker, const char *team);

/* The team whose data a capability is limited to for who (a team leader's own team), or NULL
 * for no limit. A team leader without a team is refused by policy_may_scoped. */
const char *policy_team_scope(const struct actor *who);

/* policy_may, and for a role limited to its team, that it has one; ERR_FORBIDDEN with the
 * reason otherwise. */
enum err policy_may_scoped(const struct actor *who, enum capability cap, const char *what,
                           struct strbuf *why) WUR;

/*
 * Where a list of children (worklist, caseload, search) takes its candidates from for who. Each
 * candidate is then checked with policy_check, the same function as the child's page, so a list
 * can never show a child the page would refuse.
 */
enum list_source {
    LIST_NONE,     /* no children at all */
    LIST_ALL,      /* every child (the local operator; narrowed by the query) */
    LIST_ASSIGNED, /* the children of open cases with who as caseworker */
    LIST_TEAM,     /* the children of open cases of who's team */
    LIST_CONSENTED /* the children of active consents naming who */
};
enum list_source policy_list_source(const struct actor *who);

/* The actor's relation to one child, as of today. */
struct relation {
    bool assigned; /* an open case of the child has the actor as caseworker */
    bool in_team;  /* an open case of the child belongs to the actor's team */
    int consent;   /* an active consent naming the actor: 0 none, 1 shared_plan, 2 case_overview */
};

/*
 * OK if who may do op on records of type d (NULL: all types); rel is the relation to the child the
 * records are about, or NULL when there is no child (a new child, a whole-database operation).
 * ERR_FORBIDDEN with the reason otherwise.
 */
enum err policy_check(const struct actor *who, enum policy_op op, const struct record_desc *d,
                      const struct relation *rel, struct strbuf *why) WUR;

const char *policy_op_str(enum policy_op op);

/* True if who may see field f of a record they may read (field-level rules, S-08). */
bool policy_field_visible(const struct actor *who, const struct field_desc *f);

/* True if who is a partner or task-force member (consent-based access). */
bool policy_by_consent(const struct actor *who);

#endif
