/*
 * render.c - view helpers for the pages.
 * Must not: write anything dynamic without escaping it.
 */
#include "pages/render.h"

#include <string.h>

#include "pages/msg_da.h"

const char *
render_child_name(const struct record *child)
{
    const char *name = record_get_s(child, "name");
    if (name)
        return name;
    return record_get_i(child, "unborn", 0) ? MSG_UNBORN : MSG_UNNAMED_CHILD;
}

int
render_age(const struct record *child, struct date day)
{
    struct date b;
    if (!child_birth_date(child, &b))
        return -1;
    int age = day.y - b.y;
    if (day.m < b.m || (day.m == b.m && day.d < b.d))
        age--;
    return age < 0 ? -1 : age;
}

void
render_date_da(struct strbuf *b, struct date d)
{
    static const char *const months[] = { "januar",    "februar", "marts",    "april",
                                          "maj",       "juni",    "juli",     "august",
                                          "september", "oktober", "november", "december" };
    strbuf_add_int(b, d.d);
    strbuf_add(b, ". ", 2);
    strbuf_addstr(b, months[d.m - 1]);
    strbuf_addch(b, ' ');
    strbuf_add_int(b, d.y);
}

void
render_time_da(struct strbuf *b, const char *utc)
{
    int64_t t;
    if (!utc || datetime_parse(utc, &t) != OK) {
        html_text(b, utc ? utc : "");
        return;
    }
    int64_t local = t + calendar_cph_offset(t);
    render_date_da(b, calendar_cph_date(t));
    int64_t sec = ((local % 86400) + 86400) % 86400;
    int hh = (int)(sec / 3600), mm = (int)(sec / 60 % 60);
    strbuf_addstr(b, " kl. ");
    strbuf_addch(b, (char)('0' + hh / 10));
    strbuf_addch(b, (char)('0' + hh % 10));
    strbuf_addch(b, ':');
    strbuf_addch(b, (char)('0' + mm / 10));
    strbuf_addch(b, (char)('0' + mm % 10));
}

void
render_success(struct strbuf *b, const char *text)
{
    HTML_LIT(b, "<div class=\"alert alert-success\" role=\"status\"><div class=\"alert-body\">"
                "<p class=\"alert-text\">");
    html_text(b, text);
    HTML_LIT(b, "</p></div></div>\n");
}

void
render_status(struct strbuf *b, enum deadline_status s)
{
    HTML_LIT(b, "<span class=\"status status-");
    html_text(b, deadline_status_str(s));
    HTML_LIT(b, "\">");
    html_text(b, deadline_status_da(s));
    HTML_LIT(b, "</span>");
}

void
render_step(struct strbuf *b, const struct config *cfg, int step)
{
    const struct ladder_step *ls = config_step(cfg, step);
    html_int(b, step);
    if (ls) {
        HTML_LIT(b, " · ");
        html_text(b, ls->name_da);
    }
}

void
render_child_link(struct strbuf *b, int64_t id, const char *name)
{
    HTML_LIT(b, "<a href=\"/barn/");
    html_int(b, id);
    HTML_LIT(b, "\">");
    html_text(b, name);
    HTML_LIT(b, "</a>");
}

void
render_account(struct strbuf *b, const struct account *acc, size_t n, const char *login)
{
    const char *name = NULL;
    for (size_t k = 0; login && k < n && !name; k++)
        if (strcmp(acc[k].login, login) == 0 && acc[k].name && strcmp(acc[k].name, login) != 0)
            name = acc[k].name;
    if (!name) {
        html_text(b, login ? login : "");
        return;
    }
    html_text(b, name);
    HTML_LIT(b, " <span class=\"para\">(");
    html_text(b, login);
    HTML_LIT(b, ")</span>");
}

void
render_caseworkers(struct app *app, struct arena *a, struct account **acc, size_t *n)
{
    struct strbuf why = STRBUF_INIT;
    if (app_accounts_for(app, record_desc_get(RT_case), "caseworker", a, acc, n, &why) != OK) {
        *acc = NULL;
        *n = 0;
    }
    strbuf_release(&why);
}

/* A CPR number as searched for ("1205124018", "120512-4018", "120512 4018"): its first six digits
 * in out, or false for a name. A CPR number is not written back into the page in full. */
bool
render_cpr_term(const char *q, char out[7])
{
    size_t digits = 0, other = 0;
    for (const char *p = q; p && *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (digits < 6)
                out[digits] = *p;
            digits++;
        } else if (*p != '-' && *p != ' ') {
            other++;
        }
    }
    out[digits < 6 ? digits : 6] = '\0';
    return digits == 10 && !other;
}
