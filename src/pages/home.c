/*
 * home.c - the start page (a plain page until the caseworker's web application lands) and the
 * health check. Shows no personal data, so there is nothing to audit.
 */
#include "app/app.h"
#include "html/html.h"
#include "pages/pages.h"

const struct route pages_routes[] = {
    { "GET", "/", page_home, ROUTE_PUBLIC },
    { "GET", "/healthz", page_health, ROUTE_PUBLIC },
};
const size_t pages_nroutes = ARRAY_SIZE(pages_routes);

void
page_home(struct req *req)
{
    const struct app *app = req->ctx;
    struct strbuf *b = &req->body;
    html_page_begin(b, "Forside");
    HTML_LIT(b, "<h1>trappe</h1>\n<p>Sagsbehandling og indsatstrappen for børn og unge i udsatte "
                "positioner.</p>\n<p>Serveren kører. Databasen har skemaversion ");
    html_int(b, app_schema_version(app));
    HTML_LIT(b, ", og indsatstrappen har ");
    html_int(b, (long long)app->cfg.nsteps);
    HTML_LIT(b, " trin.</p>\n<p>Sagsbehandlernes sider kommer i en senere version; indtil da "
                "bruges kommandolinjen <code>trappe</code>.</p>\n");
    html_page_end(b);
}

void
page_health(struct req *req)
{
    req->content_type = "text/plain; charset=utf-8";
    HTML_LIT(&req->body, "ok\n");
}
