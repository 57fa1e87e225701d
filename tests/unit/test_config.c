/* test_config.c - the configuration files: the shipped ones load; bad ones name file, line, rule.
 */
/* cmocka needs these headers first */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json/json.h"

static const char *
repo_config(void)
{
    const char *c = getenv("TRAPPE_CONFIG");
    return c ? c : "config";
}

static void
shipped_config_loads(void **state)
{
    (void)state;
    struct config cfg;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(config_load(&cfg, repo_config(), &why), OK);
    assert_int_equal(cfg.nsteps, 7); /* step 0 + the six steps */
    assert_string_equal(config_step(&cfg, 1)->name_da, "Tidlig indsats i almenområdet");
    assert_string_equal(config_step(&cfg, 6)->name_da, "Anbringelse i institutionstilbud");
    const struct catalogue_entry *c = config_catalogue(&cfg, "anb-netvaerk");
    assert_non_null(c);
    assert_true(c->placement);
    assert_int_equal(c->step, 4);
    /* Every § 32 stk. 1 nr. 1-8 measure is in the catalogue. */
    for (int nr = 1; nr <= 8; nr++) {
        char code[16];
        snprintf(code, sizeof(code), "bl32-%d", nr);
        assert_non_null(config_catalogue(&cfg, code));
    }
    assert_true(config_code(&cfg, "notifier", "school")->professional);
    assert_false(config_code(&cfg, "notifier", "anonymous")->professional);
    assert_non_null(config_code(&cfg, "reason", "insufficient_care"));
    config_release(&cfg);
    strbuf_release(&why);
}

/* Copy the shipped config to a temp dir, replace one file's content, load, return the message. */
static enum err
load_with(const char *file, const char *content, struct strbuf *why)
{
    char dir[] = "/tmp/trappe-cfg-XXXXXX";
    char path[256], cmd[512];
    struct config cfg;
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof(cmd), "cp %s/*.jsonl %s/", repo_config(), dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    enum err rc = config_load(&cfg, dir, why);
    if (!rc)
        config_release(&cfg);
    snprintf(cmd, sizeof(cmd), "rm -r %s", dir);
    assert_int_equal(system(cmd), 0);
    return rc;
}

static void
expect_refused(const char *file, const char *content, const char *line, const char *text)
{
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(load_with(file, content, &why), ERR_INVALID);
    const char *msg = strbuf_str(&why);
    if (!strstr(msg, line) || !strstr(msg, text))
        fail_msg("message '%s' lacks '%s' or '%s'", msg, line, text);
    strbuf_release(&why);
}

#define STEP0 "{\"step\":0,\"name_da\":\"Ingen\",\"name_en\":\"None\"}\n"

static void
bad_configs_name_file_line_rule(void **state)
{
    (void)state;
    expect_refused("ladder.jsonl",
                   "# comment\n" STEP0 "{\"step\":2,\"name_da\":\"x\",\"name_en\":\"y\"}\n",
                   "ladder.jsonl:3", "without gaps");
    expect_refused("ladder.jsonl", STEP0 "{\"step\":1,\"name_da\":\"x\"}\n", "ladder.jsonl:2",
                   "name_en");
    expect_refused("ladder.jsonl",
                   STEP0 "{\"step\":1,\"name_da\":\"x\",\"name_en\":\"y\",\"colour\":1}\n",
                   "ladder.jsonl:2", "colour");
    expect_refused("ladder.jsonl", STEP0 "{\"step\":1,\n", "ladder.jsonl:2", "not valid JSON");
    expect_refused("ladder.jsonl", STEP0 "[1,2]\n", "ladder.jsonl:2", "JSON object");
    expect_refused("catalogue.jsonl",
                   "{\"code\":\"a\",\"name_da\":\"A\",\"paragraph\":\"§ 1\",\"step\":9,"
                   "\"placement\":false,\"source\":\"s\",\"confidence\":\"V\"}\n",
                   "catalogue.jsonl:1", "step: 9 is not a step");
    expect_refused("catalogue.jsonl",
                   "{\"code\":\"a\",\"name_da\":\"A\",\"paragraph\":\"§ 1\",\"step\":1,"
                   "\"placement\":false,\"source\":\"s\",\"confidence\":\"X\"}\n",
                   "catalogue.jsonl:1", "confidence");
    expect_refused("catalogue.jsonl",
                   "{\"code\":\"a\",\"name_da\":\"A\",\"paragraph\":\"§ 1\",\"step\":1,"
                   "\"placement\":false,\"source\":\"s\",\"confidence\":\"V\"}\n"
                   "{\"code\":\"a\",\"name_da\":\"B\",\"paragraph\":\"§ 2\",\"step\":1,"
                   "\"placement\":false,\"source\":\"s\",\"confidence\":\"V\"}\n",
                   "catalogue.jsonl:2", "already defined on line 1");
    expect_refused("codes.jsonl", "{\"list\":\"colour\",\"code\":\"a\",\"name_da\":\"A\"}\n",
                   "codes.jsonl:1", "list");
#define STRAT(extra)                                                                                      \
    "{\"kind\":\"direction\",\"code\":\"P1\",\"title_da\":\"T\",\"text_da\":\"X\",\"source\":\"s\"" extra \
    "}\n"
    expect_refused("strategy.jsonl", "# c\n" STRAT(",\"date\":\"2024-13\""), "strategy.jsonl:2",
                   "date: must be YYYY");
    expect_refused("strategy.jsonl", STRAT(",\"indicator\":\"placed_count\""), "strategy.jsonl:1",
                   "indicator and better go together");
    expect_refused("strategy.jsonl", STRAT(",\"indicator\":\"placed_count\",\"better\":\"more\""),
                   "strategy.jsonl:1", "better: must be higher or lower");
    expect_refused("strategy.jsonl",
                   "{\"kind\":\"vision\",\"code\":\"P1\",\"title_da\":\"T\",\"text_da\":\"X\","
                   "\"source\":\"s\"}\n",
                   "strategy.jsonl:1", "kind: must be");
    expect_refused("strategy.jsonl", STRAT(",\"owner\":\"x\""), "strategy.jsonl:1", "owner");
}

static void
missing_directory_is_an_io_error(void **state)
{
    (void)state;
    struct config cfg;
    struct strbuf why = STRBUF_INIT;
    assert_int_equal(config_load(&cfg, "/nonexistent/trappe", &why), ERR_IO);
    assert_non_null(strstr(strbuf_str(&why), "ladder.jsonl"));
    strbuf_release(&why);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_config_loads),
        cmocka_unit_test(bad_configs_name_file_line_rule),
        cmocka_unit_test(missing_directory_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
