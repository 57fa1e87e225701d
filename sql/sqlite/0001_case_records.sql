-- 0001: the case records, their version history and the audit log.
-- Names follow the glossary of shared/DOMAIN.md and src/domain/records.def (a unit test checks that
-- every field there has a column here). Dates are TEXT 'YYYY-MM-DD' (Danish calendar days); times
-- are TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC). Booleans are INTEGER 0/1. Every table is STRICT.
-- Intervals for what lasts (relation, child_case, intervention), events for what happens.

CREATE TABLE child (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    cpr TEXT CHECK (cpr IS NULL OR length(cpr) = 11),
    name TEXT,
    birth_date TEXT,
    unborn INTEGER CHECK (unborn IN (0, 1)),
    expected_birth TEXT,
    sex TEXT CHECK (sex IN ('female', 'male', 'unknown')),
    category TEXT CHECK (category IN ('vulnerable', 'particularly_vulnerable'))
) STRICT;
CREATE INDEX child_cpr ON child (cpr) WHERE cpr IS NOT NULL;

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    name TEXT NOT NULL,
    cpr TEXT CHECK (cpr IS NULL OR length(cpr) = 11),
    phone TEXT
) STRICT;

CREATE TABLE relation (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    kind TEXT NOT NULL CHECK (kind IN ('parent_custody', 'parent_no_custody', 'network', 'sibling',
                                       'foster_parent', 'other')),
    from_date TEXT,
    to_date TEXT,
    CHECK (to_date IS NULL OR from_date IS NULL OR to_date >= from_date)
) STRICT;
CREATE INDEX relation_child ON relation (child_id);

CREATE TABLE child_case (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    caseworker TEXT NOT NULL,
    team TEXT,
    opened TEXT NOT NULL,
    closed TEXT,
    CHECK (closed IS NULL OR closed >= opened)
) STRICT;
CREATE INDEX child_case_child ON child_case (child_id);
CREATE INDEX child_case_caseworker ON child_case (caseworker) WHERE closed IS NULL;

CREATE TABLE notification (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    case_id INTEGER REFERENCES child_case (id),
    received_at TEXT NOT NULL,
    notifier_type TEXT NOT NULL,
    professional INTEGER NOT NULL CHECK (professional IN (0, 1)),
    reason_codes TEXT,
    content TEXT,
    assessed_at TEXT,
    assessment_outcome TEXT CHECK (assessment_outcome IN ('no_further_action', 'screening',
                                                          'acute_measures')),
    acute INTEGER CHECK (acute IN (0, 1)),
    receipt_sent_at TEXT,
    feedback_sent_at TEXT,
    CHECK (assessed_at IS NULL OR assessed_at >= received_at)
) STRICT;
CREATE INDEX notification_child ON notification (child_id);
CREATE INDEX notification_received ON notification (received_at);

CREATE TABLE screening (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    notification_id INTEGER REFERENCES notification (id),
    date TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('nothing_further', 'afdaekning', 'assessment'))
) STRICT;
CREATE INDEX screening_child ON screening (child_id);

CREATE TABLE assessment (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    case_id INTEGER REFERENCES child_case (id),
    aware_date TEXT NOT NULL,
    started TEXT,
    provisional_date TEXT,
    completed TEXT,
    conclusion TEXT,
    CHECK (completed IS NULL OR completed >= aware_date)
) STRICT;
CREATE INDEX assessment_child ON assessment (child_id);

CREATE TABLE conversation (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    date TEXT NOT NULL,
    present TEXT,
    bisidder_informed INTEGER NOT NULL CHECK (bisidder_informed IN (0, 1)),
    bisidder_present INTEGER CHECK (bisidder_present IN (0, 1)),
    child_words TEXT,
    child_wishes TEXT
) STRICT;
CREATE INDEX conversation_child ON conversation (child_id);

CREATE TABLE decision (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    case_id INTEGER REFERENCES child_case (id),
    date TEXT NOT NULL,
    decision_type TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    consent INTEGER CHECK (consent IN (0, 1)),
    conversation_id INTEGER REFERENCES conversation (id),
    exception_reason TEXT,
    summary TEXT,
    -- Barnets lov § 5 stk. 3-4: a conversation with the child before the decision, or a documented
    -- exception; never both, never neither.
    CHECK ((conversation_id IS NULL) <> (exception_reason IS NULL))
) STRICT;
CREATE INDEX decision_child ON decision (child_id);

CREATE TABLE intervention (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    case_id INTEGER REFERENCES child_case (id),
    decision_id INTEGER REFERENCES decision (id),
    catalogue_code TEXT NOT NULL,
    step INTEGER NOT NULL CHECK (step >= 0),
    legal_basis TEXT NOT NULL,
    provider TEXT,
    start TEXT NOT NULL,
    planned_end TEXT,
    "end" TEXT,
    end_reason TEXT,
    purpose TEXT,
    expected_duration TEXT,
    rate_dkk INTEGER CHECK (rate_dkk >= 0),
    rate_unit TEXT CHECK (rate_unit IN ('hour', 'day', 'week', 'month', 'year', 'once')),
    consent INTEGER CHECK (consent IN (0, 1)),
    combination INTEGER CHECK (combination IN (0, 1)),
    CHECK ("end" IS NULL OR "end" >= start)
) STRICT;
CREATE INDEX intervention_child ON intervention (child_id, start);

CREATE TABLE plan (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    case_id INTEGER REFERENCES child_case (id),
    kind TEXT NOT NULL CHECK (kind IN ('barnets_plan', 'ungeplan')),
    date TEXT NOT NULL,
    followup_months INTEGER CHECK (followup_months BETWEEN 1 AND 24)
) STRICT;
CREATE INDEX plan_child ON plan (child_id);

CREATE TABLE goal (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    plan_id INTEGER NOT NULL REFERENCES plan (id),
    child_id INTEGER NOT NULL REFERENCES child (id),
    text TEXT NOT NULL,
    area TEXT,
    target_date TEXT
) STRICT;
CREATE INDEX goal_plan ON goal (plan_id);

CREATE TABLE followup (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    goal_id INTEGER NOT NULL REFERENCES goal (id),
    child_id INTEGER NOT NULL REFERENCES child (id),
    date TEXT NOT NULL,
    scale TEXT NOT NULL,
    value INTEGER NOT NULL,
    rated_by TEXT NOT NULL,
    note TEXT
) STRICT;
CREATE INDEX followup_goal ON followup (goal_id);

CREATE TABLE supervision (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    intervention_id INTEGER NOT NULL REFERENCES intervention (id),
    date TEXT NOT NULL,
    child_alone INTEGER NOT NULL CHECK (child_alone IN (0, 1)),
    note TEXT
) STRICT;
CREATE INDEX supervision_child ON supervision (child_id);

-- Earlier versions of edited records: nothing a caseworker wrote is lost (DESIGN.md, S-28).
CREATE TABLE record_version (
    id INTEGER PRIMARY KEY,
    record_type TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,          -- the record as it was, as a JSON Lines object
    replaced_at TEXT NOT NULL,   -- UTC
    replaced_by TEXT NOT NULL,   -- actor
    UNIQUE (record_type, record_id, version)
) STRICT;

-- Every use of personal data (S-10). Append-only: the triggers below refuse changes.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,            -- UTC
    actor TEXT NOT NULL,         -- e.g. cli:root, user:17
    action TEXT NOT NULL CHECK (action IN ('create', 'read', 'list', 'update', 'import',
                                           'export', 'refused', 'login', 'login_failed',
                                           'logout')),
    record_type TEXT,
    record_id INTEGER,
    child_id INTEGER,
    detail TEXT,                 -- ids listed, counts, criterion; never free text of a record
    request_id TEXT
) STRICT;
CREATE INDEX audit_child ON audit (child_id) WHERE child_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit rows cannot be deleted');
END;
