-- 0006: consent to share a child's data with one partner or task-force member (QUALITY.md S-09).
-- The policy (app/policy.c) lets the grantee see the records of the scope while from_date <= today
-- <= to_date; setting to_date ends it on the next request.

CREATE TABLE consent (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    grantee TEXT NOT NULL,       -- the partner's or task-force member's login
    scope TEXT NOT NULL CHECK (scope IN ('shared_plan', 'case_overview')),
    purpose TEXT NOT NULL,
    given_by TEXT NOT NULL CHECK (given_by IN ('young_person', 'custody_holder', 'both')),
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    CHECK (to_date >= from_date)
) STRICT;
CREATE INDEX consent_child ON consent (child_id);
CREATE INDEX consent_grantee ON consent (grantee, to_date);
