# toyos: booting without a usable disk stops with a message and exit
# status 1; a damaged directory entry is skipped with a warning.
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
"$SIMMON" run --max-cycles 10000000 --input-string 'hello\n' "$OS/os.elf" >"$W/out" 2>&1
rc=$?
expect_rc 1
expect_out "toyos: no disk: nothing to run"

head -c 4096 /dev/zero >"$W/zero.img"
"$SIMMON" run --max-cycles 10000000 --disk "$W/zero.img" "$OS/os.elf" >"$W/out" 2>&1
rc=$?
expect_rc 1
expect_out "toyos: the disk is not a valid SMFS disk"

"$SIMMON" mkdisk -o "$W/nosh.img" "$OS/user/hello.elf" >/dev/null 2>&1 || die mkdisk
"$SIMMON" run --max-cycles 10000000 --disk "$W/nosh.img" "$OS/os.elf" >"$W/out" 2>&1
rc=$?
expect_rc 1
expect_out "toyos: cannot run sh"

# entry 0 is crash_illegal (sorted): point it past the end of the disk
cp "$OS/disk.img" "$W/damaged.img"
printf '\377\377\000\000' | dd of="$W/damaged.img" bs=1 seek=$((512 + 24)) conv=notrunc 2>/dev/null
"$SIMMON" run --max-cycles 100000000 --disk "$W/damaged.img" --input-string 'ls\ncrash_illegal\nhello\n' \
    "$OS/os.elf" >"$W/out" 2>&1
rc=$?
expect_rc 0
expect_out "toyos: warning: a damaged directory entry is ignored"
expect_out "sh: crash_illegal: not found"
expect_out "Hello, world!"
grep -qx crash_illegal "$W/out" && die "ls listed the damaged entry"
exit 0
