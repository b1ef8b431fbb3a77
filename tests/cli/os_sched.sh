# toyos: preemptive round-robin.  spin runs two CPU-bound processes that
# never yield ('A' the parent, 'B' the child): only the timer can switch
# between them.  Both must make progress early (each letter at least K
# times in the first M cycles of spin's run) and all along (no run of one
# letter longer than a time slice or two allows).
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
boot_string 'spin\n'
expect_rc 0
letters=$(grep -E '^[AB]+$' "$W/out" | tr -d '\n')
[ "$(printf %s "$letters" | tr -cd A | wc -c)" = 30 ] || die "expected 30 A's: $letters"
[ "$(printf %s "$letters" | tr -cd B | wc -c)" = 30 ] || die "expected 30 B's: $letters"
longest=$(printf %s "$letters" | fold -w1 | uniq -c | awk '$1 > m { m = $1 } END { print m }')
[ "$longest" -le 5 ] || die "a process ran $longest letters without being preempted: $letters"
# the first M cycles: boot (about 0.4M cycles) plus 250000 cycles of spin
boot_string 'spin\n' --max-cycles 650000
expect_rc 124
letters=$(grep -E '^[AB]+$' "$W/out" | tr -d '\n')
a=$(printf %s "$letters" | tr -cd A | wc -c)
b=$(printf %s "$letters" | tr -cd B | wc -c)
[ "$a" -ge 8 ] && [ "$b" -ge 8 ] || die "unfair in the first cycles: $a A's, $b B's"
exit 0
