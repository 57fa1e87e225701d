/*
 * msg_da.c - the Danish labels of coded values (the second half of the message catalogue; the
 * fixed texts are in msg_da.h).
 */
#include "pages/msg_da.h"

#include <stdio.h>
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
    { "permanent_considered", "permanent anbringelse overvejet, ikke valgt (§ 67)" },
    { "make_plan", "der udarbejdes en barnets plan" },
    { "no_plan", "der udarbejdes ikke en plan" },
    { "other", "andet" },
    { "barnets_plan", "Barnets plan" },
    { "ungeplan", "Ungeplan" },
    { "scale_0_10", "skala 0-10" },
    { "scale_1_5", "skala 1-5" },
    { "sdq_total", "SDQ" },
    { "child", "barnet" },
    { "parent", "forælder" },
    { "caseworker", "rådgiver" },
    { "partner", "samarbejdspartner" },
    { "taskforce", "taskforcen" },
    { "foster", "plejefamilie" },
    { "school", "skole" },
    { "female", "pige" },
    { "male", "dreng" },
    { "unknown", "ukendt" },
    { "parent_custody", "forælder med forældremyndighed" },
    { "parent_no_custody", "forælder uden forældremyndighed" },
    { "network", "netværk" },
    { "sibling", "søskende" },
    { "foster_parent", "plejeforælder" },
    { "goal_achieved", "målet er nået" },
    { "stepped_down", "trappet ned" },
    { "stepped_up", "trappet op" },
    { "changed_type", "skiftet til en anden indsats" },
    { "moved_away", "fraflyttet kommunen" },
    { "turned_18", "fyldt 18 år" },
    { "consent_withdrawn", "samtykket er trukket tilbage" },
    { "hour", "pr. time" },
    { "day", "pr. dag" },
    { "week", "pr. uge" },
    { "month", "pr. måned" },
    { "year", "pr. år" },
    { "once", "engangsbeløb" },
    { "health", "sundhed" },
    { "development", "udvikling" },
    { "leisure", "fritid" },
    { "family", "familie" },
    { "adulthood", "overgang til voksenlivet" },
    { "shared_plan", "den fælles plan med mål og opfølgning" },
    { "case_overview", "overblik over sagen" },
    { "young_person", "den unge" },
    { "custody_holder", "forældremyndighedsindehaver" },
    { "both", "den unge og forældremyndighedsindehaver" },
    { "education", "uddannelse" },
    { "work", "beskæftigelse" },
    { "housing", "bolig" },
    { "concern", "bekymring" },
    { "formal_notification", "underretning" },
    { "notification", "behandles som underretning" },
    { "step1_course", "tidlig indsats i almenområdet (trin 1)" },
    { "advice", "rådgivning til jer" },
    { "no_action", "ingen yderligere handling" },
    { "social_services", "Børn og Familie" },
    { "job_centre", "jobcenter" },
    { "youth_guidance", "ungdommens uddannelsesvejledning" },
    { "psychiatry", "psykiatrien" },
    { "police_ssp", "politi og SSP" },
    { "youth_school", "ungdomsskolen" },
    { "meeting", "møde" },
    { "phone", "telefon" },
    { "message", "besked" },
    { "home_visit", "hjemmebesøg" },
    { "no_show", "udeblev" },
    { "in_education", "uddannelse" },
    { "in_work", "arbejde" },
    { "neither", "hverken uddannelse eller arbejde" },
};

const char *
msg_audit_action_da(const char *action)
{
    static const struct {
        const char *action, *da;
    } m[] = {
        { "create", "registrering" },
        { "read", "opslag" },
        { "list", "visning på en liste" },
        { "update", "rettelse" },
        { "import", "indlæsning" },
        { "export", "udtræk" },
        { "refused", "afvist adgang" },
        { "login", "login" },
        { "login_failed", "mislykket login" },
        { "logout", "log ud" },
        { "purge", "sletning af gammel log" },
        { "extract", "udtræk af logoversigt" },
        { "key_rotated", "nøgleskift" },
        { "key_pruned", "ubrugte nøgler fjernet" },
        { "audit_chain_loss", "tab i logkæden fundet" },
        { "readlog_dropped", "læselogposter tabt" },
        { "backup", "sikkerhedskopi taget" },
        { "disposal_requested", "kassation anmodet" },
        { "disposal_withdrawn", "kassation trukket tilbage" },
        { "disposed", "kasseret" },
    };

    for (size_t i = 0; action && i < sizeof(m) / sizeof(m[0]); i++)
        if (strcmp(m[i].action, action) == 0)
            return m[i].da;
    return NULL;
}

bool
msg_label_known(const char *code)
{
    for (size_t i = 0; code && i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(labels[i].code, code) == 0)
            return true;
    return false;
}

const char *
msg_label_da(const char *code)
{
    if (!code)
        return "";
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (labels[i].code[0] == code[0] && strcmp(labels[i].code, code) == 0)
            return labels[i].da;
    return code;
}

/* English rule text (as written by domain/record.c and app/) -> Danish. Checked in order. */
static const struct {
    const char *en, *da;
} rules[] = {
    { "least intrusive", "Barnet er på et lavere trin. Beskriv, hvilke lavere trin der er "
                         "forsøgt, eller hvorfor de er fravalgt (mindst indgribende indsats "
                         "først)." },
    { "so the intake can find the child",
      "Skriv barnets CPR-nummer eller fødselsdato, så kommunen kan finde barnet." },
    { "must say what you see", "Skriv, hvad I ser." },
    { "date of birth in the CPR number", "Fødselsdatoen skal passe med CPR-nummeret." },
    { "files as a professional", "Vælg, hvor I er fra: skole, dagtilbud, sundhedspleje eller "
                                 "et andet fagligt sted." },
    { "choose how the inquiry is answered", "Vælg, hvordan henvendelsen håndteres." },
    { "is handled as a notification", "En underretning håndteres som en underretning (Barnets "
                                      "lov § 133)." },
    { "write the answer to the partner", "Skriv svaret til partneren." },
    { "before you answer the partner", "Tag imod henvendelsen, før I svarer partneren." },
    { "taken in already", "Henvendelsen er allerede taget imod. Indlæs siden igen." },
    { "answered already", "Henvendelsen er allerede besvaret. Indlæs siden igen." },
    { "changed by someone else", "En anden har ændret det imens, så intet er gemt. Indlæs siden "
                                 "igen." },
    { "time-boxed", "En taskforce er tidsbegrænset: højst 12 måneder fra start til planlagt "
                    "slut." },
    { "task force is for young people", "Taskforcen er for unge fra 15 til 23 år." },
    { "guidance centre is for young people", "Vejledningscenteret er for unge fra 18 til 23 år." },
    { "step-1 course in the general services needs",
      "En tidlig indsats i almenområdet (trin 1) kræver forældrenes samtykke." },
    { "only a step-1 course records", "Forældrenes samtykke registreres her kun for trin 1." },
    { "the intervention is for ages", "Indsatsen er for unge i en anden alder end barnets, da "
                                      "den starter." },
    { "is required", "Feltet skal udfyldes." },
    { "opened by its caseworker", "Sagen åbnes af den rådgiver, der skal have den, i eget team, "
                                  "eller af teamets leder." },
    { "must not be in the future", "Tidspunktet ligger efter nu. Registrér det, der er sket, "
                                   "med den dato og det klokkeslæt, det skete." },
    { "must be a direction, focus area or initiative",
      "Vælg et pejlemærke, fokusområde eller initiativ." },
    { "must be a key figure", "Vælg et nøgletal." },
    { "better: goes with an indicator", "Vælg et nøgletal til retningen, eller fjern retningen." },
    { "target: goes with an indicator", "Vælg et nøgletal til målet, eller fjern målet." },
    { "must be higher or lower", "Vælg en retning: højere eller lavere er bedre." },
    { "must be a number of 0 or more", "Skriv et tal på 0 eller mere." },
    { "goes with a target", "Skriv et mål, eller fjern noten." },
    { "must be a half year", "Skriv halvåret som ÅÅÅÅ-H1 eller ÅÅÅÅ-H2." },
    { "there is no such objective", "Vælg en eksisterende målsætning." },
    { "there is no such action", "Vælg et eksisterende tiltag." },
    { "is too long", "Teksten er for lang." },
    { "control characters", "Teksten indeholder tegn, der ikke kan gemmes." },
    { "must not be before start_date", "Slutdatoen må ikke ligge før startdatoen." },
    { "with the caseworker role", "Vælg en rådgiver (en bruger med rollen rådgiver)." },
    { "partner's or the task force's account", "Vælg en samarbejdspartner eller taskforcen." },
    { "the task force's account", "Vælg taskforcens bruger som tovholder." },
    { "§ 5 stk. 3-4", "En afgørelse kræver en forudgående børnesamtale eller en begrundelse for, "
                      "at der ikke er holdt en (Barnets lov § 5, stk. 3-4)." },
    { "not both", "Angiv enten en børnesamtale eller en begrundelse, ikke begge." },
    { "not be blank", "Skriv begrundelsen for, at der ikke er holdt en børnesamtale (Barnets lov "
                      "§ 5, stk. 4)." },
    { "on or before the decision", "Børnesamtalen skal være holdt samme dag som eller før "
                                   "afgørelsen (Barnets lov § 5, stk. 3)." },
    { "about another child", "Vælg en registrering om dette barn." },
    { "must be a placement", "Vælg en anbringelse." },
    { "(Barnets lov § 46)", "Angiv, om anbringelsen sker med samtykke (§ 46) eller uden (§ 47)." },
    { "only a placement", "Samtykke og kombinationsanbringelse gælder kun anbringelser." },
    { "needs an end date", "Angiv en slutdato sammen med ophørsårsagen." },
    { "go together", "Takst og takstenhed skal angives sammen." },
    { "must not be before", "Datoen ligger før en dato, den skal komme efter." },
    { "must be a date", "Skriv en gyldig dato." },
    { "must be a UTC time", "Skriv en gyldig dato og et klokkeslæt." },
    { "characters long", "Teksten har ikke en tilladt længde." },
    { "must be one of", "Vælg en af mulighederne." },
    { "is not a code of", "Vælg en af mulighederne." },
    { "same code twice", "Vælg hver mulighed højst én gang." },
    { "must be a step of the ladder", "Vælg et trin på indsatstrappen." },
    { "must be from", "Værdien ligger uden for skalaen." },
    { "whole number", "Skriv et helt tal." },
    { "true or false", "Vælg ja eller nej." },
    { "valid UTF-8", "Teksten indeholder tegn, der ikke kan gemmes." },
    { "no ", "Vælg en eksisterende registrering." },
    { "must be 10 digits", "Et CPR-nummer har 10 cifre: DDMMÅÅ-XXXX." },
    { "not a valid date of birth", "CPR-nummerets fødselsdato findes ikke." },
    { "unborn", "Et ufødt barn har ikke CPR-nummer eller fødselsdato." },
    { "only for an unborn child", "Forventet fødsel gælder kun et ufødt barn." },
    { "needs a name or a cpr", "Angiv navn eller CPR-nummer, eller marker barnet som ufødt." },
    { "bisidder was present", "Barnet skal være informeret om retten til en bisidder, når en "
                              "bisidder var med." },
    { "assessment_outcome", "Angiv tidspunktet for vurderingen sammen med resultatet." },
};

const char *
msg_rule_da(const char *why_en, char *buf, size_t size)
{
    const char *colon = strstr(why_en, ": ");
    const char *rule = colon ? colon + 2 : why_en;
    /* A length names its bounds, so the Danish can say how long the text may be. */
    const char *len = strstr(rule, "must be ");
    long long lo, hi;
    if (len && sscanf(len, "must be %lld to %lld characters long", &lo, &hi) == 2) {
        if (strstr(rule, "is too short"))
            snprintf(buf, size, "Teksten er for kort: skriv mindst %lld tegn.", lo);
        else
            snprintf(buf, size, "Teksten er for lang: højst %lld tegn.", hi);
        return buf;
    }
    if (len && sscanf(len, "must be at most %lld characters long", &hi) == 1) {
        snprintf(buf, size, "Teksten er for lang: højst %lld tegn.", hi);
        return buf;
    }
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        if (strstr(rule, rules[i].en)) {
            snprintf(buf, size, "%s", rules[i].da);
            return buf;
        }
    }
    snprintf(buf, size, "Feltet er ikke udfyldt korrekt.");
    return buf;
}
