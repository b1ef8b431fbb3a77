#!/bin/sh
# bench/os.sh - the toy OS workloads, bare and as a guest of the monitor.
# Cycles are deterministic (virtual = bare exactly; real = guest + monitor);
# host figures are best of 3.  "host us/exit" is the host time virtualization
# added, divided by the number of VM exits: (host_vm - host_bare) / exits.
B=${1:-build}
cd "$(dirname "$0")/.." || exit 1
sh programs/os/build.sh "$B" "$B" >/dev/null 2>&1 || { echo "building the OS failed"; exit 1; }
best() {  # best host seconds of 3 runs of "$@"; leaves the last stderr in $B/bench.err
    b=""
    for i in 1 2 3; do
        "$@" >/dev/null 2>"$B/bench.err"
        t=$(sed -n 's/^host seconds *\([0-9.]*\).*/\1/p' "$B/bench.err")
        if [ -z "$b" ] || awk "BEGIN{exit !($t < $b)}"; then b=$t; fi
    done
    echo "$b"
}
echo
echo "toy OS workloads (forkexit: 300 forks and exits; sieve: primes below 30000)"
printf '%-10s %12s %12s %12s %8s %8s %9s %9s %10s\n' workload "bare cyc" "virtual cyc" "real cyc" ratio exits "bare MIPS" "vm MIPS" "host us/exit"
for w in "forkexit:forkexit 300" "sieve:sieve"; do
    name=${w%%:*}; cmd=${w#*:}
    in="$cmd\n"
    tb=$(best "$B/simmon" run --stats --host-time --disk "$B/disk.img" --input-string "$in" "$B/os.elf")
    bc=$(sed -n 's/^cycles *//p' "$B/bench.err"); bi=$(sed -n 's/^instructions *//p' "$B/bench.err")
    tv=$(best "$B/simmon" run --stats --host-time --vm "$B/os.elf,disk=$B/disk.img,input-string=$in")
    vc=$(awk '$1 == "vm0" && $2 != "memory" { print $4 }' "$B/bench.err")
    rc=$(sed -n 's/.*real cycles \([0-9]*\).*/\1/p' "$B/bench.err")
    ex=$(sed -n 's/^exits  *\([0-9][0-9]*\)$/\1/p' "$B/bench.err")
    awk -v n="$name" -v bc="$bc" -v vc="$vc" -v rc="$rc" -v ex="$ex" -v tb="$tb" -v tv="$tv" -v bi="$bi" 'BEGIN {
        printf "%-10s %12s %12s %12s %7.2fx %8s %9.0f %9.0f %10.3f\n", n, bc, vc, rc, rc / vc, ex,
               bi / tb / 1e6, bi / tv / 1e6, (tv - tb) / ex * 1e6 }'
done
