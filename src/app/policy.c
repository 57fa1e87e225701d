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

bool
policy_by_consent(const struct actor *who)
{
    return who->kind == ACTOR_USER && who->role &&
           (strcmp(who->role, "partner") == 0 || strcmp(who->role, "taskforce") == 0);
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
    bool in_scope = d->type == RT_child || plan || (overview && rel->consent >= 2);
    if (!in_scope)
        return why_set(why, ERR_FORBIDDEN, "%s: %s is outside the consent's scope", o, d->name);
    if (op == OP_READ || op == OP_LIST)
        return OK;
    if ((op == OP_CREATE || op == OP_UPDATE) && plan && strcmp(who->role, "taskforce") == 0)
        return OK;
    return why_set(why, ERR_FORBIDDEN, "%s: the consent lets you read, not write, %s", o, d->name);
}

enum err
policy_check(const struct actor *who, enum policy_op op, const struct record_desc *d,
             const struct relation *rel, struct strbuf *why)
{
    if (who->kind == ACTOR_CLI)
        return OK;
    if (who->kind != ACTOR_USER || !who->role)
        return why_set(why, ERR_FORBIDDEN, "%s: not logged in", policy_op_str(op));
    if (op == OP_IMPORT || op == OP_EXPORT)
        return why_set(why, ERR_FORBIDDEN, "%s: only for operators", policy_op_str(op));
    if (policy_by_consent(who))
        return by_consent(who, op, d, rel, why);
    bool caseworker = strcmp(who->role, "caseworker") == 0;
    bool leader = strcmp(who->role, "team_leader") == 0;
    if (!caseworker && !leader)
        return why_set(why, ERR_FORBIDDEN, "%s: the role %s sees no case content",
                       policy_op_str(op), who->role);
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
