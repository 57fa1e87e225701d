/*
 * qr.c - draws a QR code for a terminal. Must not: print the text it encodes (it is a secret).
 */
#include "core/qr.h"

#include <qrencode.h>

enum err
qr_text(const char *text, struct strbuf *out)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return ERR_INTERNAL;
    int w = q->width, quiet = 2;
    /* Dark modules are drawn as spaces on a light block background: scanners want dark on light. */
    for (int y = -quiet; y < w + quiet; y += 2) {
        for (int x = -quiet; x < w + quiet; x++) {
            bool top = y >= 0 && y < w && x >= 0 && x < w && (q->data[y * w + x] & 1);
            bool bot = y + 1 >= 0 && y + 1 < w && x >= 0 && x < w && (q->data[(y + 1) * w + x] & 1);
            strbuf_addstr(out, top ? (bot ? " " : "\u2584") : (bot ? "\u2580" : "\u2588"));
        }
        strbuf_addch(out, '\n');
    }
    QRcode_free(q);
    return strbuf_error(out);
}
