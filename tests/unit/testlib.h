/* testlib.h - helpers shared by the unit tests: temporary databases and the test configuration. */
#ifndef TRAPPE_TESTLIB_H
#define TRAPPE_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline const char *
test_config_dir(void)
{
    const char *c = getenv("TRAPPE_CONFIG");
    return c ? c : "config";
}

/* A fresh path for a database file (and its -wal/-shm/-readlog), removed by test_db_remove. */
static inline void
test_db_path(char *buf, size_t size, const char *name)
{
    char k[512];
    snprintf(buf, size, "/tmp/trappe-test-%d-%s.db", (int)getpid(), name);
    unlink(buf);
    snprintf(k, sizeof(k), "%s.key", buf);
    unlink(k);
}

static inline void
test_db_remove(const char *path)
{
    char p[512];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s.key", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-readlog", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-anchor", path);
    unlink(p);
}

#endif
