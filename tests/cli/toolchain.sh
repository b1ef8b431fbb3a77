# as -> dis -> readelf: the image is a valid ELF, the listing resolves
# symbols, assembler errors name file:line:col with a caret.
. "$(dirname "$0")/common.inc"
cat > "$W/p.s" <<'S'
        .text
_start: li   a0, 3
loop:   addi a0, a0, -1
        bnez a0, loop
        call done
done:   halt
        .data
msg:    .asciz "hi"
S
expect_code 0 "$SIMMON" as "$W/p.s" -o "$W/p.elf"
if command -v readelf >/dev/null; then
    readelf -a "$W/p.elf" >"$W/re" 2>"$W/re.err" || die "readelf failed"
    [ -s "$W/re.err" ] && { cat "$W/re.err"; die "readelf printed warnings"; }
    grep -q "ELF32" "$W/re" || die "readelf: not ELF32"
    grep -q "_start" "$W/re" || die "readelf: no _start symbol"
fi
expect_code 0 "$SIMMON" dis -l "$W/p.elf"
expect_out "<_start>:"
expect_out "<loop>:"
expect_out "bne     a0, zero, 0x00001004 <loop>"
expect_out "jal     ra, 0x00001010 <done>"
expect_out "p.s:3"
printf '_start: addi a0, a0, 70000\n' > "$W/bad.s"
expect_code 1 "$SIMMON" as "$W/bad.s" -o "$W/bad.elf"
expect_out "bad.s:1:"
expect_out "error:"
expect_out "does not fit in 16 bits"
grep -q '^ *\^' "$W/out" || die "no caret line"
[ -e "$W/bad.elf" ] && die "an image was written despite errors"
exit 0
