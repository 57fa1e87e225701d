-- 0021: a consent withdrawn (issue 23). The day the custody holders or the young person withdrew
-- it, recorded from the child's page at once: from that day the consent shares nothing, whatever
-- its to_date said. Kept apart from to_date, so the history shows a withdrawal as one, not as a
-- consent that ran out.
ALTER TABLE consent ADD COLUMN withdrawn TEXT;
