/*
 * leaders_data.c - GET /ledelse/data?fra=&til=&opdeling=&afsnit=&format=csv|xlsx: the leaders'
 * key figures of a period as a download, one section (afsnit: ladder, placement, voice, early,
 * deadlines, effect, cost) or all; the same numbers as the page, suppressed the same way.
 * GET /ledelse/notat: the committee's status note or agenda item as HTML or PDF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/report.h"
#include "core/str.h"
#include "pages/leaders.h"
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/web.h"
#include "report/doc.h"
#include "report/sheet.h"

static const char *const sections[] = { "ladder",    "placement", "voice", "early",
                                        "deadlines", "effect",    "cost",  "cross" };

void
page_leaders_data(struct req *req)
{
    struct app *app = web_user(req);
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
    char name[160], from[DATE_BUF], to[DATE_BUF];
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

/* Where the design system's font is, for the PDF. */
static const char *
font_dir(void)
{
    static char dir[4096];
    const char *s = getenv("TRAPPE_STATIC");
    snprintf(dir, sizeof(dir), "%s/dkfds/fonts/IBMPlexSans/complete/ttf", s && *s ? s : "static");
    return dir;
}

/* GET /ledelse/notat?aar=Y&dokument=status|dagsorden&format=html|pdf: the committee's status
 * note or agenda item for year Y (default last year), made from live data. */
void
page_leaders_note(struct req *req)
{
    struct app *app = web_user(req);
    struct note_data n;
    struct doc d;
    struct strbuf why = STRBUF_INIT;
    int64_t year;
    if (!app)
        return;
    const char *y = req_query(req, "aar"), *format = req_query(req, "format"),
               *kind = req_query(req, "dokument");
    year = calendar_cph_date(app->now()).y - 1;
    if (y && *y && parse_i64(y, 1901, 2200, &year)) {
        web_error(req, 400, MSG_LEAD_ERR_YEAR);
        return;
    }
    if (format && strcmp(format, "html") != 0 && strcmp(format, "pdf") != 0) {
        web_error(req, 400, MSG_LEAD_ERR_NOTE_FORMAT);
        return;
    }
    if (kind && strcmp(kind, "status") != 0 && strcmp(kind, "dagsorden") != 0) {
        web_error(req, 400, MSG_LEAD_ERR_DOCUMENT);
        return;
    }
    bool pdf = format && strcmp(format, "pdf") == 0;
    bool agenda = kind && strcmp(kind, "dagsorden") == 0;
    enum err rc = app_note_data(app, (int)year, req->arena, &n, &why);
    if (rc) {
        strbuf_release(&why);
        web_error_rc(req, rc);
        return;
    }
    if (agenda)
        note_agenda_doc(&n, req->arena, &d);
    else
        note_status_doc(&n, req->arena, &d);
    rc = pdf ? doc_pdf(&d, font_dir(), &req->body, &why)
             : doc_html(&d, "/ledelse/notat.css", &req->body);
    strbuf_release(&why);
    if (rc) {
        strbuf_reset(&req->body);
        web_error_rc(req, rc == ERR_TOO_LARGE ? ERR_TOO_LARGE : ERR_INTERNAL);
        return;
    }
    if (pdf) {
        char name[96];
        snprintf(name, sizeof(name), "attachment; filename=\"%s-%lld.pdf\"",
                 agenda ? "dagsordenspunkt" : "statusnotat", (long long)year);
        req->content_type = "application/pdf";
        resp_header(req, "Content-Disposition", name);
    } else {
        req->content_type = "text/html; charset=utf-8";
    }
}

/* GET /ledelse/notat.css: the note's style (the server's CSP allows no inline style). */
void
page_leaders_note_css(struct req *req)
{
    if (!web_user(req))
        return;
    req->content_type = "text/css; charset=utf-8";
    strbuf_addstr(&req->body, doc_css);
}
