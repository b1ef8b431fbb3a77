/*
 * mkdisk.c - `simmon mkdisk`: pack programs into an SMFS disk image for
 * the toy OS, and list what an image holds.
 *
 *   simmon mkdisk -o disk.img build/os/user/sh.elf build/os/user/hello.elf
 *   simmon mkdisk --list disk.img
 *
 * Owns: the SMFS writer (the format is in mkdisk.h; the reader is the
 * guest's programs/os/fs.s).  Each file is stored under its base name
 * without a ".elf" suffix ("build/hello.elf" -> "hello"), which is the
 * name the OS's exec and the shell use.
 *
 * The output is a function of the files' names and contents only: entries
 * are sorted by name (so the argument order does not matter), padding is
 * zeros, and nothing from the host (times, owners) is stored.  Every
 * problem is found before anything is written: a missing file, a name too
 * long for the 24-byte field or with characters the shell cannot type, two
 * files with the same name, an image beyond the disk's 1 GiB limit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/mkdisk.h"
#include "devices/disk.h"

_Static_assert(SMFS_SECTOR == DISK_SECTOR_SIZE, "SMFS sectors are the disk's sectors");
_Static_assert(SMFS_SECTOR % SMFS_DIRENT_SIZE == 0, "directory entries never straddle sectors");

static const char mkdisk_usage[] =
    "usage: simmon mkdisk -o DISK.img FILE...   pack FILEs into an SMFS disk image\n"
    "       simmon mkdisk --list DISK.img       list the files of an image\n"
    "Each FILE is stored as its base name without \".elf\" (23 characters at most,\n"
    "letters, digits, '.', '_', '-'); entries are sorted by name.\n";

struct entry {
    const char *path;
    char name[SMFS_NAME_FIELD];
    uint8_t *data;
    uint32_t size;
    uint32_t first;          /* first sector */
};

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Read a whole file; false with errno set on failure. */
static bool slurp(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            if (cap > DISK_MAX_IMAGE) {        /* bigger than any disk: stop */
                errno = EFBIG;
                free(buf);
                buf = NULL;
                break;
            }
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int read_error = ferror(f);
    fclose(f);
    if (!buf || read_error) {
        if (read_error)
            errno = EIO;
        free(buf);
        return false;
    }
    *data = buf;
    *len = n;
    return true;
}

/* "dir/hello.elf" -> "hello"; false (with a message) if the name cannot
 * be stored. */
static bool entry_name(const char *path, char name[SMFS_NAME_FIELD])
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len >= 4 && strcmp(base + len - 4, ".elf") == 0)
        len -= 4;
    if (len == 0) {
        fprintf(stderr, "simmon mkdisk: '%s': no name left once '.elf' is removed\n", path);
        return false;
    }
    if (len > SMFS_NAME_MAX) {
        fprintf(stderr, "simmon mkdisk: '%s': name '%.*s' is too long (%zu characters, at most %u)\n",
                path, (int)len, base, len, (unsigned)SMFS_NAME_MAX);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)base[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) {
            fprintf(stderr, "simmon mkdisk: '%s': name '%.*s' has a character the shell cannot "
                    "type (use letters, digits, '.', '_', '-')\n", path, (int)len, base);
            return false;
        }
    }
    memset(name, 0, SMFS_NAME_FIELD);
    memcpy(name, base, len);
    return true;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static uint64_t sectors_for(uint64_t bytes) { return (bytes + SMFS_SECTOR - 1) / SMFS_SECTOR; }

static void free_entries(struct entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(e[i].data);
    free(e);
}

static int make_disk(const char *out, char **paths, size_t n)
{
    struct entry *e = calloc(n, sizeof *e);
    if (!e) {
        fprintf(stderr, "simmon mkdisk: out of memory\n");
        return 1;
    }
    int status = 0;
    for (size_t i = 0; i < n; i++) {
        e[i].path = paths[i];
        if (!entry_name(paths[i], e[i].name)) {
            status = 1;
            continue;
        }
        size_t len;
        if (!slurp(paths[i], &e[i].data, &len)) {
            fprintf(stderr, "simmon mkdisk: cannot read '%s': %s\n", paths[i], strerror(errno));
            status = 1;
            continue;
        }
        if (len > DISK_MAX_IMAGE) {
            fprintf(stderr, "simmon mkdisk: '%s' is too big for a disk (%zu bytes)\n", paths[i], len);
            status = 1;
            continue;
        }
        e[i].size = (uint32_t)len;
    }
    if (status) {
        free_entries(e, n);
        return status;
    }
    qsort(e, n, sizeof *e, by_name);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(e[i - 1].name, e[i].name) == 0) {
            fprintf(stderr, "simmon mkdisk: two files named '%s': '%s' and '%s'\n",
                    e[i].name, e[i - 1].path, e[i].path);
            status = 1;
        }
    }
    if (status) {
        free_entries(e, n);
        return status;
    }

    uint64_t next = 1 + sectors_for((uint64_t)n * SMFS_DIRENT_SIZE);
    for (size_t i = 0; i < n; i++) {
        e[i].first = (uint32_t)(next > UINT32_MAX ? UINT32_MAX : next);
        next += sectors_for(e[i].size);
        if (next * SMFS_SECTOR > DISK_MAX_IMAGE)
            break;
    }
    if (next * SMFS_SECTOR > DISK_MAX_IMAGE) {
        fprintf(stderr, "simmon mkdisk: the files do not fit on a disk (at most %u MiB)\n",
                (unsigned)(DISK_MAX_IMAGE >> 20));
        free_entries(e, n);
        return 1;
    }
    size_t total = (size_t)next;
    uint8_t *img = calloc(total, SMFS_SECTOR);
    if (!img) {
        fprintf(stderr, "simmon mkdisk: out of memory for %zu sectors\n", total);
        free_entries(e, n);
        return 1;
    }
    put32(img + 0, SMFS_MAGIC);
    put32(img + 4, SMFS_VERSION);
    put32(img + 8, (uint32_t)n);
    put32(img + 12, (uint32_t)total);
    for (size_t i = 0; i < n; i++) {
        uint8_t *d = img + SMFS_SECTOR + i * SMFS_DIRENT_SIZE;
        memcpy(d, e[i].name, SMFS_NAME_FIELD);
        put32(d + SMFS_NAME_FIELD, e[i].first);
        put32(d + SMFS_NAME_FIELD + 4, e[i].size);
        if (e[i].size)
            memcpy(img + (size_t)e[i].first * SMFS_SECTOR, e[i].data, e[i].size);
    }
    free_entries(e, n);

    FILE *f = fopen(out, "wb");
    if (!f) {
        fprintf(stderr, "simmon mkdisk: cannot create '%s': %s\n", out, strerror(errno));
        free(img);
        return 1;
    }
    size_t wrote = fwrite(img, SMFS_SECTOR, total, f);
    int close_error = fclose(f);
    free(img);
    if (wrote != total || close_error) {
        fprintf(stderr, "simmon mkdisk: cannot write '%s': %s\n", out, strerror(errno));
        remove(out);
        return 1;
    }
    return 0;
}

/* --list: check an image the way the OS would and print its directory. */
static int list_disk(const char *path)
{
    uint8_t *img;
    size_t len;
    if (!slurp(path, &img, &len)) {
        fprintf(stderr, "simmon mkdisk: cannot read '%s': %s\n", path, strerror(errno));
        return 1;
    }
    int status = 0;
    if (len < SMFS_SECTOR || get32(img) != SMFS_MAGIC || get32(img + 4) != SMFS_VERSION) {
        fprintf(stderr, "simmon mkdisk: '%s' is not an SMFS disk (version %u)\n", path,
                (unsigned)SMFS_VERSION);
        free(img);
        return 1;
    }
    uint32_t n = get32(img + 8), total = get32(img + 12);
    uint64_t dir_end = SMFS_SECTOR + (uint64_t)n * SMFS_DIRENT_SIZE;
    if (dir_end > len || (uint64_t)total * SMFS_SECTOR > len) {
        fprintf(stderr, "simmon mkdisk: '%s' is truncated: %u files, %u sectors, but %zu bytes\n",
                path, n, total, len);
        free(img);
        return 1;
    }
    printf("%s: %u files, %u sectors\n", path, n, total);
    printf("  %-23s %10s %8s\n", "name", "bytes", "sector");
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *d = img + SMFS_SECTOR + (size_t)i * SMFS_DIRENT_SIZE;
        uint32_t first = get32(d + SMFS_NAME_FIELD), size = get32(d + SMFS_NAME_FIELD + 4);
        bool named = memchr(d, 0, SMFS_NAME_FIELD) != NULL;
        bool inside = (uint64_t)first + sectors_for(size) <= total;
        printf("  %-23.*s %10u %8u%s\n", (int)SMFS_NAME_MAX, (const char *)d, size, first,
               !named ? "  (name not terminated)" : !inside ? "  (beyond the disk)" : "");
        if (!named || !inside)
            status = 1;
    }
    free(img);
    return status;
}

int cmd_mkdisk(int argc, char **argv)
{
    const char *out = NULL;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t n = 0;
    if (!files)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(mkdisk_usage, stdout);
            free(files);
            return 0;
        }
        if (strcmp(argv[i], "--list") == 0 || strcmp(argv[i], "-l") == 0) {
            if (i + 2 != argc) {
                fputs(mkdisk_usage, stderr);
                free(files);
                return 2;
            }
            free(files);
            return list_disk(argv[i + 1]);
        }
        if (strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc || out) {
                fprintf(stderr, "simmon mkdisk: %s\n%s", out ? "-o given twice" : "-o needs a file name",
                        mkdisk_usage);
                free(files);
                return 2;
            }
            out = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "simmon mkdisk: unknown option '%s'\n%s", argv[i], mkdisk_usage);
            free(files);
            return 2;
        } else {
            files[n++] = argv[i];
        }
    }
    if (!out || n == 0) {
        fprintf(stderr, "simmon mkdisk: %s\n%s", !out ? "no output file (-o DISK.img)" : "no input files",
                mkdisk_usage);
        free(files);
        return 2;
    }
    int status = make_disk(out, files, n);
    free(files);
    return status;
}
