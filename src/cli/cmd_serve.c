/*
 * cmd_serve.c - `trappe serve [--listen ADDR:PORT] [--port-file FILE]`.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "pages/pages.h"

int
cmd_serve(struct cli *cli, int argc, char **argv)
{
    struct app app;
    struct strbuf why = STRBUF_INIT;
    struct http_options opt = { "127.0.0.1:8080", NULL, pages_routes, pages_nroutes, &app };

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            printf("usage: trappe serve [--listen ADDR:PORT] [--port-file FILE]\n\n"
                   "Serve the web application (default 127.0.0.1:8080; port 0 picks a free port "
                   "and --port-file records it). SIGTERM or SIGINT stops it cleanly.\n");
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
            opt.listen = argv[++i];
        } else if (strcmp(argv[i], "--port-file") == 0 && i + 1 < argc) {
            opt.port_file = argv[++i];
        } else {
            cli_error("usage: trappe serve [--listen ADDR:PORT] [--port-file FILE]");
            return EXIT_USAGE;
        }
    }
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    enum err rc = http_serve(&opt, &why);
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        code = cli_exit_code(rc);
    }
    app_close(&app);
    strbuf_release(&why);
    return code;
}
