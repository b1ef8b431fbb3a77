# debug_reverse.sh - reverse execution gives back exactly the states of the
# forward run.  Step forward recording `info state` (pc, cycles, instret,
# registers, control registers, TLB, a hash of RAM) after every step, then
# step back one at a time (and N at a time, and with reverse-continue)
# and compare with the recording.  Small snapshot intervals and a tiny
# snapshot budget make re-execution cross snapshots and thinning.
. "$(dirname "$0")/common.inc"
# states FILE: one line per `info state` block, in order
states() {
    awk '/^pc 0x/ { if (s != "") print s; s = $0; next }
         /^(regs|cr  |tlb  |ram-hash)/ { s = s " | " $0 }
         END { if (s != "") print s }' "$1"
}
prog=tests/debugger/paging.s
N=99
{
    echo "set reverse-interval 10"
    echo "set reverse-snapshots 3"
    echo "info state"
    i=0; while [ $i -lt $N ]; do echo "stepi"; echo "info state"; i=$((i + 1)); done
    echo "reverse-stepi 37"
    echo "info state"
    echo "stepi 37"
    i=0; while [ $i -lt $N ]; do echo "reverse-stepi"; echo "info state"; i=$((i + 1)); done
    echo "reverse-stepi"
} >"$W/rev.cmds"
"$SIMMON" debug --batch --ram 4M -x "$W/rev.cmds" "$prog" >"$W/rev.out" 2>&1 || { tail -5 "$W/rev.out"; die "debugger failed"; }
states "$W/rev.out" >"$W/all"
total=$(wc -l <"$W/all")
[ "$total" -eq $((2 * N + 2)) ] || die "expected $((2 * N + 2)) states, got $total"
grep -q 'cycles 226 ' "$W/all" || die "the forward run did not reach the end (cycle 226)"
sed -n "1,$((N + 1))p" "$W/all" >"$W/fwd"            # states 0..N
k=0
while [ $k -lt $N ]; do                               # after j reverse steps: state N-j
    want=$(sed -n "$((N - k))p" "$W/fwd")
    got=$(sed -n "$((N + 3 + k))p" "$W/all")
    [ "$want" = "$got" ] || die "after $((k + 1)) reverse-stepi: state differs
  forward: $want
  reverse: $got"
    k=$((k + 1))
done
want=$(sed -n "$((N + 1 - 37))p" "$W/fwd")
got=$(sed -n "$((N + 2))p" "$W/all")
[ "$want" = "$got" ] || die "reverse-stepi 37 from the end: state differs
  forward: $want
  reverse: $got"
tail -3 "$W/rev.out" | grep -q "No more reverse-execution history" || die "no end-of-history message"

# reverse-continue: back to the previous breakpoint hit and caught trap
cat >"$W/rc.cmds" <<'C'
break handler
continue
info state
continue
info state
delete
catch trap LOAD_FAULT
continue
reverse-continue
info state
delete
break handler
reverse-continue
info state
reverse-continue
info state
reverse-continue
C
"$SIMMON" debug --batch --ram 4M -x "$W/rc.cmds" "$prog" >"$W/rc.out" 2>&1 || die "debugger failed (rc)"
states "$W/rc.out" >"$W/rcs"
[ "$(wc -l <"$W/rcs")" -eq 5 ] || { cat "$W/rc.out"; die "expected 5 states"; }
h1=$(sed -n 1p "$W/rcs"); h2=$(sed -n 2p "$W/rcs")
[ "$h1" != "$h2" ] || die "the two handler hits look the same"
[ "$(sed -n 3p "$W/rcs")" = "$h2" ] || die "reverse-continue to a caught trap from the end: wrong state"
[ "$(sed -n 4p "$W/rcs")" = "$h1" ] || die "reverse-continue to the previous breakpoint hit: wrong state"
sed -n 5p "$W/rcs" | grep -q '^pc 0x00001000  cycles 0  instret 0 ' ||
    die "reverse-continue with no earlier stop must go back to the start of the history"
grep -q "No more reverse-execution history" "$W/rc.out" || die "no end-of-history message (rc)"

# a longer run with the default settings: thousands of instructions
cat >"$W/long.cmds" <<'C'
set reverse-interval 300
set reverse-snapshots 8
break putnum
continue 12
delete
info state
stepi 700
reverse-stepi 700
info state
continue
reverse-stepi 1
info state
stepi
info state
C
"$SIMMON" debug --batch --ram 4M -x "$W/long.cmds" programs/demo/primes.s >"$W/long.out" 2>&1 || die "debugger failed (long)"
states "$W/long.out" >"$W/ls"
[ "$(sed -n 1p "$W/ls")" = "$(sed -n 2p "$W/ls")" ] || die "reverse-stepi 700: state differs"
grep -q 'exited with status 0' "$W/long.out" || die "primes did not finish"
[ "$(sed -n 3p "$W/ls")" != "$(sed -n 4p "$W/ls")" ] || die "one reverse step changed nothing"
exit 0
