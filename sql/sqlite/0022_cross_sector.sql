-- 0022: working across sectors (issue 23). A partner's inquiry (a concern or a formal
-- notification, with no child until the intake takes it in); the task force around one young
-- person (members, a plan of actions, meetings); the guidance centre's contacts with young people
-- 18+ in aftercare. CHECK rules are OR chains, not IN lists of three or more (0010). Personal text columns are sealed by the store like every other (records.def).

-- A step-1 course's parents' consent: a field of its own, as `consent` set marks a placement.
ALTER TABLE intervention ADD COLUMN parents_consent INTEGER
    CHECK (parents_consent IS NULL OR parents_consent = 0 OR parents_consent = 1);

CREATE TABLE inquiry (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER REFERENCES child (id),
    filed_by TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('concern', 'formal_notification')),
    notifier_type TEXT NOT NULL,
    child_name TEXT NOT NULL,
    child_cpr TEXT,
    child_birth TEXT,
    seen TEXT NOT NULL,
    since TEXT,
    partner_action TEXT,
    parents_informed INTEGER CHECK (parents_informed IN (0, 1)),
    taken_at TEXT,
    taken_by TEXT,
    notification_id INTEGER REFERENCES notification (id),
    response TEXT CHECK (response = 'notification' OR response = 'step1_course' OR response = 'advice' OR
                    response = 'no_action'),
    feedback TEXT,
    feedback_at TEXT
) STRICT;
CREATE INDEX inquiry_child ON inquiry (child_id) WHERE child_id IS NOT NULL;
CREATE INDEX inquiry_filed_by ON inquiry (filed_by, filed_at);
CREATE INDEX inquiry_open ON inquiry (filed_at) WHERE taken_at IS NULL;

CREATE TABLE taskforce (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    owner TEXT NOT NULL,
    purpose TEXT NOT NULL,
    start TEXT NOT NULL,
    planned_end TEXT NOT NULL,
    "end" TEXT,
    outcome TEXT,
    CHECK (planned_end >= start),
    CHECK ("end" IS NULL OR "end" >= start)
) STRICT;
CREATE INDEX taskforce_child ON taskforce (child_id);

CREATE TABLE taskforce_member (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    taskforce_id INTEGER NOT NULL REFERENCES taskforce (id),
    child_id INTEGER NOT NULL REFERENCES child (id),
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    login TEXT,
    from_date TEXT NOT NULL,
    to_date TEXT
) STRICT;
CREATE INDEX taskforce_member_tf ON taskforce_member (taskforce_id);
CREATE INDEX taskforce_member_child ON taskforce_member (child_id);

CREATE TABLE taskforce_action (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    taskforce_id INTEGER NOT NULL REFERENCES taskforce (id),
    child_id INTEGER NOT NULL REFERENCES child (id),
    text TEXT NOT NULL,
    department TEXT NOT NULL,
    owner TEXT NOT NULL,
    due TEXT NOT NULL,
    done TEXT
) STRICT;
CREATE INDEX taskforce_action_tf ON taskforce_action (taskforce_id);
CREATE INDEX taskforce_action_child ON taskforce_action (child_id);

CREATE TABLE taskforce_meeting (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    taskforce_id INTEGER NOT NULL REFERENCES taskforce (id),
    child_id INTEGER NOT NULL REFERENCES child (id),
    date TEXT NOT NULL,
    young_present INTEGER NOT NULL CHECK (young_present IN (0, 1)),
    note TEXT NOT NULL
) STRICT;
CREATE INDEX taskforce_meeting_tf ON taskforce_meeting (taskforce_id);
CREATE INDEX taskforce_meeting_child ON taskforce_meeting (child_id);

CREATE TABLE aftercare_contact (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1,
    child_id INTEGER NOT NULL REFERENCES child (id),
    date TEXT NOT NULL,
    form TEXT NOT NULL,
    topic TEXT NOT NULL,
    counsellor TEXT NOT NULL,
    status TEXT CHECK (status = 'in_education' OR status = 'in_work' OR status = 'neither'),
    note TEXT
) STRICT;
CREATE INDEX aftercare_contact_child ON aftercare_contact (child_id, date);

-- Case records are deleted only by an approved disposal (0008); an inquiry never taken in has no
-- child and is kept like the audit.
CREATE TRIGGER inquiry_no_delete BEFORE DELETE ON inquiry
WHEN old.child_id IS NULL OR NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER taskforce_no_delete BEFORE DELETE ON taskforce
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER taskforce_member_no_delete BEFORE DELETE ON taskforce_member
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER taskforce_action_no_delete BEFORE DELETE ON taskforce_action
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER taskforce_meeting_no_delete BEFORE DELETE ON taskforce_meeting
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
CREATE TRIGGER aftercare_contact_no_delete BEFORE DELETE ON aftercare_contact
WHEN NOT EXISTS (SELECT 1 FROM disposal WHERE status = 'approved' AND child_id = old.child_id)
BEGIN
    SELECT RAISE(ABORT, 'case records are deleted only by an approved disposal');
END;
