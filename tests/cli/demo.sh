# The demo program prints the primes below 100 and exits 0, with the same
# cycle count every run.
. "$(dirname "$0")/common.inc"
expect_code 0 "$SIMMON" run --stats programs/demo/primes.s
expect_out "Hello from SM32! The primes below 100:"
expect_out "2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71 73 79 83 89 97 "
c1=$(sed -n 's/^cycles *//p' "$W/out")
"$SIMMON" run --stats programs/demo/primes.s >"$W/out2" 2>&1
c2=$(sed -n 's/^cycles *//p' "$W/out2")
[ -n "$c1" ] && [ "$c1" = "$c2" ] || die "cycle counts differ: $c1 vs $c2"
exit 0
