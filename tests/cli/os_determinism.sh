# toyos: the same disk and input give the same console output and the same
# cycle count, run after run (timer, console and disk all act on the
# machine's cycle clock, never on host time).
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
boot tests/os/cases/session.in --stats
expect_rc 0
cp "$W/out" "$W/out1"
c1=$(sed -n 's/^cycles *//p' "$W/err")
boot tests/os/cases/session.in --stats
expect_rc 0
c2=$(sed -n 's/^cycles *//p' "$W/err")
[ -n "$c1" ] && [ "$c1" = "$c2" ] || die "cycle counts differ: $c1 vs $c2"
cmp -s "$W/out1" "$W/out" || die "console output differs between two runs"
# a rebuild, from a copy of the sources somewhere else, is byte-identical
# (the images record source names; they must not depend on the checkout)
mkdir -p "$W/some/other/place" && cp -r programs "$W/some/other/place/" || die "copy"
SIMMON="$SIMMON" sh "$W/some/other/place/programs/os/build.sh" "$SIMMON_DIR" "$W/os2" >"$W/build2.log" 2>&1 ||
    { cat "$W/build2.log"; die "second build failed"; }
cmp -s "$OS/disk.img" "$W/os2/disk.img" || die "two builds made different disks"
cmp -s "$OS/os.elf" "$W/os2/os.elf" || die "two builds made different kernels"
exit 0
