/*
 * xlu-oracle: asks Xen's own libxlutil what it makes of configs, disk specs and
 * vif rates, so dom0kit's parser can be compared with it. Test-only; compiled at
 * test time with `gcc xlu-oracle.c -lxlutil -lxenlight`. Needs no hypervisor.
 *
 * Protocol (stdin): records "<kind> <length>\n" followed by <length> bytes.
 * One JSON line per record on stdout. Kinds:
 *   cfg   the bytes are a config; parsed with xlu_cfg_readdata (what `xl create` uses)
 *   disk  the bytes are one or more disk specs separated by NUL; xlu_disk_parse
 *   rate  the bytes are a vif rate; xlu_vif_parse_rate
 * Each record is handled in a forked child so an assertion inside libxlutil is
 * reported as {"crash":SIGNAL} instead of ending the run.
 *
 * Bench mode: xlu-oracle --bench ROUNDS FILE... parses every file ROUNDS times
 * in-process (data read once) and prints {"bytes":N,"seconds":S}.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <libxlutil.h>

static void json_string(FILE *out, const char *s, size_t n) {
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}

static void json_cstr(FILE *out, const char *s) {
    if (!s) fputs("null", out);
    else json_string(out, s, strlen(s));
}

static void dump_value(FILE *out, const XLU_Config *cfg, XLU_ConfigValue *v) {
    if (xlu_cfg_value_type(v) == XLU_STRING) {
        char *s = 0;
        xlu_cfg_value_get_string(cfg, v, &s, 1);
        json_cstr(out, s);
        return;
    }
    XLU_ConfigList *list = 0;
    xlu_cfg_value_get_list(cfg, v, &list, 1);
    fputc('[', out);
    for (int i = 0;; i++) {
        XLU_ConfigValue *item = xlu_cfg_get_listitem2(list, i);
        if (!item) break;
        if (i) fputc(',', out);
        dump_value(out, cfg, item);
    }
    fputc(']', out);
}

static int is_key_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* Every string that could be a key: each suffix, starting with a letter, of
 * each run of key characters. Asking libxlutil about all of them finds every
 * setting without relying on its internals. */
static void dump_settings(FILE *out, XLU_Config *cfg, const char *data, size_t n) {
    char **seen = 0;
    size_t nseen = 0, aseen = 0;
    int first = 1;
    fputc('{', out);
    for (size_t start = 0; start < n;) {
        if (!is_key_char((unsigned char)data[start])) { start++; continue; }
        size_t end = start;
        while (end < n && is_key_char((unsigned char)data[end])) end++;
        for (size_t k = start; k < end; k++) {
            if (data[k] < 'a' || data[k] > 'z') continue;
            char *key = strndup(data + k, end - k);
            int dup = 0;
            for (size_t j = 0; j < nseen && !dup; j++) dup = !strcmp(seen[j], key);
            if (dup) { free(key); continue; }
            if (nseen == aseen) {
                aseen = aseen ? aseen * 2 : 64;
                seen = realloc(seen, aseen * sizeof(*seen));
            }
            seen[nseen++] = key;
            const char *s = 0;
            XLU_ConfigList *list = 0;
            int e = xlu_cfg_get_string(cfg, key, &s, 1);
            if (e == ESRCH) continue;
            if (!first) fputc(',', out);
            first = 0;
            json_cstr(out, key);
            fputc(':', out);
            if (e == 0) {
                long l = 0;
                errno = 0;
                int le = xlu_cfg_get_long(cfg, key, &l, 1);
                fputs("{\"string\":", out);
                json_cstr(out, s);
                if (le) fprintf(out, ",\"longErrno\":%d}", le);
                else fprintf(out, ",\"long\":\"%ld\"}", l);
            } else {
                int count = 0;
                xlu_cfg_get_list(cfg, key, &list, &count, 1);
                fputs("{\"list\":[", out);
                for (int i = 0; i < count; i++) {
                    if (i) fputc(',', out);
                    dump_value(out, cfg, xlu_cfg_get_listitem2(list, i));
                }
                fputs("]}", out);
            }
        }
        start = end;
    }
    fputc('}', out);
    for (size_t j = 0; j < nseen; j++) free(seen[j]);
    free(seen);
}

static void report_field(FILE *out, char *buf, size_t len) {
    fputs(",\"report\":", out);
    json_string(out, buf ? buf : "", buf ? len : 0);
}

static void do_cfg(FILE *out, const char *data, size_t n) {
    char *rbuf = 0; size_t rlen = 0;
    FILE *report = open_memstream(&rbuf, &rlen);
    XLU_Config *cfg = xlu_cfg_init(report, "config");
    int e = xlu_cfg_readdata(cfg, data, (int)n);
    fflush(report);
    fprintf(out, "{\"ok\":%s,\"errno\":%d", e ? "false" : "true", e);
    if (!e) {
        fputs(",\"values\":", out);
        dump_settings(out, cfg, data, n);
    }
    fflush(report);
    report_field(out, rbuf, rlen);
    fputs("}\n", out);
    xlu_cfg_destroy(cfg);
    fclose(report);
    free(rbuf);
}

static void defbool(FILE *out, const char *name, libxl_defbool b) {
    fprintf(out, ",\"%s\":", name);
    if (libxl_defbool_is_default(b)) fputs("null", out);
    else fputs(libxl_defbool_val(b) ? "true" : "false", out);
}

static void do_disk(FILE *out, const char *data, size_t n) {
    const char *specs[64];
    int nspecs = 0;
    for (size_t i = 0; i <= n && nspecs < 64;) {
        specs[nspecs++] = data + i;
        i += strlen(data + i) + 1;
    }
    char *rbuf = 0; size_t rlen = 0;
    FILE *report = open_memstream(&rbuf, &rlen);
    XLU_Config *cfg = xlu_cfg_init(report, "disk");
    libxl_device_disk disk;
    libxl_device_disk_init(&disk);
    int e = xlu_disk_parse(cfg, nspecs, specs, &disk);
    fflush(report);
    fprintf(out, "{\"ok\":%s,\"errno\":%d", e ? "false" : "true", e);
    if (!e) {
        fputs(",\"pdev_path\":", out); json_cstr(out, disk.pdev_path);
        fputs(",\"vdev\":", out); json_cstr(out, disk.vdev);
        fprintf(out, ",\"backend\":\"%s\"", libxl_disk_backend_to_string(disk.backend));
        fprintf(out, ",\"format\":\"%s\"", libxl_disk_format_to_string(disk.format));
        fputs(",\"script\":", out); json_cstr(out, disk.script);
        fprintf(out, ",\"readwrite\":%d,\"is_cdrom\":%d,\"removable\":%d", disk.readwrite,
                disk.is_cdrom, disk.removable);
        fputs(",\"backend_domname\":", out); json_cstr(out, disk.backend_domname);
        fprintf(out, ",\"direct_io_safe\":%s", disk.direct_io_safe ? "true" : "false");
        defbool(out, "discard_enable", disk.discard_enable);
        defbool(out, "colo_enable", disk.colo_enable);
        defbool(out, "trusted", disk.trusted);
        fprintf(out, ",\"specification\":%d", (int)disk.specification);
        fputs(",\"colo_host\":", out); json_cstr(out, disk.colo_host);
        fprintf(out, ",\"colo_port\":%d", disk.colo_port);
        fputs(",\"colo_export\":", out); json_cstr(out, disk.colo_export);
        fputs(",\"active_disk\":", out); json_cstr(out, disk.active_disk);
        fputs(",\"hidden_disk\":", out); json_cstr(out, disk.hidden_disk);
    }
    report_field(out, rbuf, rlen);
    fputs("}\n", out);
    xlu_cfg_destroy(cfg);
    fclose(report);
    free(rbuf);
}

static void do_rate(FILE *out, const char *data) {
    char *rbuf = 0; size_t rlen = 0;
    FILE *report = open_memstream(&rbuf, &rlen);
    XLU_Config *cfg = xlu_cfg_init(report, "rate");
    libxl_device_nic nic;
    libxl_device_nic_init(&nic);
    errno = 0;
    int e = xlu_vif_parse_rate(cfg, data, &nic);
    fflush(report);
    fprintf(out, "{\"ok\":%s,\"errno\":%d", e ? "false" : "true", e);
    if (!e)
        fprintf(out, ",\"rate_bytes_per_interval\":%llu,\"rate_interval_usecs\":%u",
                (unsigned long long)nic.rate_bytes_per_interval, nic.rate_interval_usecs);
    report_field(out, rbuf, rlen);
    fputs("}\n", out);
    xlu_cfg_destroy(cfg);
    fclose(report);
    free(rbuf);
}

static int bench(int rounds, int nfiles, char **files) {
    char **data = calloc(nfiles, sizeof(*data));
    size_t *len = calloc(nfiles, sizeof(*len));
    size_t total = 0;
    for (int i = 0; i < nfiles; i++) {
        FILE *f = fopen(files[i], "rb");
        if (!f) { perror(files[i]); return 2; }
        fseek(f, 0, SEEK_END);
        len[i] = (size_t)ftell(f);
        fseek(f, 0, SEEK_SET);
        data[i] = malloc(len[i] + 1);
        if (fread(data[i], 1, len[i], f) != len[i]) { perror(files[i]); return 2; }
        fclose(f);
    }
    FILE *devnull = fopen("/dev/null", "w");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < nfiles; i++) {
            XLU_Config *cfg = xlu_cfg_init(devnull, files[i]);
            xlu_cfg_readdata(cfg, data[i], (int)len[i]);
            xlu_cfg_destroy(cfg);
            total += len[i];
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("{\"bytes\":%zu,\"seconds\":%.9f}\n", total, secs);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "--bench")) return bench(atoi(argv[2]), argc - 3, argv + 3);
    char kind[16];
    size_t n;
    while (scanf("%15s %zu", kind, &n) == 2) {
        if (getchar() != '\n') return 2;
        char *data = malloc(n + 1);
        if (n && fread(data, 1, n, stdin) != n) return 2;
        data[n] = 0;
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            char *obuf = 0; size_t olen = 0;
            FILE *out = open_memstream(&obuf, &olen);
            if (!strcmp(kind, "cfg")) do_cfg(out, data, n);
            else if (!strcmp(kind, "disk")) do_disk(out, data, n);
            else if (!strcmp(kind, "rate")) do_rate(out, data);
            else fprintf(out, "{\"error\":\"unknown kind\"}\n");
            fclose(out);
            fwrite(obuf, 1, olen, stdout);
            fflush(stdout);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            printf("{\"crash\":%d}\n", WIFSIGNALED(status) ? WTERMSIG(status) : 256 + WEXITSTATUS(status));
        fflush(stdout);
        free(data);
    }
    return 0;
}
