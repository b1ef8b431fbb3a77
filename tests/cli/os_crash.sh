# toyos: a user program that faults is killed with one exact line and the
# shell carries on.  (The full output is also a golden case: crash.in.)
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
boot tests/os/cases/crash.in
expect_rc 0
for line in \
    'pid 2 (crash_load): killed: LOAD_FAULT at 0x00000000, pc 0x' \
    'pid 3 (crash_store): killed: STORE_FAULT at 0x400' \
    'pid 4 (crash_priv): killed: PRIV, pc 0x400' \
    'pid 5 (crash_illegal): killed: ILLEGAL, pc 0x400' \
    'pid 6 (crash_misaligned): killed: MISALIGNED at 0x40000002, pc 0x400' \
    'pid 7 (crash_jump): killed: FETCH_FAULT at 0x70000000, pc 0x70000000' \
    'pid 8 (crash_kmem): killed: LOAD_FAULT at 0x00001000, pc 0x400' \
    'pid 9 (crash_stack): killed: STORE_FAULT at 0x7fffbffc, pc 0x400'; do
    grep -q "^$line" "$W/out" || { cat "$W/out"; die "no line starting: $line"; }
done
[ "$(grep -c ': killed: ' "$W/out")" = 8 ] || die "expected 8 kill messages"
tail -2 "$W/out" | head -1 | grep -qx 'Hello, world!' || die "the shell did not carry on after the crashes"
exit 0
