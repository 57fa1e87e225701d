-- 0018: the child's school or daycare, shown in the header of the child's page (issue 21) and
-- the place the cross-sector work starts from. Personal data: sealed like the name (0005).
ALTER TABLE child ADD COLUMN school TEXT; -- sealed
