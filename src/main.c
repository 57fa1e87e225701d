/*
 * main.c - the trappe binary: everything is a command (cli/main.c), `trappe serve` included.
 */
#include <sys/stat.h>

#include "cli/cli.h"

int
main(int argc, char **argv)
{
    /* Every file trappe creates holds personal data or leads to it: the database and its -wal
     * and -shm, the key file, exports, extracts, disposal archives, reports. Owner only,
     * whatever the caller's umask (issue 19, S-24). */
    umask(077);
    return cli_main(argc, argv);
}
