/*
 * leaders_data.c - GET /ledelse/data?fra=&til=&opdeling=&afsnit=&format=csv|xlsx: the leaders'
 * key figures of a period as a download, one section (afsnit: ladder, placement, voice, early,
 * deadlines, effect, cost) or all; the same numbers as the page, suppressed the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages/leaders.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/web.h"
#include "report/sheet.h"

static const char *const sections[] = { "ladder",    "placement", "voice", "early",
                                        "deadlines", "effect",    "cost" };

void
page_leaders_data(struct req *req)
{
    struct app *app = web_session_or_respond(req);
    struct leaders_query lq;
    struct fig_table t;
    struct strbuf why = STRBUF_INIT;
    if (!app || !leaders_query_or_respond(req, app, &lq))
        return;
    const char *format = req_query(req, "format");
    const char *section = req_query(req, "afsnit");
    int group = -1;
    if (!format || (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)) {
        web_error(req, 400, MSG_LEAD_ERR_FORMAT);
        return;
    }
    if (section && *section && strcmp(section, "alle") != 0) {
        for (group = 0; group < (int)ARRAY_SIZE(sections); group++)
            if (strcmp(section, sections[group]) == 0)
                break;
        if (group == (int)ARRAY_SIZE(sections)) {
            web_error(req, 400, MSG_LEAD_ERR_SECTION);
            return;
        }
    }
    enum err rc = app_figures(app, &lq.q, req->arena, &t, NULL);
    if (rc) {
        web_error_rc(req, rc);
        return;
    }
    struct sheet sheets[FG__COUNT + 1];
    size_t n = figures_sheets(&app->cfg, &t, group, req->arena, sheets);
    char name[96], from[DATE_BUF], to[DATE_BUF];
    date_format(lq.q.p.from, from);
    date_format(lq.q.p.to, to);
    snprintf(name, sizeof(name), "attachment; filename=\"noegletal-%s-%s-%s.%s\"",
             group < 0 ? "alle" : sections[group], from, to, format);
    if (strcmp(format, "csv") == 0) {
        rc = sheet_csv(sheets, n, &req->body);
        req->content_type = "text/csv; charset=utf-8";
    } else {
        rc = sheet_xlsx(sheets, n, getenv("TMPDIR"), &req->body, &why);
        req->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    strbuf_release(&why);
    if (rc) {
        strbuf_reset(&req->body);
        web_error_rc(req, rc == ERR_TOO_LARGE ? ERR_TOO_LARGE : ERR_INTERNAL);
        return;
    }
    resp_header(req, "Content-Disposition", name);
}
