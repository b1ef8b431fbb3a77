# toyos: 1000 fork/exit/wait cycles give back every physical page
# (forkexit compares freepages() before and after), and so do a failed
# exec, a killed process and sbrk (checked with `free` around them).
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
boot_string 'forkexit\n'
expect_rc 0
line=$(grep '^forkexit: 1000 children' "$W/out") || { cat "$W/out"; die "forkexit did not finish"; }
before=$(echo "$line" | sed 's/.*before \([0-9]*\), after.*/\1/')
after=$(echo "$line" | sed 's/.*after \([0-9]*\)$/\1/')
[ -n "$before" ] && [ "$before" = "$after" ] || die "pages lost: $line"
expect_out "forkexit: no page lost"
boot_string 'free\nnosuch\ncrash_load\nsieve\nsyscheck\nforktree\nfree\n'
expect_rc 0
[ "$(grep -c '^free: ' "$W/out")" = 2 ] || die "free did not run twice"
[ "$(grep '^free: ' "$W/out" | uniq | wc -l)" = 1 ] || { grep '^free: ' "$W/out"; die "free pages changed"; }
exit 0
