/*
 * policy.c - the access decision for every operation (deny by default).
 * Must not: read the database or log; the caller audits a refusal.
 */
#include "app/policy.h"

#include <string.h>

const char *
policy_op_str(enum policy_op op)
{
    switch (op) {
    case OP_CREATE:
        return "create";
    case OP_READ:
        return "read";
    case OP_LIST:
        return "list";
    case OP_UPDATE:
        return "update";
    case OP_IMPORT:
        return "import";
    case OP_EXPORT:
        return "export";
    }
    return "unknown";
}

static const char *const role_names[ROLE__COUNT] = {
    [ROLE_CASEWORKER] = "caseworker", [ROLE_TEAM_LEADER] = "team_leader",
    [ROLE_LEADERSHIP] = "leadership", [ROLE_PARTNER] = "partner",
    [ROLE_TASKFORCE] = "taskforce",   [ROLE_ANALYST] = "analyst",
    [ROLE_ADMIN] = "admin",
};

enum role
policy_role(const char *name)
{
    for (int r = ROLE_NONE + 1; name && r < ROLE__COUNT; r++)
        if (strcmp(name, role_names[r]) == 0)
            return (enum role)r;
    return ROLE_NONE;
}

const char *
policy_role_name(enum role r)
{
    return r > ROLE_NONE && r < ROLE__COUNT ? role_names[r] : NULL;
}

/* The one table of what each role may do beyond one child's records (deny by default: a role
 * or capability not named here may nothing). */
static const bool role_may[ROLE__COUNT][CAP__COUNT] = {
    [ROLE_CASEWORKER] = { [CAP_CASE_LISTS] = true,
                          [CAP_CHILD_PAGES] = true,
                          [CAP_HOLD_CASES] = true,
                          [CAP_INTAKE] = true },
    [ROLE_TEAM_LEADER] = { [CAP_CASE_LISTS] = true,
                           [CAP_CHILD_PAGES] = true,
                           [CAP_INTAKE] = true,
                           [CAP_ACCESS_REVIEW] = true,
                           [CAP_KEY_FIGURES] = true,
                           [CAP_DISPOSAL] = true },
    [ROLE_LEADERSHIP] = { [CAP_ACCESS_REVIEW] = true,
                          [CAP_KEY_FIGURES] = true,
                          [CAP_STRATEGY_EDIT] = true,
                          [CAP_DISPOSAL] = true,
                          [CAP_CONFIG_VIEW] = true },
    [ROLE_PARTNER] = { [CAP_CASE_LISTS] = true,
                       [CAP_CHILD_PAGES] = true,
                       [CAP_FILE_INQUIRY] = true,
                       [CAP_BE_GRANTEE] = true },
    [ROLE_TASKFORCE] = { [CAP_CASE_LISTS] = true,
                         [CAP_CHILD_PAGES] = true,
                         [CAP_BE_GRANTEE] = true,
                         [CAP_LEAD_TASKFORCE] = true },
    [ROLE_ANALYST] = { [CAP_EXTRACT] = true },
    [ROLE_ADMIN] = { [CAP_CONFIG_VIEW] = true },
};

static const char *const capability_names[CAP__COUNT] = {
    [CAP_CASE_LISTS] = "case_lists",
    [CAP_CHILD_PAGES] = "child_pages",
    [CAP_ACCESS_REVIEW] = "access_review",
    [CAP_EXTRACT] = "extract",
    [CAP_KEY_FIGURES] = "key_figures",
    [CAP_STRATEGY_EDIT] = "strategy_edit",
    [CAP_DISPOSAL] = "disposal",
    [CAP_CONFIG_VIEW] = "config_view",
    [CAP_HOLD_CASES] = "hold_cases",
    [CAP_INTAKE] = "intake",
    [CAP_FILE_INQUIRY] = "file_inquiry",
    [CAP_BE_GRANTEE] = "be_grantee",
    [CAP_LEAD_TASKFORCE] = "lead_taskforce",
};

const char *
policy_capability_name(enum capability cap)
{
    return cap < CAP__COUNT ? capability_names[cap] : NULL;
}

bool
policy_may(const struct actor *who, enum capability cap)
{
    if (who->kind == ACTOR_CLI)
        return true;
    if (who->kind != ACTOR_USER || who->rid <= ROLE_NONE || who->rid >= ROLE__COUNT ||
        cap >= CAP__COUNT)
        return false;
    return role_may[who->rid][cap];
}

bool
policy_role_may(enum role r, enum capability cap)
{
    return r > ROLE_NONE && r < ROLE__COUNT && cap < CAP__COUNT && role_may[r][cap];
}

bool
policy_may_for_team(const struct actor *who, enum capability cap, const char *team)
{
    if (!policy_may(who, cap))
        return false;
    if (who->kind != ACTOR_USER || who->rid != ROLE_TEAM_LEADER)
        return true;
    return who->team && team && strcmp(who->team, team) == 0;
}

const char *
policy_team_scope(const struct actor *who)
{
    return who->kind == ACTOR_USER && who->rid == ROLE_TEAM_LEADER ? who->team : NULL;
}

enum err
policy_may_scoped(const struct actor *who, enum capability cap, const char *what,
                  struct strbuf *why)
{
    if (!policy_may(who, cap))
        return why_set(why, ERR_FORBIDDEN, "%s: not for your role", what);
    if (who->kind == ACTOR_USER && who->rid == ROLE_TEAM_LEADER && !who->team)
        return why_set(why, ERR_FORBIDDEN, "%s: a team leader without a team", what);
    return OK;
}

enum list_source
policy_list_source(const struct actor *who)
{
    if (who->kind == ACTOR_CLI)
        return LIST_ALL;
    if (!policy_may(who, CAP_CASE_LISTS))
        return LIST_NONE;
    switch (who->rid) {
    case ROLE_CASEWORKER:
        return LIST_ASSIGNED;
    case ROLE_TEAM_LEADER:
        return who->team ? LIST_TEAM : LIST_NONE;
    case ROLE_PARTNER:
    case ROLE_TASKFORCE:
        return LIST_CONSENTED;
    default:
        return LIST_NONE;
    }
}

bool
policy_by_consent(const struct actor *who)
{
    return who->kind == ACTOR_USER && (who->rid == ROLE_PARTNER || who->rid == ROLE_TASKFORCE);
}

bool
policy_field_visible(const struct actor *who, const struct field_desc *f)
{
    return !(f->flags & F_RESTRICTED) || !policy_by_consent(who);
}

/* Under consent: the record types of the scope, and what the role may do with them. */
static enum err
by_consent(const struct actor *who, enum policy_op op, const struct record_desc *d,
           const struct relation *rel, struct strbuf *why)
{
    const char *o = policy_op_str(op);
    if (!rel) /* the list of consented children */
        return op == OP_LIST && !d ? OK : why_set(why, ERR_FORBIDDEN, "%s: needs a consent", o);
    if (rel->consent == 0)
        return why_set(why, ERR_FORBIDDEN, "%s: no consent covers this child today", o);
    if (!d)
        return op == OP_LIST ? OK : why_set(why, ERR_FORBIDDEN, "%s: not under consent", o);
    bool plan = d->type == RT_plan || d->type == RT_goal || d->type == RT_followup;
    bool overview = d->type == RT_case || d->type == RT_intervention;
    /* The task force's own plan: its members (task-force accounts) under any consent. */
    bool tf = who->rid == ROLE_TASKFORCE &&
              (d->type == RT_taskforce || d->type == RT_taskforce_member ||
               d->type == RT_taskforce_action || d->type == RT_taskforce_meeting);
    bool in_scope = d->type == RT_child || plan || tf || (overview && rel->consent >= 2);
    if (!in_scope)
        return why_set(why, ERR_FORBIDDEN, "%s: %s is outside the consent's scope", o, d->name);
    if (op == OP_READ || op == OP_LIST)
        return OK;
    if ((op == OP_CREATE || op == OP_UPDATE) && plan && who->rid == ROLE_TASKFORCE)
        return OK;
    /* Members keep the plan's actions and meeting notes; the caseworker sets the group up. */
    if ((op == OP_CREATE || op == OP_UPDATE) &&
        (d->type == RT_taskforce_action || d->type == RT_taskforce_meeting))
        return tf ? OK : why_set(why, ERR_FORBIDDEN, "%s: not for your role", o);
    return why_set(why, ERR_FORBIDDEN, "%s: the consent lets you read, not write, %s", o, d->name);
}

enum err
policy_check(const struct actor *who, enum policy_op op, const struct record_desc *d,
             const struct relation *rel, struct strbuf *why)
{
    if (who->kind == ACTOR_CLI)
        return OK;
    if (who->kind != ACTOR_USER || who->rid == ROLE_NONE)
        return why_set(why, ERR_FORBIDDEN, "%s: not logged in", policy_op_str(op));
    if (op == OP_IMPORT || op == OP_EXPORT)
        return why_set(why, ERR_FORBIDDEN, "%s: only for operators", policy_op_str(op));
    if (policy_by_consent(who))
        return by_consent(who, op, d, rel, why);
    bool caseworker = who->rid == ROLE_CASEWORKER;
    bool leader = who->rid == ROLE_TEAM_LEADER;
    if (!caseworker && !leader)
        return why_set(why, ERR_FORBIDDEN, "%s: the role %s sees no case content",
                       policy_op_str(op), policy_role_name(who->rid));
    /* A new child (or person) is registered before any case exists. */
    if (!rel)
        return (op == OP_CREATE && d && (d->type == RT_child || d->type == RT_person)) ||
                       (op == OP_LIST && !d)
                   ? OK
                   : why_set(why, ERR_FORBIDDEN, "%s: needs a relation to the child",
                             policy_op_str(op));
    if ((caseworker && rel->assigned) || (leader && rel->in_team))
        return OK;
    return why_set(why, ERR_FORBIDDEN, "%s: the child is not in your caseload", policy_op_str(op));
}

bool
policy_may_take_in(const struct actor *who, const char *caseworker, const char *team)
{
    if (who->kind == ACTOR_CLI)
        return true;
    if (who->kind != ACTOR_USER)
        return false;
    bool own_team = !who->team || (team && strcmp(team, who->team) == 0);
    if (who->rid == ROLE_CASEWORKER)
        return caseworker && who->login && strcmp(caseworker, who->login) == 0 && own_team;
    if (who->rid == ROLE_TEAM_LEADER)
        return who->team && own_team;
    return false;
}
