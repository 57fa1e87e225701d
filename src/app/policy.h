/*
 * policy.h - who may do what to which record. Deny by default.
 *
 * Today there are only local operators: the actor "cli:<user>" is someone with shell access to the
 * database file and may do everything the CLI offers. Every other actor is refused until the
 * accounts and roles of the web application exist (issue: access control).
 */
#ifndef TRAPPE_APP_POLICY_H
#define TRAPPE_APP_POLICY_H

#include "core/strbuf.h"
#include "domain/record.h"

enum policy_op { OP_CREATE, OP_READ, OP_LIST, OP_UPDATE, OP_IMPORT, OP_EXPORT };

/* OK if actor may do op on records of type d (NULL: all types) about child (0: none/unknown);
 * ERR_FORBIDDEN with the reason otherwise. */
enum err policy_check(const char *actor, enum policy_op op, const struct record_desc *d,
                      int64_t child, struct strbuf *why) WUR;

const char *policy_op_str(enum policy_op op);

#endif
