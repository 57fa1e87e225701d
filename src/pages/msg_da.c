/*
 * msg_da.c - the Danish labels of coded values (the second half of the message catalogue; the
 * fixed texts are in msg_da.h).
 */
#include "pages/msg_da.h"

#include <string.h>

static const struct {
    const char *code, *da;
} labels[] = {
    { "vulnerable", "Sårbar" },
    { "particularly_vulnerable", "Særligt udsat" },
    { "no_further_action", "ingen yderligere handling" },
    { "screening", "screening" },
    { "acute_measures", "akutte foranstaltninger" },
    { "nothing_further", "intet videre" },
    { "afdaekning", "afdækning" },
    { "assessment", "børnefaglig undersøgelse" },
    { "support_s32", "støttende indsats (§ 32)" },
    { "placement_s46", "anbringelse med samtykke (§ 46)" },
    { "placement_s47", "anbringelse uden samtykke (§ 47)" },
    { "order_s39", "børne- og ungepålæg (§ 39)" },
    { "aftercare", "ungestøtte" },
    { "change_of_placement", "ændring af anbringelsessted" },
    { "end_of_support", "ophør af indsats" },
    { "refusal", "afslag" },
    { "permanent_s67", "permanent anbringelse (§ 67)" },
    { "other", "andet" },
    { "barnets_plan", "Barnets plan" },
    { "ungeplan", "Ungeplan" },
    { "scale_0_10", "skala 0-10" },
    { "scale_1_5", "skala 1-5" },
    { "sdq_total", "SDQ" },
    { "child", "barnet" },
    { "parent", "forælder" },
    { "caseworker", "rådgiver" },
    { "foster", "plejefamilie" },
    { "school", "skole" },
};

const char *
msg_label_da(const char *code)
{
    if (!code)
        return "";
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(labels[i].code, code) == 0)
            return labels[i].da;
    return code;
}
