/*
 * xlsx.c - sheets as an XLSX workbook through libxlsxwriter (which lives only in this file):
 * bold headings, shares as percentages, numbers with thousands separators, columns wide enough.
 * libxlsxwriter 1.1.4 writes to a file, so the workbook goes through a temporary file (0600,
 * removed at once).
 * Must not: keep the temporary file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report/sheet.h"

static enum err
write_book(const struct sheet *sheets, size_t n, const char *path, const char *tmpdir,
           struct strbuf *why)
{
    lxw_workbook_options opt = { .constant_memory = LXW_FALSE,
                                 .tmpdir = (char *)(uintptr_t)tmpdir };
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return why_set(why, ERR_IO, "xlsx: cannot create the workbook");
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    lxw_format *pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0%");
    lxw_format *num0 = workbook_add_format(wb);
    format_set_num_format(num0, "#,##0");
    lxw_format *num1 = workbook_add_format(wb);
    format_set_num_format(num1, "#,##0.0");
    for (size_t k = 0; k < n; k++) {
        const struct sheet *s = &sheets[k];
        lxw_worksheet *ws = workbook_add_worksheet(wb, s->name);
        if (!ws) {
            workbook_close(wb);
            return why_set(why, ERR_INTERNAL, "xlsx: a sheet name is not allowed");
        }
        for (size_t c = 0; c < s->ncols; c++) {
            worksheet_write_string(ws, 0, (lxw_col_t)c, s->heads[c], head);
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c < 3 ? 36 : 14, NULL);
        }
        worksheet_freeze_panes(ws, 1, 0);
        for (size_t r = 0; r < s->nrows; r++) {
            for (size_t c = 0; c < s->ncols; c++) {
                const struct sheet_cell *x = &s->cells[r * s->ncols + c];
                lxw_row_t row = (lxw_row_t)(r + 1);
                lxw_col_t col = (lxw_col_t)c;
                switch (x->kind) {
                case CELL_EMPTY:
                    break;
                case CELL_TEXT:
                    worksheet_write_string(ws, row, col, x->text, NULL);
                    break;
                case CELL_NUMBER:
                    worksheet_write_number(ws, row, col, x->number, x->decimals ? num1 : num0);
                    break;
                case CELL_SHARE:
                    worksheet_write_number(ws, row, col, x->number, pct);
                    break;
                }
            }
        }
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return why_set(why, ERR_IO, "xlsx: %s", lxw_strerror(e));
    return OK;
}

enum err
sheet_xlsx(const struct sheet *sheets, size_t n, const char *tmpdir, struct strbuf *out,
           struct strbuf *why)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/trappe-xlsx-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path); /* mode 0600, whatever the umask */
    if (fd < 0)
        return why_set(why, ERR_IO, "xlsx: cannot make a temporary file: %s", strerror(errno));
    close(fd);
    enum err rc = write_book(sheets, n, path, tmpdir && *tmpdir ? tmpdir : "/tmp", why);
    FILE *f = rc ? NULL : fopen(path, "rb");
    if (!rc && !f)
        rc = why_set(why, ERR_IO, "xlsx: cannot read the workbook back");
    char buf[65536];
    size_t got;
    while (f && (got = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(out, buf, got);
    if (f && ferror(f))
        rc = why_set(why, ERR_IO, "xlsx: cannot read the workbook back");
    if (f)
        fclose(f);
    unlink(path);
    if (!rc)
        rc = strbuf_error(out);
    return rc;
}
