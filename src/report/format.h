/*
 * format.h - a key figure's value as Danish text, the same in every output (web, PDF, CLI):
 * "42 %", "1.234", "214 dage", "+1,5", "12.345 kr.", "<5" when suppressed, "–" when empty.
 */
#ifndef TRAPPE_REPORT_FORMAT_H
#define TRAPPE_REPORT_FORMAT_H

#include "domain/figures.h"

#define FIG_TEXT_BUF 160

/* The value; and "12 af 40" beside a share, the count beside a median, mean or sum ("" when
 * there is nothing to say). */
const char *fig_value_text(char buf[static FIG_TEXT_BUF], const struct fig_desc *d,
                           const struct fig_value *v);
const char *fig_count_text(char buf[static FIG_TEXT_BUF], const struct fig_desc *d,
                           const struct fig_value *v);

#endif
