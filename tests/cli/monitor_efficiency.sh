# Popek-Goldberg EFFICIENCY: innocuous instructions run natively.  A loop
# ten times longer causes exactly the same exits apart from time slices:
# not one exit per iteration.
. "$(dirname "$0")/common.inc"
for n in 1000 10000; do
    cat > "$W/loop$n.s" <<S
_start: li   t0, $n
1:      add  a1, a1, t0
        xor  a2, a1, t0
        addi t0, t0, -1
        bnez t0, 1b
        li   t1, 0xF0003000
        sw   zero, 0(t1)
S
    "$SIMMON" run --vm "$W/loop$n.s" --stats --quantum 1000000 2>"$W/s$n" >/dev/null || die "loop $n failed"
    grep -E '^  (priv|shadow|page_fault|mmio|syscall|trap|irq) ' "$W/s$n" >"$W/e$n"
done
cmp -s "$W/e1000" "$W/e10000" || { diff "$W/e1000" "$W/e10000"; die "exits grow with the loop"; }
total=$(awk '{ s += $2 } END { print s }' "$W/e10000")
[ "$total" -le 5 ] || die "$total exits for a loop that needs about 3"
exit 0
