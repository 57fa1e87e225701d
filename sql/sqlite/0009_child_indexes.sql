-- 0009: every case table is read by child (the child's page loads all of them), but goals and
-- follow-ups had only their parent's index, so each page view scanned both tables whole.
CREATE INDEX goal_child ON goal (child_id);
CREATE INDEX followup_child ON followup (child_id);
