# toyos: boots from reset to the shell and, with no input at all, halts
# cleanly (exit status 0): the banner, one prompt, a newline at end of input.
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
boot /dev/null
expect_rc 0
printf 'toyos: 16384 KiB RAM\n$ \n' >"$W/want"
cmp -s "$W/out" "$W/want" || { od -c "$W/out" | sed -n '1,10p'; die "unexpected boot output"; }
# other RAM sizes: the kernel sizes its tables from sp at boot
boot_string 'hello\n' --ram 6M
expect_rc 0
expect_out "toyos: 6144 KiB RAM"
grep -qx 'Hello, world!' "$W/out" || die "hello did not run with 6 MiB of RAM"
boot_string 'hello\nforkexit 20\n' --ram 256K
expect_rc 0
grep -qx 'Hello, world!' "$W/out" || die "hello did not run with 256 KiB of RAM"
expect_out "forkexit: no page lost"
# the smallest TLB still works (every access misses: a stress test of tlbi)
boot_string 'syscheck\nforktree\n' --tlb 1
expect_rc 0
expect_out "syscheck: all 41 checks passed"
expect_out "forktree: done"
exit 0
