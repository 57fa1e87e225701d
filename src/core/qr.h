/*
 * qr.h - QR codes for TOTP enrolment (libqrencode lives here).
 */
#ifndef TRAPPE_CORE_QR_H
#define TRAPPE_CORE_QR_H

#include "core/strbuf.h"

/* Append text as a QR code drawn with Unicode half blocks (two modules per character row). */
enum err qr_text(const char *text, struct strbuf *out) WUR;

#endif
