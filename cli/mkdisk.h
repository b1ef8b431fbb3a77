/*
 * mkdisk.h - `simmon mkdisk`: make an SMFS disk image, the read-only file
 * system of the toy OS (programs/os/fs.s reads it; programs/os/README.md
 * describes it).
 *
 * Layout, in 512-byte sectors, every number a little-endian u32:
 *   sector 0       superblock {magic "SMFS", version 1, nfiles, total_sectors}
 *   sectors 1..k   directory: nfiles entries {char name[24], first_sector,
 *                  size_bytes}, name NUL-padded; k = ceil(nfiles * 32 / 512)
 *   then           each file, contiguous, starting on a sector boundary
 */
#ifndef SIMMON_MKDISK_H
#define SIMMON_MKDISK_H

#define SMFS_MAGIC        0x53464D53u   /* "SMFS" read as a little-endian u32 */
#define SMFS_VERSION      1u
#define SMFS_SECTOR       512u
#define SMFS_DIRENT_SIZE  32u
#define SMFS_NAME_FIELD   24u           /* bytes, NUL-padded */
#define SMFS_NAME_MAX     (SMFS_NAME_FIELD - 1)

/* simmon mkdisk -o DISK FILE...   |   simmon mkdisk --list DISK
 * Exit status 0, 1 (a file or name problem, with a message naming it), or
 * 2 (usage). */
int cmd_mkdisk(int argc, char **argv);

#endif
