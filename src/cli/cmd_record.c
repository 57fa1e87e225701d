/*
 * cmd_record.c - `trappe <record> add|show|list|update`: one generic command for every record
 * type of domain/records.def (a file per type would be fourteen copies of this one). Options are
 * the record's fields: `--received-at 2024-03-01T09:00:00Z`. `placement` is `intervention`
 * restricted to catalogue entries of a placement type.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/str.h"
#include "json/json.h"

static const char *
kind_name(const struct field_desc *f)
{
    switch (f->kind) {
    case FK_TEXT:
        return "text";
    case FK_INT:
        return "number";
    case FK_BOOL:
        return "true|false";
    case FK_DATE:
        return "YYYY-MM-DD";
    case FK_DATETIME:
        return "YYYY-MM-DDTHH:MM:SSZ";
    case FK_CPR:
        return "DDMMYY-SSSS";
    case FK_ENUM:
        return "choice";
    case FK_CODE:
        return "code";
    case FK_CODES:
        return "code,code,...";
    case FK_REF:
        return "id";
    case FK_STEP:
        return "ladder step";
    }
    return "?";
}

static void
help(const char *cmd, const struct record_desc *d)
{
    printf("usage: trappe %s add --FIELD VALUE ...\n"
           "       trappe %s show ID\n"
           "       trappe %s list%s%s%s\n"
           "       trappe %s update ID --version N [--FIELD VALUE ...] [--clear FIELD ...]\n"
           "       trappe %s history ID     (the earlier versions, oldest first)\n\n"
           "%s (%s). Fields (* required):\n",
           cmd, cmd, cmd, d->parent_field >= 0 ? " [--" : "",
           d->parent_field >= 0 ? d->fields[d->parent_field].ref : "",
           d->parent_field >= 0 ? " ID]" : "", cmd, cmd, d->label_da, d->name);
    for (int i = 0; i < d->nfields; i++) {
        const struct field_desc *f = &d->fields[i];
        char opt[64];
        snprintf(opt, sizeof(opt), "--%s", f->name);
        for (char *p = opt + 2; *p; p++)
            if (*p == '_')
                *p = '-';
        printf("  %s %-28s %-22s %s", (f->flags & F_REQ) ? "*" : " ", opt, kind_name(f),
               f->label_da);
        if (f->kind == FK_ENUM) {
            printf(" (");
            for (size_t k = 0; f->enum_values[k]; k++)
                printf("%s%s", k ? ", " : "", f->enum_values[k]);
            printf(")");
        } else if (f->kind == FK_CODE || f->kind == FK_CODES) {
            printf(" (list \"%s\" in the configuration)", f->ref);
        } else if (f->kind == FK_REF) {
            printf(" (a %s)", f->ref);
        }
        printf("\n");
    }
    printf("\nOutput: add prints the new id; show and list print JSON Lines.\n");
}

/* "--received-at" -> field index of received_at, or -1. */
static int
field_of_option(const struct record_desc *d, const char *opt)
{
    char name[64];
    if (strncmp(opt, "--", 2) != 0 || xsnprintf(name, sizeof(name), "%s", opt + 2))
        return -1;
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = '_';
    return record_field_index(d, name);
}

static int
fail(enum err rc, struct strbuf *why)
{
    cli_error("%s", strbuf_str(why));
    return cli_exit_code(rc);
}

/* Parse --FIELD VALUE pairs (and --clear FIELD when allow_clear) into r. */
static int
parse_fields(struct record *r, struct arena *a, int argc, char **argv, bool allow_clear,
             int64_t *version, struct strbuf *why)
{
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i];
        const char *value = NULL;
        char optbuf[80];
        const char *eq = strchr(opt, '=');
        if (eq && strncmp(opt, "--", 2) == 0) {
            if ((size_t)(eq - opt) >= sizeof(optbuf)) {
                cli_error("unknown option '%.40s'", opt);
                return EXIT_USAGE;
            }
            memcpy(optbuf, opt, (size_t)(eq - opt));
            optbuf[eq - opt] = '\0';
            opt = optbuf;
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        }
        if (version && strcmp(opt, "--version") == 0) {
            if (!value || parse_i64(value, 1, INT64_MAX, version)) {
                cli_error("--version: must be the version you edited (a positive whole number)");
                return EXIT_USAGE;
            }
            continue;
        }
        if (allow_clear && strcmp(opt, "--clear") == 0) {
            int f = value ? record_field_index(r->desc, value) : -1;
            if (f < 0) {
                cli_error("--clear: '%s' is not a field of %s", value ? value : "", r->desc->name);
                return EXIT_USAGE;
            }
            r->v[f].set = false;
            continue;
        }
        int f = field_of_option(r->desc, opt);
        if (f < 0) {
            cli_error("%s: unknown option '%s' (see 'trappe %s --help')", r->desc->name, opt,
                      r->desc->name);
            return EXIT_USAGE;
        }
        if (!value) {
            cli_error("%s.%s: option '%s' needs a value", r->desc->name, r->desc->fields[f].name,
                      opt);
            return EXIT_USAGE;
        }
        enum err rc = record_set_text(r, a, f, value, why);
        if (rc)
            return fail(rc, why);
    }
    return EXIT_OK;
}

static enum err
print_record(void *ctx, const struct record *r)
{
    struct strbuf *line = ctx;
    strbuf_reset(line);
    enum err rc = json_record_encode(r, JSON_REC_VERSION, line);
    if (!rc)
        puts(strbuf_str(line));
    return rc;
}

static bool
only_placements(const struct app *app, const struct record *r)
{
    return app_is_placement(app, r);
}

static int
parse_id(const char *s, const char *what, int64_t *id)
{
    if (!s || parse_i64(s, 1, INT64_MAX, id)) {
        cli_error("%s: must be an id (a positive whole number)", what);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* One earlier version: "VERSION<TAB>REPLACED_AT<TAB>REPLACED_BY<TAB>JSON". */
static enum err
print_version(void *ctx, int64_t version, const char *json, const char *at, const char *by)
{
    (void)ctx;
    printf("%lld\t%s\t%s\t%s\n", (long long)version, at, by, json);
    return OK;
}

int
cmd_record(struct cli *cli, int argc, char **argv)
{
    bool placement = strcmp(cli->name, "placement") == 0;
    char type[64];
    snprintf(type, sizeof(type), "%s", placement ? "intervention" : cli->name);
    for (char *p = type; *p; p++)
        if (*p == '-')
            *p = '_'; /* taskforce-action: the record type taskforce_action */
    const struct record_desc *d = record_desc_by_name(type);
    struct strbuf why = STRBUF_INIT;
    struct arena *a;
    struct app app;
    struct record r;
    int64_t id = 0, parent = 0, version = 0;
    int code;
    enum err rc = OK;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        help(cli->name, d);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    const char *verb = argv[1];
    if (strcmp(verb, "add") && strcmp(verb, "show") && strcmp(verb, "list") &&
        strcmp(verb, "update") && strcmp(verb, "history")) {
        cli_error("unknown action '%s' for %s: use add, show, list, update or history", verb,
                  cli->name);
        return EXIT_USAGE;
    }
    a = arena_new(0);
    record_init(&r, d);

    /* Parse every argument before opening the database. */
    if (strcmp(verb, "add") == 0) {
        code = parse_fields(&r, a, argc - 2, argv + 2, false, NULL, &why);
    } else if (strcmp(verb, "show") == 0 || strcmp(verb, "history") == 0) {
        code = argc == 3 ? parse_id(argv[2], "ID", &id) : EXIT_USAGE;
        if (argc != 3)
            cli_error("usage: trappe %s %s ID", cli->name, verb);
    } else if (strcmp(verb, "list") == 0) {
        code = EXIT_OK;
        if (argc == 4 && d->parent_field >= 0 && strncmp(argv[2], "--", 2) == 0 &&
            strcmp(argv[2] + 2, d->fields[d->parent_field].ref) == 0)
            code = parse_id(argv[3], argv[2], &parent);
        else if (argc != 2) {
            cli_error("usage: trappe %s list%s%s%s", cli->name, d->parent_field >= 0 ? " [--" : "",
                      d->parent_field >= 0 ? d->fields[d->parent_field].ref : "",
                      d->parent_field >= 0 ? " ID]" : "");
            code = EXIT_USAGE;
        }
    } else {
        code = argc >= 3 ? parse_id(argv[2], "ID", &id) : EXIT_USAGE;
        if (argc < 3)
            cli_error("usage: trappe %s update ID --version N [--FIELD VALUE ...]", cli->name);
    }
    if (code)
        goto out;

    code = cli_open(cli, &app, false);
    if (code)
        goto out;

    if (strcmp(verb, "add") == 0) {
        if (placement) {
            const char *cat = record_get_s(&r, "catalogue_code");
            const struct catalogue_entry *c = cat ? config_catalogue(&app.cfg, cat) : NULL;
            if (c && !c->placement) {
                cli_error("intervention.catalogue_code: a placement needs a catalogue entry of a "
                          "placement type (see 'trappe config catalogue')");
                code = EXIT_USAGE;
                goto close;
            }
        }
        rc = app_record_add(&app, a, &r, &why);
        if (!rc)
            printf("%lld\n", (long long)r.id);
    } else if (strcmp(verb, "show") == 0) {
        rc = app_record_get(&app, d, id, a, &r, &why);
        if (!rc && placement && !app_is_placement(&app, &r))
            rc = why_set(&why, ERR_NOT_FOUND, "placement %lld: not found", (long long)id);
        if (!rc) {
            struct strbuf line = STRBUF_INIT;
            rc = print_record(&line, &r);
            strbuf_release(&line);
        }
    } else if (strcmp(verb, "history") == 0) {
        rc = app_record_history(&app, d, id, print_version, NULL, &why);
    } else if (strcmp(verb, "list") == 0) {
        struct strbuf line = STRBUF_INIT;
        rc = app_record_list(&app, d, parent, placement ? only_placements : NULL, a, print_record,
                             &line, &why);
        strbuf_release(&line);
    } else {
        rc = app_record_get(&app, d, id, a, &r, &why);
        if (!rc) {
            code = parse_fields(&r, a, argc - 3, argv + 3, true, &version, &why);
            if (!code && !version) {
                cli_error("update needs --version N: the version you edited (see 'show')");
                code = EXIT_USAGE;
            }
            if (code)
                goto close;
            rc = app_record_update(&app, a, &r, version, &why);
            if (!rc)
                printf("%lld version %lld\n", (long long)r.id, (long long)r.version);
        }
    }
    if (rc)
        code = fail(rc, &why);
close:
    app_close(&app);
out:
    arena_free(a);
    strbuf_release(&why);
    return code;
}
