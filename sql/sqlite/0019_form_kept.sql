-- 0019: what was typed into a web form when the session had ended (issue 21: nothing typed is
-- lost). The form's fields, sealed under the key ring like any personal field and bound to the
-- account (associated data "form_kept.<user id>"), with the page to bring them back to. One per
-- account, the latest; kept for 30 minutes, taken (and deleted) when the form is filled in again
-- after the next login. Only the account whose session it was can open it.
CREATE TABLE form_kept (
    user_id INTEGER PRIMARY KEY REFERENCES app_user (id),
    at INTEGER NOT NULL,
    path TEXT NOT NULL,
    body TEXT NOT NULL -- sealed
) STRICT;
