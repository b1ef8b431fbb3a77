#!/bin/sh
# build.sh - build toyos: the kernel, every user program, and a disk.
#
#   sh programs/os/build.sh BUILD OUTDIR
#
# BUILD is the simmon build directory (BUILD/simmon is used; set SIMMON
# to use another binary).  Writes
#   OUTDIR/os.elf          the kernel (programs/os/kernel.s and its includes)
#   OUTDIR/user/NAME.elf   each program of programs/user/NAME.s
#   OUTDIR/disk.img        an SMFS disk with all of them
# Then:  BUILD/simmon run --disk OUTDIR/disk.img OUTDIR/os.elf
#
# The sources are assembled from inside programs/ under relative names
# (os/kernel.s, user/hello.s): the images record their source file names
# for the debugger, and an absolute path would make the images, hence the
# disk's layout and every cycle count, depend on where the tree lives.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: sh programs/os/build.sh BUILD OUTDIR" >&2
    exit 2
fi
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
SIMMON=$(abs "${SIMMON:-$1/simmon}")
mkdir -p "$2/user"
OUT=$(cd "$2" && pwd)
cd "$(dirname "$0")/.."                 # programs/
"$SIMMON" as os/kernel.s -o "$OUT/os.elf"
for s in user/*.s; do
    "$SIMMON" as "$s" -o "$OUT/user/$(basename "$s" .s).elf"
done
"$SIMMON" mkdisk -o "$OUT/disk.img" "$OUT"/user/*.elf
