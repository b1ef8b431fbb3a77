# debug_cli.sh - `simmon debug` as a command: its options (the machine
# options mirror `simmon run`), batch exit codes, -x/-ex in order, the
# plain loop on a pipe (Enter repeats step-like commands), load errors.
. "$(dirname "$0")/common.inc"
P=tests/debugger/frames.s
expect_code 0 "$SIMMON" debug --help
expect_out "usage: simmon debug [OPTIONS] PROGRAM"
expect_code 126 "$SIMMON" debug
expect_code 126 "$SIMMON" debug --bogus $P
expect_out "unknown option '--bogus'"
expect_code 126 "$SIMMON" debug --ram 3 $P
expect_code 126 "$SIMMON" debug --set nosuch=1 $P
expect_code 126 "$SIMMON" debug -x
expect_out "-x needs a value"
expect_code 126 "$SIMMON" debug $P $P
expect_code 126 "$SIMMON" debug --tui --batch $P
expect_code 126 "$SIMMON" debug --batch tests/debugger/nosuch.s
printf '_start: addi a0, a0,\n' >"$W/bad.s"
expect_code 126 "$SIMMON" debug --batch "$W/bad.s"
expect_out "bad.s:1:"
# batch: 0 when every command worked, 1 when one failed
expect_code 0 "$SIMMON" debug --batch -ex "stepi" -ex "print \$pc" $P
expect_out '$1 = 0x00001004 (4100) <_start+0x4>'
expect_code 1 "$SIMMON" debug --batch -ex "print nosuch" $P
expect_code 1 "$SIMMON" debug --batch -x "$W/missing.gdb" $P
expect_out "error: source: cannot read"
# -x and -ex run in command-line order
printf 'echo from-file\\n\n' >"$W/a.gdb"
expect_code 0 "$SIMMON" debug --batch -ex "echo first\\n" -x "$W/a.gdb" -ex "echo last\\n" $P
[ "$(tr '\n' ' ' <"$W/out")" = "first from-file last " ] || { cat "$W/out"; die "-x/-ex order"; }
# machine options reach the machine
expect_code 0 "$SIMMON" debug --batch --ram 1M --tlb 4 -ex 'print $sp' -ex 'info tlb' $P
expect_out '$1 = 0x00100000 (1048576)'
expect_out "TLB: 4 entries"
expect_code 0 "$SIMMON" debug --batch --set ram=2M -ex 'print $sp' $P
expect_out '$1 = 0x00200000 (2097152)'
cat >"$W/in.s" <<'A'
_start: li   t0, 0xF0000000
1:      lw   t1, 4(t0)
        andi t1, t1, 2
        beqz t1, 1b
        lw   a0, 8(t0)
        li   t0, 0xF0003000
        sw   a0, 0(t0)
A
expect_code 0 "$SIMMON" debug --batch --input-string 'A' -ex continue "$W/in.s"
expect_out "[program exited with status 65"
printf 'B' >"$W/input"
expect_code 0 "$SIMMON" debug --batch --input "$W/input" -ex continue "$W/in.s"
expect_out "[program exited with status 66"
# an ELF image works as well as a .s file (symbols and lines from the ELF)
expect_code 0 "$SIMMON" as $P -o "$W/f.elf"
expect_code 0 "$SIMMON" debug --batch -ex "break leaf" -ex run -ex bt "$W/f.elf"
expect_out "#1  0x00001068 in middle+0x18 (tests/debugger/frames.s:35)"
# the plain loop (stdin not a terminal): Enter repeats stepi; EOF ends
printf 'stepi\n\n\nprint $pc\n' | "$SIMMON" debug -q $P >"$W/out" 2>&1 || die "plain loop failed"
expect_out '$1 = 0x00001028 (4136) <outer+0x4>'
printf 'x/2xw _start\n\n' | "$SIMMON" debug -q $P >"$W/out" 2>&1
expect_out "0x00001008 <_start+0x8>:	0x21c40000	0x73400000"
printf 'quit\nprint 1\n' | "$SIMMON" debug -q $P >"$W/out" 2>&1
grep -q '^\$1' "$W/out" && die "commands after quit ran"
exit 0
