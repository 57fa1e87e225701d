/*
 * config.c - GET /opsaetning ("Opsætning"): the configuration the system runs with, read-only,
 * for administrators and leadership: the ladder, the catalogue of measures, the classes of
 * placement, the deadline rules (each with paragraph and confidence mark, unverified ones
 * flagged) and the settings. No case content.
 */
#include "pages/msg_da.h"
#include "pages/pages.h"
#include "pages/web.h"

static void
confidence(struct strbuf *b, enum confidence c)
{
    html_text(b, confidence_str(c));
    if (c == CONF_U)
        HTML_LIT(b, " <span class=\"unverified\">" MSG_UNVERIFIED "</span>");
}

static void
head(struct strbuf *b, const char *caption, const char *const *cols, size_t n)
{
    HTML_LIT(b, "<div class=\"table-wrap\"><table class=\"table table--compact\">\n<caption>");
    html_text(b, caption);
    HTML_LIT(b, "</caption>\n<thead><tr>");
    for (size_t i = 0; i < n; i++) {
        HTML_LIT(b, "<th scope=\"col\">");
        html_text(b, cols[i]);
        HTML_LIT(b, "</th>");
    }
    HTML_LIT(b, "</tr></thead>\n<tbody>\n");
}

static void
cell(struct strbuf *b, const char *s)
{
    HTML_LIT(b, "<td>");
    html_text(b, s ? s : "");
    HTML_LIT(b, "</td>");
}

void
page_config(struct req *req)
{
    struct app *app = web_user(req);
    if (!app)
        return;
    const struct config *cfg = &app->cfg;
    struct strbuf *b = &req->body;
    web_page_begin(req, app, MSG_CONFIG_TITLE, "/opsaetning");
    HTML_LIT(b, "<p>" MSG_CONFIG_INTRO "</p>\n<h2>" MSG_CONFIG_LADDER "</h2>\n");
    static const char *const ladder_cols[] = { MSG_COL_STEP, MSG_COL_NAME, "Eksempler" };
    head(b, MSG_CONFIG_LADDER, ladder_cols, 3);
    for (size_t i = 0; i < cfg->nsteps; i++) {
        HTML_LIT(b, "<tr><td>");
        html_int(b, cfg->steps[i].step);
        HTML_LIT(b, "</td>");
        cell(b, cfg->steps[i].name_da);
        cell(b, cfg->steps[i].examples);
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div>\n<h2>" MSG_CONFIG_CATALOGUE "</h2>\n");
    static const char *const cat_cols[] = {
        MSG_COL_CODE,      MSG_COL_NAME,      MSG_COL_STEP,
        MSG_COL_PARAGRAPH, MSG_COL_PLACEMENT, MSG_COL_CONFIDENCE
    };
    head(b, MSG_CONFIG_CATALOGUE, cat_cols, 6);
    for (size_t i = 0; i < cfg->ncatalogue; i++) {
        const struct catalogue_entry *c = &cfg->catalogue[i];
        HTML_LIT(b, "<tr>");
        cell(b, c->code);
        cell(b, c->name_da);
        HTML_LIT(b, "<td>");
        html_int(b, c->step);
        HTML_LIT(b, "</td>");
        cell(b, c->paragraph);
        cell(b, c->pclass >= 0 ? cfg->classes[c->pclass].name_da : "");
        HTML_LIT(b, "<td>");
        confidence(b, c->conf);
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div>\n<h2>" MSG_CONFIG_CLASSES "</h2>\n");
    static const char *const groups[] = { "Netværkspleje", "Familiepleje", "Børne- og ungehjem",
                                          "Andet" };
    static const char *const class_cols[] = { MSG_COL_CODE, MSG_COL_NAME, MSG_COL_GROUP };
    head(b, MSG_CONFIG_CLASSES, class_cols, 3);
    for (size_t i = 0; i < cfg->nclasses; i++) {
        HTML_LIT(b, "<tr>");
        cell(b, cfg->classes[i].code);
        cell(b, cfg->classes[i].name_da);
        cell(b, groups[cfg->classes[i].group]);
        HTML_LIT(b, "</tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div>\n<h2>" MSG_CONFIG_RULES "</h2>\n");
    static const char *const rule_cols[] = { "Id", MSG_COL_RULE, MSG_COL_PARAGRAPH,
                                             MSG_COL_CONFIDENCE };
    head(b, MSG_CONFIG_RULES, rule_cols, 4);
    for (size_t i = 0; i < cfg->nrules; i++) {
        const struct deadline_rule *r = &cfg->rules[i];
        HTML_LIT(b, "<tr>");
        cell(b, r->id);
        cell(b, r->name_da);
        cell(b, r->paragraph);
        HTML_LIT(b, "<td>");
        confidence(b, r->conf);
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div>\n<h2>" MSG_CONFIG_SETTINGS "</h2>\n");
    static const char *const set_cols[] = { MSG_COL_SETTING, MSG_COL_VALUE };
    head(b, MSG_CONFIG_SETTINGS, set_cols, 2);

    const struct {
        const char *name;
        int value;
    } settings[] = {
        { "due_soon_workdays", cfg->settings.due_soon_workdays },
        { "followup_default_months", cfg->settings.followup_default_months },
        { "leap_birthday_march_1", cfg->settings.leap_birthday_march_1 },
        { "session_idle_minutes", cfg->settings.session_idle_minutes },
        { "session_absolute_hours", cfg->settings.session_absolute_hours },
        { "audit_retention_months", cfg->settings.audit_retention_months },
        { "case_retention_years", cfg->settings.case_retention_years },
        { "placement_move_days", cfg->settings.placement_move_days },
        { "hour_rate_hours_per_week", cfg->settings.hour_rate_hours_per_week },
        { "month_deadlines_to_workday", cfg->settings.month_deadlines_to_workday },
    };

    for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
        HTML_LIT(b, "<tr>");
        cell(b, settings[i].name);
        HTML_LIT(b, "<td>");
        html_int(b, settings[i].value);
        HTML_LIT(b, "</td></tr>\n");
    }
    HTML_LIT(b, "</tbody></table></div>\n");
    web_page_end(req);
}
