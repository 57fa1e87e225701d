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

enum err
policy_check(const char *actor, enum policy_op op, const struct record_desc *d, int64_t child,
             struct strbuf *why)
{
    (void)d;
    (void)child;
    if (actor && strncmp(actor, "cli:", 4) == 0 && actor[4] != '\0')
        return OK;
    return why_set(why, ERR_FORBIDDEN, "%s: not allowed for this user", policy_op_str(op));
}
