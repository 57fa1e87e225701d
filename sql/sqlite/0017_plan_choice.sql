-- 0017: Barnets lov § 91 stk. 1 asks the municipality, with a decision on support under § 32, to
-- decide whether a barnets plan is to be made (LAW.md P1). The choice is recorded on the decision:
-- make_plan (a plan is owed within 3 months), no_plan (none is owed), or not yet recorded (rule P1
-- is a reminder, never overdue). Existing decisions have no choice recorded. A two-value rule,
-- written as an OR chain (0010).
ALTER TABLE decision ADD COLUMN plan_choice TEXT
    CHECK (plan_choice = 'make_plan' OR plan_choice = 'no_plan');
