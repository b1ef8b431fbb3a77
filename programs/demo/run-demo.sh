#!/bin/sh
# The main job of `make demo`: two copies of the toy OS booted as guests of
# the trap-and-emulate monitor, each with a short scripted shell session,
# then the monitor's statistics.  Both guests run unmodified; each has its
# own memory, devices and disk; their console lines are prefixed.
B=${1:-build}
set -e
sh programs/os/build.sh "$B" "$B" >"$B/os-build.log" 2>&1 ||
    { cat "$B/os-build.log"; exit 1; }
echo "== simmon run --vm os.elf,... --vm os.elf,... --stats"
echo "   (two toy OS guests under the monitor; '[vm0]' and '[vm1]' mark their consoles)"
echo
"$B/simmon" run \
    --vm "$B/os.elf,name=vm0,disk=$B/disk.img,input-string=hello\\nforktree\\nsieve\\n" \
    --vm "$B/os.elf,name=vm1,disk=$B/disk.img,input-string=ls\\nspin\\ncrash_load\\n" \
    --stats
echo
echo "Each guest's virtual cycles are exactly what the same session costs bare; try:"
printf '  %s\n' "$B/simmon run --disk $B/disk.img --input-string 'hello\\nforktree\\nsieve\\n' --stats $B/os.elf"
