/*
 * main.c - the trappe binary: everything is a command (cli/main.c), `trappe serve` included.
 */
#include "cli/cli.h"

int
main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
