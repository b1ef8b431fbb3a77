# debug_vm.sh - `simmon debug --vm`: the debugger on guests under the
# monitor.  Its options (the --vm syntax of `simmon run`, refused mixes);
# the toy OS as a guest: break on the first VM exit after paging is on,
# step through it, see the shadow table fill beside the guest's tables;
# and the rule that makes the views trustworthy: inspecting at every step
# (info vm, info pt -s both, info exits, x) and stopping at every exit
# change neither the guest's output nor its instruction count nor its
# virtual cycles, which stay those of the bare machine.
. "$(dirname "$0")/common.inc"
P=tests/debugger/paging.s

# ---- options ------------------------------------------------------------------
expect_code 0 "$SIMMON" debug --help
expect_out "--vm IMAGE[,disk=F][,input=F|input-string=S][,ram=SIZE][,name=N][,out=F]"
expect_code 126 "$SIMMON" debug --vm
expect_out "--vm needs a value"
expect_code 126 "$SIMMON" debug --batch --vm tests/debugger/nosuch.s
expect_code 126 "$SIMMON" debug --batch --vm "$P,bogus=1"
expect_out "simmon debug: unknown --vm setting 'bogus'"
expect_code 126 "$SIMMON" debug --batch --vm "$P,disk"
expect_out "is not KEY=VALUE"
expect_code 126 "$SIMMON" debug --batch --vm ","
expect_out "--vm needs an IMAGE"
expect_code 126 "$SIMMON" debug --batch --vm "$P" "$P"
expect_out "give each guest's program and input in its --vm"
expect_code 126 "$SIMMON" debug --batch --vm "$P" --input-string x
expect_code 126 "$SIMMON" debug --batch --vm "$P" --disk "$W/d.img"
expect_out "give each guest's disk in its --vm"
expect_code 126 "$SIMMON" debug --batch --quantum 100 "$P"
expect_out "--quantum goes with --vm"
expect_code 126 "$SIMMON" debug --batch --vm "$P" --quantum 0
expect_code 126 "$SIMMON" debug --batch --vm "$P,ram=5000"
expect_out "multiple of 4 KiB"
set -- --vm "$P"
for i in 1 2 3 4 5 6 7 8; do set -- "$@" --vm "$P"; done
expect_code 126 "$SIMMON" debug --batch "$@"
expect_out "at most 8 guests"
# the machine options reach the real machine (the guests' TLBs follow it)
expect_code 0 "$SIMMON" debug --batch --tlb 4 --vm "$P" -ex continue -ex "info vm"
expect_out "virtual TLB   4 of 4 entries"
expect_out "[guest vm0 exited with status 0: 97 instructions, 226 virtual cycles]"
# a guest's console to a file (out=), input from the --vm
expect_code 0 "$SIMMON" debug --batch --vm "$P,out=$W/console.txt" -ex continue
[ "$(cat "$W/console.txt")" = "ok" ] || die "out= did not get the guest's console"
# run restarts the monitor at the boot state: the same exits again
expect_code 0 "$SIMMON" debug --batch --vm "$P" -ex continue -ex "info exits 1" -ex run -ex "info exits 1"
[ "$(grep -c '    25  ' "$W/out")" = 2 ] || { cat "$W/out"; die "run did not replay the same exits"; }

# dot draws either tree (the guest's in guest-physical, the shadow in host-physical)
expect_code 0 "$SIMMON" debug --batch --vm "$P" -ex "break handler" -ex continue \
    -ex "dot -s guest $W/guest.dot" -ex "dot -s shadow $W/shadow.dot"
expect_out "Wrote $W/guest.dot: 4 L2 tables, 6 rows"
expect_out "Wrote $W/shadow.dot: 2 L2 tables, 2 rows"
grep -q 'VA 0x00400000 → PA 0x00030000' "$W/guest.dot" || die "the guest's tree lacks its user page"
grep -q 'VA 0x00400000 → PA 0x00090000' "$W/shadow.dot" || die "the shadow tree lacks the user page's host frame"
if command -v dot >/dev/null 2>&1; then
    for f in guest shadow; do
        dot -Tsvg "$W/$f.dot" -o "$W/$f.svg" 2>"$W/err" || { cat "$W/err"; die "dot -Tsvg rejects $f.dot"; }
    done
fi

# ---- the toy OS as a guest ----------------------------------------------------------
OS=$W/os
sh programs/os/build.sh "$(dirname "$SIMMON")" "$OS" >"$W/build.log" 2>&1 || { cat "$W/build.log"; die "building toyos failed"; }
IN=tests/os/cases/hello.in
VM="$OS/os.elf,disk=$OS/disk.img,input=$IN"
cat >"$W/os.cmds" <<'C'
break vm_init
continue
finish
delete
catch exit shadow
continue
info exits 3
info pt -s both
stepi
info shadow $pc
delete
catch exit priv
continue
stepi
info vm
delete
continue
C
expect_code 0 "$SIMMON" debug --batch -x "$W/os.cmds" --vm "$VM"
expect_out "Breakpoint 1, 0x"
expect_out "Run till exit from"
# the first exit after paging is on: a shadow fill, from the guest's tables
grep -q "^Catchpoint 2 (VM exit [0-9]*, shadow: vm0 at 0x.* in kernel mode, address 0x.*: fill shadow entry from the guest's page table)" "$W/out" ||
    { sed -n '1,30p' "$W/out"; die "no shadow exit caught after paging on"; }
expect_out "VM exits; the last 3:"
expect_out "Guest vm0: its page tables beside the shadow table of its kernel space"
expect_out "  guest:  root 0x"
# beside the guest's tables: pages faulted in (W withheld: D still clear)
# and pages not in the shadow yet; never a mismatch
grep -q '^W-  0x' "$W/out" || die "no page filled in the shadow (W-) beside the guest's"
grep -q '^\*   0x' "$W/out" || die "no page missing from the shadow"
grep -q '!!' "$W/out" && die "a frame or permission mismatch between the guest's tables and the shadow"
expect_out "=> W-: W withheld until the guest's PTE has D"
expect_out "Catchpoint 3 (VM exit"
expect_out "emulate mfcr)"
expect_out "status    0x00000010  kernel mode  IE=0 PIE=0 PUM=0 PG=1 (paging on)"
expect_out "Hello, world!"
expect_out "[guest vm0 exited with status 0:"

# ---- looking does not change the guest -------------------------------------------------
# bare: the reference output, instructions and cycles
"$SIMMON" run --stats --disk "$OS/disk.img" --input "$IN" "$OS/os.elf" >"$W/bare.out" 2>"$W/bare.err" ||
    die "the bare run failed"
bi=$(sed -n 's/^instructions *//p' "$W/bare.err"); bc=$(sed -n 's/^cycles *//p' "$W/bare.err")
end_line() { grep '^\[guest vm0 exited' "$1"; }
ref="[guest vm0 exited with status 0: $bi instructions, $bc virtual cycles]"
# a plain continue
expect_code 0 "$SIMMON" debug --batch --vm "$OS/os.elf,disk=$OS/disk.img,input=$IN,out=$W/c1.txt" -ex continue
[ "$(end_line "$W/out")" = "$ref" ] || die "continue: '$(end_line "$W/out")', bare: '$ref'"
cmp -s "$W/bare.out" "$W/c1.txt" || die "continue: the guest's output differs from bare"
# stepping 3000 times with every view at every step, then stopping at each
# of 2000 exits, then breakpoints and a watchpoint, then to the end
{
    i=0
    while [ $i -lt 3000 ]; do
        echo "stepi"; echo "info vm"; echo "info pt -s both"; echo "info exits 3"; echo "x/2i \$pc"
        echo "info registers"; echo "info shadow \$pc"; echo "bt"
        i=$((i + 1))
    done
    echo "catch exit"
    i=0
    while [ $i -lt 2000 ]; do echo "continue"; echo "info pt -s both"; i=$((i + 1)); done
    echo "delete"
    echo "break console_init"
    echo "continue"
    echo "info vm"
    echo "delete"
    echo "continue"
} >"$W/look.cmds"
expect_code 0 "$SIMMON" debug --batch -x "$W/look.cmds" --vm "$OS/os.elf,disk=$OS/disk.img,input=$IN,out=$W/c2.txt"
[ "$(end_line "$W/out")" = "$ref" ] || die "inspecting: '$(end_line "$W/out")', bare: '$ref'"
cmp -s "$W/bare.out" "$W/c2.txt" || die "inspecting: the guest's output differs from bare"
grep -q '!!' "$W/out" && { grep -n -m3 '!!' "$W/out"; die "a shadow mismatch seen while stepping"; }
grep -q '^error:' "$W/out" && { grep -m3 '^error:' "$W/out"; die "a command failed while inspecting"; }
[ "$(grep -c '^Catchpoint 1 (VM exit [0-9]*, ' "$W/out")" = 2000 ] || die "not 2000 stops at VM exits"
expect_out "<console_init>"
grep -q '^Breakpoint 2, 0x[0-9a-f]* <console_init>' "$W/out" || die "the breakpoint after the exits was not hit"
# two copies of the OS time-shared: each ends as it does alone
expect_code 0 "$SIMMON" debug --batch --vm "$OS/os.elf,disk=$OS/disk.img,input=$IN,out=$W/a.txt,name=a" \
    --vm "$OS/os.elf,disk=$OS/disk.img,input=$IN,out=$W/b.txt,name=b" -ex "catch exit timer" \
    -ex "continue 50" -ex "info vm" -ex delete -ex continue
cmp -s "$W/bare.out" "$W/a.txt" || die "guest a's output differs from bare"
cmp -s "$W/bare.out" "$W/b.txt" || die "guest b's output differs from bare"
expect_out "[guest a exited with status 0: $bi instructions, $bc virtual cycles]"
expect_out "[guest b exited with status 0: $bi instructions, $bc virtual cycles]"
exit 0
