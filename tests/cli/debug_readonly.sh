# debug_readonly.sh - the debugger's reads never change the machine: the
# same programs stepped with and without heavy inspection at every step
# (x through the MMU, info pt, translate, info tlb, info mem, bt, info cr,
# x/i, xp) go through exactly the same instructions with the same cycle
# counts, and end in the same state (registers, control registers, RAM).
. "$(dirname "$0")/common.inc"
for prog in tests/debugger/paging.s tests/debugger/frames.s; do
    plain=$W/plain.cmds
    heavy=$W/heavy.cmds
    : >"$plain"
    : >"$heavy"
    i=0
    while [ $i -lt 130 ]; do
        echo "stepi" >>"$plain"
        echo 'print $cycles' >>"$plain"
        cat >>"$heavy" <<'C'
x/8xw $sp
x/4xw 0x00400000
x/2i $pc
xp/4xw 0x10000
info pt
info pt $pc
translate $pc
translate 0x00c00000
info tlb
info mem
info cr
backtrace
x/s 0x2000
stepi
print $cycles
C
        i=$((i + 1))
    done
    echo "info state" >>"$plain"
    echo "info stats" >>"$plain"
    echo "info state" >>"$heavy"
    echo "info stats" >>"$heavy"
    "$SIMMON" debug --batch -x "$plain" "$prog" >"$W/p.out" 2>&1
    "$SIMMON" debug --batch -x "$heavy" "$prog" >"$W/h.out" 2>&1
    # the trace: each stop's instruction line and each cycle count, in order
    # (x/i lines, "=> ADDR:<TAB>WORD<TAB>insn", are the inspection's own)
    for k in p h; do
        grep -E '^(=> |\$[0-9]+ = |pc |regs|cr  |ram-hash|cycles|instructions|tlb)' "$W/$k.out" |
            grep -v -E ':	[0-9a-f]{8}	' >"$W/$k.trace"
    done
    n=$(grep -c '^=> ' "$W/p.trace")
    [ "$n" -ge 90 ] || { head -20 "$W/p.out"; die "$prog: only $n steps traced"; }
    grep -q '^ram-hash' "$W/p.trace" || die "$prog: no final state"
    if ! cmp -s "$W/p.trace" "$W/h.trace"; then
        diff -u "$W/p.trace" "$W/h.trace" | sed -n '1,40p'
        die "$prog: inspection changed the run"
    fi
done
exit 0
