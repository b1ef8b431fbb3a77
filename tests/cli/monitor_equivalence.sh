# Popek-Goldberg EQUIVALENCE, to the cycle: every conformance and
# exact-cycle program, run bare and as a guest under the monitor, ends with
# the same exit status, and the guest's VIRTUAL cycle count equals the
# bare cycle count (the monitor's time accounting is exact).  leaky.s is
# left out: it needs --isa=leaky, where equivalence must fail
# (monitor_leaky.sh).
. "$(dirname "$0")/common.inc"
n=0
for f in tests/isa/*.s tests/cycles/*.s; do
    case "$f" in *leaky.s) continue ;; esac
    args=$(sed -n 's/^#[[:space:]]*simmon-args:[[:space:]]*//p' "$f" | head -1)
    "$SIMMON" run --stats --max-cycles 50000000 $args "$f" >"$W/bare.out" 2>"$W/bare.err"
    bs=$?
    "$SIMMON" run $args --vm "$f" --stats --max-cycles 400000000 >"$W/vm.out" 2>"$W/vm.err"
    vs=$?
    bc=$(sed -n 's/^cycles *//p' "$W/bare.err")
    vc=$(awk '$1 == "vm0" && $2 != "memory" { print $4 }' "$W/vm.err")
    [ "$bs" = "$vs" ] || die "$f: exit status bare $bs, under the monitor $vs"
    [ -n "$bc" ] && [ "$bc" = "$vc" ] || die "$f: cycles bare $bc, virtual $vc"
    cmp -s "$W/bare.out" "$W/vm.out" || die "$f: console output differs"
    n=$((n + 1))
done
[ "$n" -ge 25 ] || die "only $n programs checked"
exit 0
