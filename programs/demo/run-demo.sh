#!/bin/sh
# The demo of `make demo`: assemble a program, show a piece of its
# disassembly, run it with statistics.  (The monitor's issue turns this
# into the toy OS booting under the monitor.)
B=${1:-build}
set -e
echo "== simmon as programs/demo/primes.s -o $B/primes.elf"
"$B/simmon" as programs/demo/primes.s -o "$B/primes.elf"
echo "== simmon dis $B/primes.elf  (first lines)"
"$B/simmon" dis "$B/primes.elf" | sed -n '1,14p'
echo "   ..."
echo "== simmon run --stats $B/primes.elf"
"$B/simmon" run --stats "$B/primes.elf"
