/*
 * cmd_config.c - `trappe config check|ladder|catalogue`: validate and show the configuration.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "json/json.h"

int
cmd_config(struct cli *cli, int argc, char **argv)
{
    struct config cfg;
    struct strbuf why = STRBUF_INIT;

    if (argc != 2 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "ladder") != 0 &&
                      strcmp(argv[1], "catalogue") != 0 && strcmp(argv[1], "rules") != 0 &&
                      strcmp(argv[1], "strategy") != 0)) {
        if (argc == 2 && strcmp(argv[1], "--help") == 0) {
            printf("usage: trappe [--config DIR] config check|ladder|catalogue|rules|strategy\n");
            return EXIT_OK;
        }
        cli_error("usage: trappe config check|ladder|catalogue|rules|strategy");
        return EXIT_USAGE;
    }
    enum err rc = config_load(&cfg, cli->config, &why);
    if (rc) {
        cli_error("%s", strbuf_str(&why));
        strbuf_release(&why);
        return EXIT_USAGE;
    }
    strbuf_release(&why);
    if (strcmp(argv[1], "check") == 0) {
        printf("%s: ok: %zu ladder steps, %zu catalogue entries, %zu codes, %zu deadline rules, "
               "%zu closed days, %zu strategy items\n",
               cli->config, cfg.nsteps, cfg.ncatalogue, cfg.ncodes, cfg.nrules, cfg.nclosed,
               cfg.nstrategy);
    } else if (strcmp(argv[1], "strategy") == 0) {
        for (size_t i = 0; i < cfg.nstrategy; i++) {
            const struct strategy_item *s = &cfg.strategy[i];
            printf("%s\t%s\t%s\t%s%s%s\t%s\n", s->code, strategy_kind_str(s->kind),
                   s->date ? s->date : "-", s->indicator ? s->indicator : "-",
                   s->better > 0   ? " (higher is better)"
                   : s->better < 0 ? " (lower is better)"
                                   : "",
                   "", s->title_da);
        }
    } else if (strcmp(argv[1], "rules") == 0) {
        for (size_t i = 0; i < cfg.nrules; i++) {
            const struct deadline_rule *r = &cfg.rules[i];
            printf("%s\t%s\t%s%s\t%s\n", r->id, r->paragraph, confidence_str(r->conf),
                   r->conf == CONF_U ? " (unverified)" : "", r->name_da);
        }
    } else if (strcmp(argv[1], "ladder") == 0) {
        for (size_t i = 0; i < cfg.nsteps; i++)
            printf("%d\t%s\t%s\n", cfg.steps[i].step, cfg.steps[i].name_da, cfg.steps[i].name_en);
    } else {
        for (size_t i = 0; i < cfg.ncatalogue; i++) {
            const struct catalogue_entry *c = &cfg.catalogue[i];
            printf("%s\tstep %d\t%s\t%s%s\t%s\n", c->code, c->step, c->paragraph,
                   confidence_str(c->conf), c->conf == CONF_U ? " (unverified)" : "", c->name_da);
        }
    }
    config_release(&cfg);
    return EXIT_OK;
}
