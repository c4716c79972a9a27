/*
 * Reads each xl domain config named on the command line with Xen's own
 * parser (libxlutil's xlu_cfg_readfile, as `xl create` does) and exits
 * non-zero if any is rejected; libxlutil prints the reason to stderr.
 */
#include <stdio.h>
#include <libxlutil.h>

int main(int argc, char **argv) {
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        XLU_Config *config = xlu_cfg_init(stderr, argv[i]);
        if (config == NULL) { perror(argv[i]); return 2; }
        if (xlu_cfg_readfile(config, argv[i]) != 0) failed = 1;
        else printf("%s: ok\n", argv[i]);
        xlu_cfg_destroy(config);
    }
    return failed;
}
