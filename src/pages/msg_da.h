/*
 * msg_da.h - the Danish message catalogue of the web application: every fixed UI text.
 */
#ifndef TRAPPE_PAGES_MSG_DA_H
#define TRAPPE_PAGES_MSG_DA_H

#include <stdbool.h>
#include <stddef.h>

#define MSG_APP_NAME        "trappe"
#define MSG_SKIP_LINK       "Gå til indhold"
#define MSG_NAV_LABEL       "Hovedmenu"
#define MSG_NAV_WORKLIST    "Mine frister"
#define MSG_NAV_CASELOAD    "Mine børn"
#define MSG_NAV_SEARCH      "Søg"
#define MSG_LOGOUT          "Log ud"
#define MSG_LOGGED_IN_AS    "Logget ind som"
#define MSG_LOGIN_TITLE     "Log ind"
#define MSG_LOGIN_USER      "Brugernavn"
#define MSG_LOGIN_PASSWORD  "Adgangskode"
#define MSG_LOGIN_CODE      "Engangskode"
#define MSG_LOGIN_BUTTON    "Log ind"
#define MSG_LOGIN_FAILED    "Forkert brugernavn, adgangskode eller engangskode."
#define MSG_LOGIN_THROTTLED "For mange loginforsøg lige nu. Prøv igen om"
#define MSG_LOGIN_SECONDS   "sekunder."
#define MSG_WORKLIST_TITLE  "Mine frister"
#define MSG_WORKLIST_INTRO \
    "Lovbestemte frister for børnene i dine åbne sager, vurderet lige nu: det nære arbejde først."
#define MSG_WORKLIST_EMPTY    "Der er ingen åbne frister."
#define MSG_WORKLIST_TOTAL    "åbne frister i alt"
#define MSG_PAGER_LABEL       "Sider"
#define MSG_PAGER_PREV        "Forrige side"
#define MSG_PAGER_NEXT        "Næste side"
#define MSG_PAGER_PAGE        "Side"
#define MSG_PAGER_OF          "af"
#define MSG_PAGER_ROWS        "nr."
#define MSG_ERR_PAGE          "Siden findes ikke: »side« skal være et helt tal fra 1 til"
#define MSG_ERR_PAGE_NUMBER   "Siden findes ikke: »side« skal være et helt tal fra 1."
#define MSG_COL_STATUS        "Status"
#define MSG_COL_DUE           "Frist"
#define MSG_COL_CHILD         "Barn"
#define MSG_COL_RULE          "Regel"
#define MSG_COL_DETAIL        "Forklaring"
#define MSG_COL_AGE           "Alder"
#define MSG_COL_STEP          "Trin"
#define MSG_COL_DAYS_ON_STEP  "Dage på trinnet"
#define MSG_COL_NEXT_DEADLINE "Næste frist"
#define MSG_COL_CPR           "CPR"
#define MSG_NAV_REVIEW        "Adgangstilsyn"
#define MSG_REVIEW_TITLE      "Adgangstilsyn"
#define MSG_REVIEW_INTRO                                                                                 \
    "Afviste forsøg på adgang til børns sager de seneste 30 dage, og en tilfældig stikprøve af en " \
    "medarbejders opslag og registreringer. Siden er selv logget."
#define MSG_REVIEW_REFUSED   "Afviste forsøg (advarsler)"
#define MSG_REVIEW_NONE      "Ingen afviste forsøg."
#define MSG_REVIEW_SAMPLE    "Stikprøve for"
#define MSG_REVIEW_NO_SAMPLE "Ingen opslag i perioden."
#define MSG_REVIEW_USER      "Medarbejder (brugernavn)"
#define MSG_REVIEW_BUTTON    "Tag stikprøve"
#define MSG_NAV_EXTRACT      "Udtræk"
#define MSG_EXTRACT_TITLE    "Pseudonymiseret udtræk"
#define MSG_EXTRACT_INTRO                                                                                    \
    "Alle sagens registreringer undtagen personer, relationer og samtykker, som JSON Lines. Barnet "         \
    "står som et pseudonym, der er det samme i hvert udtræk; fødselsdato kun som år. CPR-numre, navne, " \
    "fritekst, rådgivere og henvisninger mellem registreringer er udeladt. Udtrækket logges."
#define MSG_EXTRACT_BUTTON  "Hent udtræk"
#define MSG_EXTRACT_PURPOSE "Formål med udtrækket"
#define MSG_EXTRACT_PURPOSE_HINT                                                                  \
    "Hvad skal udtrækket bruges til? Fx »Analyse af anbringelsesmønstre 2020-2025 til BUU«. " \
    "Formålet logges med udtrækket. Højst 6 udtræk i timen."
#define MSG_EXTRACT_PURPOSE_ERR "Skriv formålet med udtrækket på én linje med 10 til 300 tegn."
#define MSG_COL_TIME            "Tidspunkt (UTC)"
#define MSG_COL_USER            "Medarbejder"
#define MSG_COL_ACTION          "Handling"
#define MSG_COL_RECORD          "Oplysning"
#define MSG_COL_CHILD_ID        "Barn (id)"
#define MSG_CASELOAD_TITLE      "Mine børn"
#define MSG_CASELOAD_EMPTY      "Du har ingen børn med åbne sager."
#define MSG_UNNAMED_CHILD       "Barn uden navn"
#define MSG_UNBORN              "Ufødt"
#define MSG_YEARS               "år"
#define MSG_UNVERIFIED          "ikke verificeret"
#define MSG_CHILD_TITLE         "Barnets sag"
#define MSG_CHILD_CATEGORY      "Kategori"
#define MSG_CHILD_STEP          "Trin på indsatstrappen"
#define MSG_CHILD_CASEWORKER    "Rådgiver"
#define MSG_CHILD_DEADLINES     "Åbne frister"
#define MSG_CHILD_LADDER        "Barnets vej på indsatstrappen"
#define MSG_CHILD_LADDER_NONE   "Barnet har ikke haft indsatser."
#define MSG_CHILD_THREAD        "Den røde tråd"
#define MSG_CHILD_GOALS         "Mål og opfølgning"
#define MSG_CHILD_NO_GOALS      "Der er ikke sat mål endnu."
#define MSG_CAT_VULNERABLE      "Sårbar"
#define MSG_CAT_PARTICULARLY    "Særligt udsat"
#define MSG_CAT_NONE            "Ikke angivet"
#define MSG_SEARCH_TITLE        "Søg efter et barn"
#define MSG_SEARCH_LABEL        "Navn eller CPR-nummer"
#define MSG_SEARCH_HINT         "Der søges kun blandt børnene i dine åbne sager."
#define MSG_SEARCH_HINT_TEAM    "Der søges kun blandt børnene i teamets åbne sager."
#define MSG_SEARCH_HINT_CONSENT                                                                    \
    "Der søges kun blandt de børn, som forældrene eller den unge har givet samtykke til, at I " \
    "ser."
#define MSG_SEARCH_BUTTON    "Søg"
#define MSG_SEARCH_NONE      "Ingen børn fundet."
#define MSG_SEARCH_FOUND     "børn fundet; de første"
#define MSG_SEARCH_MORE      "vises. Skriv mere af navnet for at finde færre."
#define MSG_SEARCH_THROTTLED "Du har søgt mange gange på kort tid. Vent et minut, og prøv igen."
#define MSG_SEARCH_BAD       "Skriv mindst 2 og højst 100 tegn."
#define MSG_ERR_FORBIDDEN    "Du har ikke adgang til denne side."
#define MSG_ERR_NOT_FOUND    "Siden findes ikke."
#define MSG_ERR_METHOD       "Metoden er ikke tilladt."
#define MSG_ERR_CSRF         "Formularen er udløbet eller kom fra en anden side. Prøv igen."
#define MSG_ERR_INTERNAL     "Der skete en fejl. Prøv igen, eller kontakt support med fejlnummeret."
#define MSG_ERR_TOO_LARGE \
    "Der er for mange oplysninger til at vise dem på én side. Kontakt support med fejlnummeret."
#define MSG_ERR_TITLE      "Fejl"
#define MSG_ERR_REQUEST_ID "Fejlnummer"

#define MSG_EV_NOTIFICATION  "Underretning"
#define MSG_EV_ACUTE         "akut"
#define MSG_EV_SCREENING     "Screening"
#define MSG_EV_AWARE         "Kommunen blev opmærksom på barnets behov"
#define MSG_EV_ASSESS_START  "Børnefaglig undersøgelse påbegyndt"
#define MSG_EV_ASSESS_PROV   "Foreløbig vurdering"
#define MSG_EV_ASSESS_DONE   "Børnefaglig undersøgelse afsluttet"
#define MSG_EV_CONVERSATION  "Børnesamtale"
#define MSG_EV_DECISION      "Afgørelse"
#define MSG_EV_INTERV_START  "Indsats startet"
#define MSG_EV_INTERV_END    "Indsats afsluttet"
#define MSG_EV_PLACEMENT     "anbringelse"
#define MSG_EV_PLAN          "Plan"
#define MSG_EV_FOLLOWUP      "Opfølgning"
#define MSG_EV_SUPERVISION   "Tilsynsbesøg"
#define MSG_STEP_WORD        "trin"
#define MSG_FROM             "fra"
#define MSG_LADDER_SVG_LABEL "Graf over barnets trin på indsatstrappen over tid"

/* The Danish label of a coded value (enum values, plan kinds, scales), or the code itself. */
const char *msg_label_da(const char *code);
/* True if code has a Danish label (some Danish words are the code itself: "screening"). */
bool msg_label_known(const char *code);
/* An audit row's action in Danish ("refused" -> "afvist adgang"), or NULL if unknown. */
const char *msg_audit_action_da(const char *action);

#define MSG_FORM_REQUIRED       "skal udfyldes"
#define MSG_FORM_CHOOSE         "Vælg"
#define MSG_FORM_NOT_AN_ACCOUNT "ikke en bruger, der kan vælges her"
#define MSG_FORM_YES            "Ja"
#define MSG_FORM_NO             "Nej"
#define MSG_FORM_SAVE           "Gem"
#define MSG_FORM_CANCEL         "Tilbage til barnets sag"
#define MSG_FORM_ERRORS         "Der er fejl i formularen"
#define MSG_FORM_NEW            "Registrér"
#define MSG_FORM_LADDER_HINT \
    "Vælges et højere trin end barnets nuværende, skal det begrundes, hvilke lavere trin der er forsøgt eller fravalgt."
#define MSG_NEW_NOTIFICATION "Ny underretning"
#define MSG_NEW_SCREENING    "Ny screening"
#define MSG_NEW_ASSESSMENT   "Ny børnefaglig undersøgelse"
#define MSG_NEW_CONVERSATION "Ny børnesamtale"
#define MSG_NEW_DECISION     "Ny afgørelse"
#define MSG_NEW_INTERVENTION "Ny indsats"
#define MSG_NEW_PLACEMENT    "Ny anbringelse"
#define MSG_NEW_PLAN         "Ny plan"
#define MSG_NEW_GOAL         "Nyt mål"
#define MSG_NEW_FOLLOWUP     "Ny opfølgning på et mål"
#define MSG_NEW_SUPERVISION  "Nyt tilsynsbesøg"
#define MSG_NEW_CASE         "Ny sag"

#define MSG_EDIT_TITLE     "Ret registrering"
#define MSG_EDIT_LINK      "Ret"
#define MSG_CONFLICT_TITLE "En anden har gemt en ændring imens"
#define MSG_CONFLICT_TEXT \
    "Din ændring er ikke gemt, men intet er tabt: det du skrev står i formularen herunder, og den gemte version står ved siden af. Gem igen for at erstatte den gemte version med din."
#define MSG_CONFLICT_FIELD  "Felt"
#define MSG_CONFLICT_THEIRS "Gemt version"
#define MSG_CONFLICT_YOURS  "Din version"

#define MSG_NAV_LEADERS  "Ledelse"
#define MSG_NAV_CONFIG   "Opsætning"
#define MSG_NAV_STRATEGY "Strategi"
#define MSG_LEAD_STRATEGY_EDIT \
    "Følg op på strategien: målsætninger, tiltag og halvårlige opfølgninger"
#define MSG_STRAT_TITLE "Strategiens opfølgning"
#define MSG_STRAT_INTRO                                                                          \
    "Pejlemærker, fokusområder og initiativer fra udvalgets papirer, med målsætningerne og " \
    "tiltagene under dem og hver halvårlige opfølgning. Nøgletallene er for perioden"
#define MSG_STRAT_DIRECTIONS    "Pejlemærker"
#define MSG_STRAT_FOCUS_AREAS   "Fokusområder i den forebyggende anbringelsesstrategi"
#define MSG_STRAT_INITIATIVES   "Budgetinitiativer"
#define MSG_STRAT_OBJECTIVES    "Målsætninger"
#define MSG_STRAT_ACTIONS       "Tiltag"
#define MSG_STRAT_FOLLOWED      "Senest fulgt op"
#define MSG_STRAT_HISTORY       "Alle opfølgninger"
#define MSG_STRAT_SOURCE        "Kilde"
#define MSG_STRAT_EXAMPLE       "eksempel"
#define MSG_STRAT_EDIT          "Ret"
#define MSG_STRAT_ADD_OBJECTIVE "Ny målsætning"
#define MSG_STRAT_ADD_ACTION    "Nyt tiltag"
#define MSG_STRAT_ADD_FOLLOWUP  "Følg op"
#define MSG_STRAT_MET           "nået"
#define MSG_STRAT_NOT_MET       "ikke nået"
#define MSG_STRAT_NEW_OBJECTIVE "Ny målsætning"
#define MSG_STRAT_NEW_ACTION    "Nyt tiltag"
#define MSG_STRAT_NEW_FOLLOWUP  "Halvårlig opfølgning"
#define MSG_STRAT_EDIT_TITLE    "Ret i strategien"
#define MSG_STRAT_BACK          "Tilbage til strategien"
#define MSG_STRAT_FOR_ACTION    "Opfølgning på tiltaget"
#define MSG_STRAT_NO_OBJECTIVE  "Ingen målsætning (direkte under pejlemærket)"
#define MSG_STRAT_F_PARENT      "Pejlemærke, fokusområde eller initiativ"
#define MSG_STRAT_F_TITLE       "Målsætning"
#define MSG_STRAT_F_DESCRIPTION "Beskrivelse"
#define MSG_STRAT_F_INDICATOR   "Nøgletal"
#define MSG_STRAT_F_BETTER      "Retning"
#define MSG_STRAT_F_TARGET      "Mål"
#define MSG_STRAT_F_TARGET_NOTE "Note om målet"
#define MSG_STRAT_F_OBJECTIVE   "Målsætning"
#define MSG_STRAT_F_THEME       "Tema"
#define MSG_STRAT_F_CONTENT     "Indhold"
#define MSG_STRAT_F_OWNER       "Ansvarlig"
#define MSG_STRAT_F_START       "Start"
#define MSG_STRAT_F_END         "Slut"
#define MSG_STRAT_F_STATUS      "Status"
#define MSG_STRAT_F_STATUS_TEXT "Statustekst"
#define MSG_STRAT_F_PERIOD      "Halvår"
#define MSG_STRAT_F_DATE        "Dato for opfølgningen"
#define MSG_STRAT_H_INDICATOR   "Det nøgletal, der følger målsætningen."
#define MSG_STRAT_H_TARGET      "En andel skrives i procent, fx 15."
#define MSG_STRAT_H_OBJECTIVE \
    "Vælg en målsætning, eller lad tiltaget stå direkte under et pejlemærke."
#define MSG_STRAT_H_PARENT "Udfyldes, når tiltaget ikke hører under en målsætning."
#define MSG_STRAT_H_DATE   "Dato som ÅÅÅÅ-MM-DD, fx 2026-06-30"
#define MSG_STRAT_H_PERIOD "Halvåret som ÅÅÅÅ-H1 eller ÅÅÅÅ-H2, fx 2026-H2"
#define MSG_STRAT_E_NUMBER "Skriv et tal, fx 15 eller 12,5."
#define MSG_STRAT_E_CHOOSE "Vælg en af mulighederne."
#define MSG_STRAT_CONFLICT                                                                       \
    "En anden har gemt en ændring imens. Din ændring er ikke gemt, men intet er tabt: det du " \
    "skrev står i formularen. Gem igen for at erstatte den gemte version med din."
#define MSG_CONFIG_TITLE "Opsætning"
#define MSG_CONFIG_INTRO                                                                             \
    "Den opsætning, systemet kører med: indsatstrappen, indsatskataloget, anbringelsesformerne, "  \
    "fristreglerne og indstillingerne, hver med paragraf, kilde og sikkerhedsmærke. Regler "        \
    "mærket »ikke verificeret« bygger ikke på læst lovtekst og kan ændres i config/. Brugere " \
    "oprettes med kommandoen trappe user add."
#define MSG_CONFIG_LADDER    "Indsatstrappen"
#define MSG_CONFIG_CATALOGUE "Indsatskataloget"
#define MSG_CONFIG_CLASSES   "Anbringelsesformer"
#define MSG_CONFIG_RULES     "Fristregler"
#define MSG_CONFIG_SETTINGS  "Indstillinger"
#define MSG_COL_CODE         "Kode"
#define MSG_COL_NAME         "Navn"
#define MSG_COL_PARAGRAPH    "Paragraf"
#define MSG_COL_CONFIDENCE   "Sikkerhed"
#define MSG_COL_PLACEMENT    "Anbringelse"
#define MSG_COL_GROUP        "Gruppe i strategien"
#define MSG_COL_SETTING      "Indstilling"
#define MSG_COL_VALUE        "Værdi"
#define MSG_LEAD_TITLE       "Ledelsesoverblik"
#define MSG_LEAD_TEAM_TITLE  "Teamets overblik"
#define MSG_LEAD_INTRO \
    "Nøgletal for børne- og familieområdet, beregnet af sagerne selv, uden navne. Perioden er"
#define MSG_LEAD_SECTIONS  "Afsnit"
#define MSG_LEAD_FROM      "Periode fra"
#define MSG_LEAD_TO        "Periode til"
#define MSG_LEAD_DATE_HINT "Dato som ÅÅÅÅ-MM-DD, fx 2026-01-01"
#define MSG_LEAD_SPLIT     "Opdel efter"
#define MSG_LEAD_NO_SPLIT  "Ingen opdeling"
#define MSG_LEAD_SHOW      "Vis"
#define MSG_LEAD_TOTAL     "I alt"
#define MSG_LEAD_OF        "af"
#define MSG_LEAD_DAYS      "dage"
#define MSG_LEAD_KR        "Kroner"
#define MSG_LEAD_COUNT     "Antal"
#define MSG_LEAD_COUNT_OF  "Tæller af nævner"
#define MSG_LEAD_NO_DATA   "Ingen tal i perioden."
#define MSG_LEAD_DOWNLOAD  "Hent tabellerne"
#define MSG_LEAD_DATE      "Dato"
#define MSG_LEAD_CHILDREN  "Børn"
#define MSG_LEAD_LADDER    "Indsatstrappen"
#define MSG_LEAD_LADDER_INTRO                                                                      \
    "Hvor børnene står på trappen, og hvilken vej de bevæger sig. Målet er retningen ned ad " \
    "trappen."
#define MSG_LEAD_LADDER_CHART "Børn på trin 1-6 ved udgangen af hver måned"
#define MSG_LEAD_LADDER_TABLE "Tallene bag grafen"
#define MSG_LEAD_FLOWS        "Bevægelser mellem periodens start og slut"
#define MSG_LEAD_UP           "Gået op"
#define MSG_LEAD_DOWN         "Gået ned"
#define MSG_LEAD_NET          "Netto ned"
#define MSG_LEAD_STEPS        "Børn og tid på hvert trin"
#define MSG_LEAD_PLACEMENTS   "Anbringelser"
#define MSG_LEAD_PLACEMENTS_INTRO                                                              \
    "Den forebyggende anbringelsesstrategi: flere netværksanbringelser, bedre familiepleje, " \
    "færre anbringelser på børne- og ungehjem og flere kombinationsanbringelser."
#define MSG_LEAD_MIX_CHART         "Anbragte børn efter anbringelsesform på periodens slutdato"
#define MSG_LEAD_MIX_TABLE         "Anbringelsesformer"
#define MSG_LEAD_SHARE_OF_PLACED   "Andel af de anbragte"
#define MSG_LEAD_CLASS             "Anbringelsesform"
#define MSG_LEAD_STOCK             "Anbragte på slutdatoen"
#define MSG_LEAD_NEW               "Nye anbringelser i perioden"
#define MSG_LEAD_TARGET            "Mål"
#define MSG_LEAD_AT_LEAST          "mindst"
#define MSG_LEAD_AT_MOST           "højst"
#define MSG_LEAD_PLACEMENT_QUALITY "Skift, sammenbrud og samtykke"
#define MSG_LEAD_VOICE             "Barnets stemme og tidlig hjælp"
#define MSG_LEAD_VOICE_INTRO \
    "Om barnet er hørt før afgørelserne, og om hjælpen kommer tidligt og hurtigt."
#define MSG_LEAD_DEADLINES "Frister og sagsbelastning"
#define MSG_LEAD_DEADLINES_INTRO \
    "Lovpligtige frister med forfald i perioden, og hvor mange børn hver rådgiver har."
#define MSG_LEAD_COMPLIANCE_CHART "Frister overholdt til tiden"
#define MSG_LEAD_ON_TIME_AXIS     "Andel overholdt til tiden"
#define MSG_LEAD_BY_RULE          "Frister efter regel"
#define MSG_LEAD_BY_CASEWORKER    "Sagsbelastning og frister efter rådgiver"
#define MSG_LEAD_CASELOAD         "Børn med åben sag"
#define MSG_LEAD_CASELOAD_CHART   "Børn med åben sag pr. rådgiver på periodens slutdato"
#define MSG_LEAD_EFFECT           "Effekt"
#define MSG_LEAD_EFFECT_INTRO \
    "Om målene nås, og om børnene kommer ned ad trappen, efter indsatstype."
#define MSG_LEAD_TYPE         "Indsatstype"
#define MSG_LEAD_COST         "Udgifter"
#define MSG_LEAD_COST_INTRO   "Udgiften i perioden efter trin og indsatstype."
#define MSG_LEAD_COST_CHART   "Udgift i perioden efter trin"
#define MSG_LEAD_COST_BY_STEP "Udgift efter trin"
#define MSG_LEAD_COST_BY_TYPE "Udgift efter indsatstype"
#define MSG_LEAD_STRATEGY     "Strategien"
#define MSG_LEAD_STRATEGY_INTRO                                                                     \
    "Pejlemærker, fokusområder og budgetinitiativer fra udvalgets papirer, med målsætningerne " \
    "(nøgletal og mål) og tiltagene under dem."
#define MSG_LEAD_ITEM         "Punkt"
#define MSG_LEAD_INDICATOR    "Nøgletal"
#define MSG_LEAD_NOW          "I perioden"
#define MSG_LEAD_HIGHER       "højere er bedre"
#define MSG_LEAD_LOWER        "lavere er bedre"
#define MSG_LEAD_NO_INDICATOR "Følges ikke af et nøgletal"
#define MSG_LEAD_NO_TARGET    "Ikke fastsat"
#define MSG_LEAD_DEFINITIONS  "Sådan er tallene beregnet"
#define MSG_LEAD_NUMERATOR    "Tæller"
#define MSG_LEAD_DENOMINATOR  "Nævner"
#define MSG_LEAD_ERR_FROM     "»fra« skal være en dato som ÅÅÅÅ-MM-DD."
#define MSG_LEAD_ERR_TO       "»til« skal være en dato som ÅÅÅÅ-MM-DD."
#define MSG_LEAD_ERR_ORDER    "»til« må ikke ligge før »fra«."
#define MSG_LEAD_ERR_SPLIT    "»opdeling« skal være team, caseworker, age, sex eller none."
#define MSG_LEAD_ERR_TEAM     "»team« må højst være 64 tegn."
#define MSG_LEAD_ERR_FORMAT   "»format« skal være csv eller xlsx."
#define MSG_LEAD_ERR_SECTION \
    "»afsnit« skal være ladder, placement, voice, early, deadlines, effect, cost eller alle."

/* A Danish sentence for a validation error from app/ ("type.field: rule" in English). */
const char *msg_rule_da(const char *why_en, char *buf, size_t size);

#define MSG_LEAD_NOTE            "Til udvalget"
#define MSG_LEAD_NOTE_STATUS     "Statusnotat"
#define MSG_LEAD_NOTE_AGENDA     "Dagsordenspunkt"
#define MSG_LEAD_ERR_YEAR        "»aar« skal være et år fra 1901 til 2200."
#define MSG_LEAD_ERR_NOTE_FORMAT "»format« skal være html eller pdf."
#define MSG_LEAD_ERR_DOCUMENT    "»dokument« skal være status eller dagsorden."

/* A team leader's lists are the team's, and say so. */
#define MSG_NAV_WORKLIST_TEAM "Teamets frister"
#define MSG_NAV_CASELOAD_TEAM "Teamets børn"
#define MSG_WORKLIST_INTRO_TEAM                                                                    \
    "Lovbestemte frister for børnene i teamets åbne sager, vurderet lige nu: det nære arbejde " \
    "først."
#define MSG_CASELOAD_EMPTY_TEAM "Teamet har ingen børn med åbne sager."

/* The ladder chart over a longer period: points at the end of each quarter, half-year or year. */
#define MSG_LEAD_LADDER_CHART_Q "Børn på trin 1-6 ved udgangen af hvert kvartal"
#define MSG_LEAD_LADDER_CHART_H "Børn på trin 1-6 ved udgangen af hvert halvår"
#define MSG_LEAD_LADDER_CHART_Y "Børn på trin 1-6 ved udgangen af hvert år"

/* The worklist for the day: the near work first, old overdue deadlines folded per rule. */
#define MSG_WORKLIST_NOW "Frister nu"
#define MSG_WORKLIST_NOW_INTRO \
    "Overskredet inden for de seneste 30 dage (nyeste først) og frister de næste 14 dage."
#define MSG_WORKLIST_NOW_EMPTY \
    "Ingen frister er overskredet de seneste 30 dage, og ingen forfalder de næste 14 dage."
#define MSG_WORKLIST_OLDER       "Ældre overskredne frister"
#define MSG_WORKLIST_OLDER_INTRO "Overskredet for mere end 30 dage siden, samlet pr. regel."
#define MSG_WORKLIST_LATER       "Senere frister"
#define MSG_WORKLIST_LATER_TEXT  "frister forfalder senere end 14 dage fra i dag."
#define MSG_WORKLIST_SHOW        "Vis dem"
#define MSG_WORKLIST_FILTERED    "frister passer til filteret."
#define MSG_COL_COUNT            "Antal"
#define MSG_COL_OLDEST           "Ældste frist"
#define MSG_COL_CASEWORKER       "Rådgiver"
#define MSG_FILTER_LEGEND        "Vælg frister"
#define MSG_FILTER_STATUS        "Status"
#define MSG_FILTER_RULE          "Regel"
#define MSG_FILTER_CHILD         "Barn"
#define MSG_FILTER_DAY           "Dagens overblik"
#define MSG_FILTER_ALL_OPEN      "Alle åbne"
#define MSG_FILTER_ANY           "Alle"
#define MSG_FILTER_GROUP         "Samlet pr. barn"
#define MSG_FILTER_BUTTON        "Vis"
#define MSG_FILTER_RESET         "Tilbage til dagens overblik"
#define MSG_ERR_FILTER_STATUS \
    "»status« skal være alle, overskredet, snart, kommende eller paamindelse."
#define MSG_ERR_FILTER_RULE  "»regel« skal være en fristregel, fx U1."
#define MSG_ERR_FILTER_CHILD "»barn« skal være et barns nummer."
#define MSG_ERR_FILTER_GROUP "»gruppe« kan kun være barn."

#define MSG_LEAD_TOO_MANY_CASEWORKERS                                                               \
    "Der er for mange rådgivere til at vise dem på én side. Vælg et team for at se sagstal og " \
    "frister pr. rådgiver."

#define MSG_SAVED_HEADING "Gemt"
#define MSG_SAVED_TEXT    "er gemt. Det er markeret med «Ny» i tidslinjen nedenfor."
#define MSG_SAVED_MARK    "Ny"

#define MSG_NAV_INTAKE   "Modtag underretning"
#define MSG_INTAKE_TITLE "Modtag underretning om et nyt barn"
#define MSG_INTAKE_INTRO                                                                           \
    "Et barn, der ikke er kendt i forvejen: barnet, underretningen og sagen gemmes samlet, eller " \
    "intet gemmes. Søg først efter barnet, hvis det kan være kendt."
#define MSG_INTAKE_CHILD "Barnet"
#define MSG_INTAKE_CHILD_HINT \
    "CPR-nummeret kan udelades, hvis det ikke er kendt endnu: skriv så navn."
#define MSG_INTAKE_NOTIFICATION "Underretningen"
#define MSG_INTAKE_CASE         "Sagen"
#define MSG_INTAKE_CASE_HINT                                                                       \
    "En rådgiver opretter sagen i eget navn og team; en teamleder i eget team med en af teamets " \
    "rådgivere."

/* Barnets sag: the header, the red thread's filter and summaries, the ladder chart (issue 21). */
#define MSG_CHILD_CPR         "CPR-nummer"
#define MSG_CHILD_CPR_MASKED  "de sidste fire cifre er skjult"
#define MSG_CHILD_BORN        "født"
#define MSG_CHILD_CUSTODY     "Forældremyndighed"
#define MSG_CHILD_PLACEMENT   "Anbringelse"
#define MSG_CHILD_NOT_PLACED  "Ikke anbragt"
#define MSG_CHILD_SINCE       "siden"
#define MSG_CHILD_SCHOOL      "Skole eller dagtilbud"
#define MSG_NOT_RECORDED      "Ikke registreret"
#define MSG_THREAD_FILTER     "Vis i den røde tråd"
#define MSG_THREAD_ALL        "Alle hændelser"
#define MSG_THREAD_SHOW       "Vis"
#define MSG_THREAD_NONE       "Ingen hændelser af den type."
#define MSG_THREAD_NEWEST     "Viser de nyeste"
#define MSG_THREAD_OF         "af"
#define MSG_THREAD_EVENTS     "hændelser"
#define MSG_THREAD_WHOLE      "Vis hele den røde tråd"
#define MSG_ERR_FILTER_TYPE   "»vis« skal være en registreringstype i barnets sag."
#define MSG_ERR_THREAD_WHOLE  "»hele« kan kun være 1 (hele den røde tråd)."
#define MSG_EV_CASE_OPENED    "Sag oprettet"
#define MSG_EV_CASE_CLOSED    "Sag lukket"
#define MSG_EV_CHILD_ALONE    "samtale med barnet uden personale"
#define MSG_EV_STAFF_PRESENT  "samtale med personale til stede"
#define MSG_EV_FOLLOWUP_EVERY "opfølgning hver"
#define MSG_EV_MONTHS         "måned"
#define MSG_LADDER_YEARS      "År"

#define MSG_REVIEW_OTHER_ACTION "anden handling"

#define MSG_FOOTER_TEXT                                                                            \
    "trappe · sagsbehandling efter Barnets lov. Oplysningerne er personoplysninger om børn: al " \
    "adgang logges, og du ser kun de sager, din rolle og din tilknytning til barnet giver adgang til."

#define MSG_LOGIN_CODE_HINT "De 6 cifre fra din godkendelses-app."

#define MSG_SEARCH_CPR_DONE "Søgt på CPR-nummer"

#define MSG_FORM_DATE_HINT     "Dato som dd.mm.åååå, fx 05.12.2026, eller vælg i kalenderen."
#define MSG_FORM_DATETIME_HINT "Dato og klokkeslæt som dd.mm.åååå tt:mm, fx 05.12.2026 09:30."

#define MSG_KEPT_HEADING "Din session udløb, mens du skrev"
#define MSG_KEPT_TEXT                                                                            \
    "Intet er gemt i sagen endnu, men det, du skrev, er opbevaret krypteret i 30 minutter. Log " \
    "ind igen, så står det i formularen, og du kan trykke Gem."
#define MSG_RESTORED_HEADING "Det, du skrev, er sat ind igen"
#define MSG_RESTORED_TEXT    "Tjek oplysningerne, og tryk Gem. Intet er gemt i sagen endnu."

#define MSG_INTAKE_SEARCH       "Findes barnet allerede?"
#define MSG_INTAKE_SEARCH_LABEL "CPR-nummer, fødselsdato eller navn"
#define MSG_INTAKE_SEARCH_HINT                                                                     \
    "Søg blandt alle børn i kommunen, før du opretter et nyt. CPR-nummer med eller uden "       \
    "bindestreg, fødselsdato som dd.mm.åååå eller ddmmåå, navn i vilkårlig rækkefølge. " \
    "Søgningen logges med formålet modtagelse af underretning."
#define MSG_INTAKE_SEARCH_NONE  "Ingen børn fundet. Opret barnet nedenfor."
#define MSG_INTAKE_SEARCH_FOUND "Børn, der måske er det samme barn"
#define MSG_INTAKE_OPEN_CASE    "Åben sag"
#define MSG_INTAKE_NO_CASE      "Ingen åben sag"
#define MSG_CHILD_BORN_COL      "Fødselsdato"
#define MSG_INTAKE_SEARCH_ADVICE                                                                \
    "Er det et af disse børn, så send underretningen til rådgiveren på barnets sag (eller " \
    "registrér den på barnet, hvis det er dit), i stedet for at oprette barnet igen."

/* Faults of the machine (issue 22): what happened, that nothing was saved, what to do. */
#define MSG_ERR_FULL                                                                          \
    "Systemet kan ikke gemme lige nu: serverens disk er fuld. Det, du sendte, er ikke gemt. " \
    "Driften har fået besked i loggen; prøv igen senere, eller kontakt support med fejlnummeret."
#define MSG_ERR_BUSY                                                                              \
    "Systemet var optaget for længe (databasen var låst af en anden kørsel). Det, du sendte, " \
    "er ikke gemt. Prøv igen om lidt."
#define MSG_ERR_READONLY                                                                        \
    "Systemet kan ikke gemme lige nu: databasen kan ikke skrives til. Det, du sendte, er ikke " \
    "gemt. Driften har fået besked i loggen; kontakt support med fejlnummeret."
#define MSG_ERR_DB                                                                            \
    "Databasen svarede med en fejl. Det, du sendte, er ikke gemt. Prøv igen, eller kontakt " \
    "support med fejlnummeret."

/* Consents on the child's page (issue 23). */
#define MSG_NEW_CONSENT       "Nyt samtykke"
#define MSG_CONSENTS          "Samtykker til deling"
#define MSG_CONSENTS_NONE     "Der er ikke registreret samtykker til at dele oplysninger om barnet."
#define MSG_CONSENT_GRANTEE   "Deles med"
#define MSG_CONSENT_SCOPE     "Omfang"
#define MSG_COL_CONSENT_SCOPE "Samtykket omfatter"
#define MSG_COL_CONSENT_UNTIL "Gælder til og med"
#define MSG_CONSENT_PURPOSE   "Formål"
#define MSG_CONSENT_GIVEN_BY  "Givet af"
#define MSG_CONSENT_PERIOD    "Periode"
#define MSG_CONSENT_STATUS    "Status"
#define MSG_CONSENT_ACTIVE    "Gælder"
#define MSG_CONSENT_FUTURE    "Gælder fra"
#define MSG_CONSENT_EXPIRED   "Udløbet"
#define MSG_CONSENT_WITHDRAWN "Trukket tilbage"
#define MSG_CONSENT_WITHDRAW  "Træk tilbage"
#define MSG_CONSENT_WITHDRAWN_OK \
    "Samtykket er trukket tilbage. Fra i dag deles intet mere med modtageren, og det er logget."
#define MSG_CONSENT_WITHDRAW_ERR "Samtykket er allerede trukket tilbage eller udløbet."

/* The page a partner or task-force member sees of a child (issue 23). */
#define MSG_SHARED_INTRO                                                                            \
    "Du ser det, som samtykket giver dig lov til at se om barnet. Spørgsmål om barnets sag går " \
    "til rådgiveren."
#define MSG_SHARED_CONSENT      "Samtykket"
#define MSG_SHARED_UNTIL        "Gælder til og med"
#define MSG_SHARED_CONTACT      "Kontakt i kommunen"
#define MSG_SHARED_CONTACT_NONE "Kontakt Børn og Familie, hvis du har spørgsmål."
#define MSG_SHARED_PLAN         "Den fælles plan: mål og opfølgning"
#define MSG_SHARED_CASE         "Barnets sag i overblik"
#define MSG_SHARED_NO_STEP \
    "Samtykket omfatter den fælles plan, ikke barnets sag: trin og indsatser vises ikke."
#define MSG_SHARED_ADD "Tilføj til den fælles plan"

#define MSG_NAV_SHARED "Børn med samtykke"
#define MSG_SHARED_LIST_INTRO                                                                       \
    "Her er de børn, som forældrene (eller den unge selv fra 15 år) har givet samtykke til, at " \
    "kommunen deler oplysninger om med dig. Du ser kun det, samtykket omfatter."
#define MSG_SHARED_LIST_EMPTY \
    "Der er ikke givet samtykke til at dele oplysninger om et barn med dig lige nu."

/* A partner's inquiries (issue 23): written for a school, a daycare, a health visitor. */
#define MSG_NAV_INQUIRIES "Henvendelser"
#define MSG_INQ_TITLE     "Jeres henvendelser til kommunen"
#define MSG_INQ_INTRO                                                                              \
    "Her sender I en bekymring eller en underretning om et barn til Børn og Familie, og her ser " \
    "I, hvad kommunen har gjort med den. I ser kun det, I selv har sendt, og kommunens svar."
#define MSG_INQ_NEW "Send en bekymring eller en underretning"
#define MSG_INQ_NEW_HINT                                                                              \
    "Er I bekymrede for, om barnet har brug for særlig støtte, har I som fagpersoner pligt til at " \
    "underrette (Barnets lov § 133). Er I i tvivl, så send en bekymring: kommunen vurderer den og " \
    "svarer jer. Er barnet i akut fare, så ring til kommunen eller 112 nu."
#define MSG_INQ_CHILD      "Barnet"
#define MSG_INQ_WHAT       "Det ser I"
#define MSG_INQ_SEND       "Send til kommunen"
#define MSG_INQ_SENT       "Sendt. Kommunen har fået jeres henvendelse og svarer her."
#define MSG_INQ_EMPTY      "I har ikke sendt nogen henvendelser endnu."
#define MSG_INQ_COL_SENT   "Sendt"
#define MSG_INQ_COL_KIND   "Art"
#define MSG_INQ_COL_STATUS "Status"
#define MSG_INQ_WAITING    "Sendt – venter på kommunen"
#define MSG_INQ_TAKEN      "Modtaget af kommunen"
#define MSG_INQ_ANSWER     "Kommunens svar"
#define MSG_INQ_FEEDBACK   "Tilbagemelding"
#define MSG_INQ_DETAILS    "Det skrev I"
#define MSG_INQ_SHOW       "Vis"

/* The intake's inbox of partners' inquiries. */
#define MSG_NAV_INBOX   "Indbakke"
#define MSG_INBOX_TITLE "Henvendelser fra skoler, dagtilbud og sundhedspleje"
#define MSG_INBOX_INTRO                                                                          \
    "Bekymringer og underretninger, som samarbejdspartnere har sendt, og som ikke er besvaret. " \
    "En underretning skal vurderes inden 24 timer fra den blev sendt (Barnets lov § 136)."
#define MSG_INBOX_EMPTY        "Der er ingen nye henvendelser."
#define MSG_INBOX_DUE          "Vurderes senest"
#define MSG_INBOX_NEW_HEADING  "Nye – skal tages imod"
#define MSG_INBOX_TAKEN_AT     "Taget imod"
#define MSG_INBOX_NEEDS_ANSWER "Taget imod – mangler svar til partneren"
#define MSG_INBOX_NEEDS_ANSWER_HINT                                                              \
    "Partneren venter på kommunens svar. For en underretning er svaret også tilbagemeldingen " \
    "til den fagperson, der underrettede (Barnets lov § 137, stk. 1)."
#define MSG_INBOX_TAKE "Tag imod"
#define MSG_INBOX_TAKE_HINT                                                                       \
    "Barnet findes ud fra CPR-nummeret; er barnet ikke kendt, oprettes det. Har barnet en åben " \
    "sag, lægges henvendelsen på den; ellers oprettes en sag til rådgiveren herunder. En "     \
    "underretning registreres med modtagelsestidspunktet, da den blev sendt, og partneren får "  \
    "kvittering."
#define MSG_INBOX_RESPONSE   "Hvordan håndteres henvendelsen?"
#define MSG_INBOX_CASEWORKER "Rådgiver, hvis der skal oprettes en sag (brugernavn)"
#define MSG_INBOX_ANSWER     "Svar partneren"
#define MSG_INBOX_ANSWER_HINT                                                                        \
    "Skriv, hvad kommunen gør, uden at give oplysninger, som partneren ikke må få. En "           \
    "fagperson, der har underrettet, skal have at vide, om der er iværksat en undersøgelse eller " \
    "en indsats (Barnets lov § 137)."
#define MSG_INBOX_TAKEN_OK    "Henvendelsen er taget imod."
#define MSG_INBOX_ANSWERED_OK "Svaret er sendt til partneren."
#define MSG_INBOX_TO_CHILD    "Gå til barnet"
#define MSG_INBOX_OVERDUE     "Fristen er overskredet"

/* The task force and the guidance centre after 18 (issue 23). */
#define MSG_NEW_TASKFORCE         "Ny taskforce"
#define MSG_NEW_TF_MEMBER         "Ny deltager i taskforcen"
#define MSG_NEW_TF_ACTION         "Ny handling i taskforce-planen"
#define MSG_NEW_TF_MEETING        "Nyt taskforce-møde"
#define MSG_NEW_AFTERCARE_CONTACT "Ny kontakt i vejledningscenteret"
#define MSG_EV_INQUIRY            "Henvendelse fra samarbejdspartner"
#define MSG_EV_TASKFORCE_START    "Taskforce startet"
#define MSG_EV_TASKFORCE_END      "Taskforce afsluttet"
#define MSG_EV_TF_MEETING         "Taskforce-møde"
#define MSG_EV_AFTERCARE_CONTACT  "Kontakt i vejledningscenteret"
#define MSG_TF_TITLE              "Taskforce for udsatte unge"
#define MSG_TF_INTRO                                                                                  \
    "En tidsbegrænset gruppe på tværs af forvaltningerne om én ung: én tovholder, én plan med " \
    "handlinger, ansvarlige og frister."
#define MSG_TF_OWNER        "Tovholder"
#define MSG_TF_PERIOD       "Periode"
#define MSG_TF_MEMBERS      "Deltagere"
#define MSG_TF_ACTIONS      "Planen: handlinger"
#define MSG_TF_MEETINGS     "Møder"
#define MSG_TF_NONE_YET     "Ingen endnu."
#define MSG_TF_DONE         "Udført"
#define MSG_TF_OPEN         "Åben"
#define MSG_TF_LATE         "Over frist"
#define MSG_TF_ENDED        "afsluttet"
#define MSG_COL_ACTION      "Handling"
#define MSG_COL_RESPONSIBLE "Ansvarlig"
#define MSG_COL_DUE         "Frist"
#define MSG_COL_NAME        "Navn"
#define MSG_COL_DEPARTMENT  "Afdeling"
#define MSG_AFTER18_TITLE   "Vejledningscenteret (18+)"
#define MSG_AFTER18_NONE    "Ingen kontakter registreret."
#define MSG_COL_DATE        "Dato"
#define MSG_COL_FORM        "Kontaktform"
#define MSG_COL_TOPIC       "Emne"
#define MSG_COL_COUNSELLOR  "Vejleder"
#define MSG_COL_OCCUPATION  "Den unge er i"

/* The leaders' section on working across sectors (issue 23). */
#define MSG_LEAD_CROSS "På tværs: almenområdet, taskforce og efter 18"
#define MSG_LEAD_CROSS_INTRO                                                                         \
    "Henvendelser fra skoler, dagtilbud og sundhedspleje i forhold til de tidlige forløb på trin " \
    "1, om forløbene holder uden en underretning bagefter, om taskforcens planer bliver fulgt, om " \
    "afgørelsen om ungestøtte kommer i tide, og hvor de unge efter 18 er."

#endif
