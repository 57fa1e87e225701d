/*
 * migrations.h - the SQL migrations embedded at build time (tools/embed.c over sql/sqlite/).
 */
#ifndef TRAPPE_STORE_MIGRATIONS_H
#define TRAPPE_STORE_MIGRATIONS_H

struct migration {
    int number;       /* NNNN of the file name; user_version after it is applied */
    const char *name; /* file name */
    const char *sql;  /* the whole file */
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
