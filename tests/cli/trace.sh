# --trace: one line per retired instruction, byte-identical across runs,
# and tracing does not change the cycle count.
. "$(dirname "$0")/common.inc"
cat > "$W/p.s" <<'S'
_start: li   a0, 5
1:      addi a0, a0, -1
        bnez a0, 1b
        li   t0, 0xF0003000
        sw   zero, 0(t0)
S
"$SIMMON" run --trace --stats "$W/p.s" 2>"$W/t1" >/dev/null || die "traced run failed"
"$SIMMON" run --trace --stats "$W/p.s" 2>"$W/t2" >/dev/null || die "traced run failed"
cmp -s "$W/t1" "$W/t2" || die "two traces differ"
"$SIMMON" run --stats "$W/p.s" 2>"$W/plain" >/dev/null
c1=$(sed -n 's/^cycles *//p' "$W/t1"); c2=$(sed -n 's/^cycles *//p' "$W/plain")
[ "$c1" = "$c2" ] || die "cycles with trace $c1, without $c2"
[ "$c1" = 27 ] || die "expected 27 cycles, got $c1"   # 1 + 5 + 4*2 + 1 + 2 + 10
n=$(grep -c '^ *[0-9]* *0000' "$W/t1")
[ "$n" = 14 ] || die "expected 14 trace lines, got $n"
grep -q '^         0  00001000: 21400005  addi    a0, zero, 5 *a0 = 0x00000005$' "$W/t1" \
    || { head -3 "$W/t1"; die "first trace line not as expected"; }
# every trace class, on a program with interrupts and device events:
# byte-identical across runs
"$SIMMON" run --trace=all tests/isa/interrupts.s 2>"$W/a1" >/dev/null || die "interrupts.s failed"
"$SIMMON" run --trace=all tests/isa/interrupts.s 2>"$W/a2" >/dev/null || die "interrupts.s failed"
cmp -s "$W/a1" "$W/a2" || die "two --trace=all runs differ"
grep -q "! trap IRQ_TIMER" "$W/a1" || die "no timer interrupt in the trace"
grep -q "dev     irq line 2 raised" "$W/a1" || die "no disk interrupt line in the trace"
"$SIMMON" run --trace=mmu tests/isa/mmu.s 2>"$W/m" >/dev/null || die "mmu.s failed"
grep -q "mmu     tlb miss: " "$W/m" || die "no TLB miss in the mmu trace"
grep -q "mmu     tlb flush: " "$W/m" || die "no TLB flush in the mmu trace"
exit 0
