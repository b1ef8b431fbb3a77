# Popek-Goldberg RESOURCE CONTROL: beside each hostile guest (PTE at a
# frame it does not own, DMA past its memory, privileged instructions in
# every mode, a spin with interrupts and timer off), a victim guest prints
# exactly what it prints alone and ends with the same memory hash; each
# hostile guest ends as it ends bare.
. "$(dirname "$0")/common.inc"
dd if=/dev/zero of="$W/d.img" bs=512 count=8 2>/dev/null
victim=programs/demo/primes.s
"$SIMMON" run --vm "$victim,name=victim" --stats >"$W/alone.out" 2>"$W/alone.err" || die "victim alone failed"
hash=$(sed -n 's/^victim memory hash //p' "$W/alone.err")
[ -n "$hash" ] || die "no memory hash"
for h in pte:9 priv:0 dma:2 spin:running crash:crashed; do
    name=${h%%:*}; want=${h#*:}
    extra=""; [ "$name" = dma ] && extra=",disk=$W/d.img"
    "$SIMMON" run --max-cycles 3000000 --vm "$victim,name=victim" \
        --vm "tests/monitor/hostile_$name.s,name=evil$extra" --stats >"$W/two.out" 2>"$W/two.err"
    sed -n 's/^\[victim\] //p' "$W/two.out" >"$W/victim.out"
    cmp -s "$W/alone.out" "$W/victim.out" || die "$name: the victim's output changed"
    grep -q "^victim memory hash $hash\$" "$W/two.err" || die "$name: the victim's memory changed"
    grep -q "^victim *exited(0)" "$W/two.err" || die "$name: the victim did not finish"
    if [ "$want" = running ] || [ "$want" = crashed ]; then
        grep -q "^evil *$want" "$W/two.err" || die "$name: the hostile guest should be $want"
    else
        grep -q "^evil *exited($want)" "$W/two.err" || { grep "^evil" "$W/two.err"; die "$name: expected exit $want"; }
        "$SIMMON" run ${extra:+--disk "$W/d.img"} "tests/monitor/hostile_$name.s" >/dev/null 2>&1
        [ $? = "$want" ] || die "$name: bare run does not exit $want"
    fi
done
exit 0
