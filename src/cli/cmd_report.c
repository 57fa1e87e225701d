/*
 * cmd_report.c - `trappe report status|agenda-item --year Y --format html|pdf -o FILE`: the
 * committee's status note (in the structure of the municipality's own note, seed 001) or its
 * agenda item (seed 002), with the year's key figures from the cases and the strategy's
 * follow-up. `trappe strategy` prints the strategy's follow-up as it stands.
 * Must not: compute or lay out anything itself (app/report.c, report/note.c, report/doc_*.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/report.h"
#include "cli/cli.h"
#include "core/str.h"
#include "domain/calendar.h"
#include "report/doc.h"

/* Where the design system's font is (static/dkfds/...), for the PDF to look like the web. */
static const char *
font_dir(void)
{
    const char *s = getenv("TRAPPE_STATIC");
    static char dir[4096];
    snprintf(dir, sizeof(dir), "%s/dkfds/fonts/IBMPlexSans/complete/ttf", s && *s ? s : "static");
    return dir;
}

#define USAGE "usage: trappe report status|agenda-item [--year Y] [--format html|pdf] --output FILE"

/* Writes the document to the file, or to standard output for "-". */
static bool
write_out(const char *path, const struct strbuf *out)
{
    if (strcmp(path, "-") == 0)
        return fwrite(out->buf, 1, out->len, stdout) == out->len && fflush(stdout) == 0;
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(out->buf, 1, out->len, f) == out->len;
    return fclose(f) == 0 && ok;
}

int
cmd_report(struct cli *cli, int argc, char **argv)
{
    int64_t year = calendar_cph_date((int64_t)time(NULL)).y - 1;
    const char *format = "html", *output = NULL, *what = argc > 1 ? argv[1] : NULL;
    if (what && strcmp(what, "--help") == 0) {
        printf(USAGE "\n\nThe committee's status note (status) in the structure of the "
                     "municipality's own note (config/note.jsonl, shared/seeds/001): target "
                     "group, vision, the intervention ladder and its principles, the table of "
                     "themes, content and status from the strategy's follow-up, then the year's "
                     "key figures beside last year's with charts and definitions; or the "
                     "committee's agenda item (agenda-item, seed 002). HTML with print CSS, or PDF "
                     "(A4, text extractable). Year Y defaults to last year; counts below 5 are "
                     "suppressed.\n");
        return EXIT_OK;
    }
    if (!what || (strcmp(what, "status") != 0 && strcmp(what, "agenda-item") != 0)) {
        cli_error("report: status or agenda-item; " USAGE);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--year") == 0 && v) {
            if (parse_i64(argv[++i], 1901, 2200, &year)) {
                cli_error("--year: must be a year from 1901 to 2200");
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--format") == 0 && v) {
            format = argv[++i];
            if (strcmp(format, "html") != 0 && strcmp(format, "pdf") != 0) {
                cli_error("--format: must be html or pdf");
                return EXIT_USAGE;
            }
        } else if ((strcmp(argv[i], "--output") == 0 || strcmp(argv[i], "-o") == 0) && v) {
            output = argv[++i];
        } else {
            cli_error(USAGE);
            return EXIT_USAGE;
        }
    }
    if (!output || !*output) {
        cli_error("--output: the file to write is needed (- for standard output)");
        return EXIT_USAGE;
    }
    struct app app;
    struct strbuf why = STRBUF_INIT, out = STRBUF_INIT;
    int code = cli_open(cli, &app, false);
    if (code)
        return code;
    struct arena *a = arena_new(0);
    struct note_data n;
    struct doc d;
    enum err rc = app_note_data(&app, (int)year, a, &n, &why);
    if (!rc) {
        if (strcmp(what, "status") == 0)
            note_status_doc(&n, a, &d);
        else
            note_agenda_doc(&n, a, &d);
        if (strcmp(format, "pdf") == 0) {
            rc = doc_pdf(&d, font_dir(), &out, &why);
            doc_pdf_release(); /* one document per process */
        } else {
            rc = doc_html(&d, NULL, &out);
        }
    }
    if (!rc) {
        if (!write_out(output, &out))
            rc = why_set(&why, ERR_IO, "--output: cannot write '%s'", output);
    }
    if (rc) {
        cli_error("%s", why.len ? strbuf_str(&why) : "report: failed");
        code = cli_exit_code(rc);
    }
    arena_free(a);
    strbuf_release(&out);
    strbuf_release(&why);
    app_close(&app);
    return code;
}
