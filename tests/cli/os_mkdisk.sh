# simmon mkdisk: the SMFS layout byte by byte, deterministic output, and a
# clear message and exit status for every mistake (nothing written then).
. "$(dirname "$0")/common.inc"
"$SIMMON" as programs/user/hello.s -o "$W/hello.elf" || die "as hello"
"$SIMMON" as programs/user/sh.s -o "$W/sh.elf" || die "as sh"
u32() { od -A n -t u4 -j "$2" -N 4 "$1" | tr -d ' '; }   # u32 FILE OFFSET

# usage errors: exit 2
expect_code 2 "$SIMMON" mkdisk
expect_code 2 "$SIMMON" mkdisk "$W/hello.elf"
expect_out "no output file"
expect_code 2 "$SIMMON" mkdisk -o "$W/d.img"
expect_out "no input files"
expect_code 2 "$SIMMON" mkdisk -o "$W/d.img" --bogus "$W/hello.elf"
expect_out "unknown option '--bogus'"
expect_code 0 "$SIMMON" mkdisk --help
expect_out "usage: simmon mkdisk"

# file and name errors: exit 1, naming the culprit, no image left behind
expect_code 1 "$SIMMON" mkdisk -o "$W/d.img" "$W/hello.elf" "$W/missing.elf"
expect_out "cannot read '$W/missing.elf': No such file or directory"
cp "$W/hello.elf" "$W/abcdefghijklmnopqrstuvwx.elf"           # 24 characters
expect_code 1 "$SIMMON" mkdisk -o "$W/d.img" "$W/abcdefghijklmnopqrstuvwx.elf"
expect_out "name 'abcdefghijklmnopqrstuvwx' is too long (24 characters, at most 23)"
cp "$W/hello.elf" "$W/bad name.elf"
expect_code 1 "$SIMMON" mkdisk -o "$W/d.img" "$W/bad name.elf"
expect_out "name 'bad name' has a character the shell cannot type"
cp "$W/hello.elf" "$W/.elf"
expect_code 1 "$SIMMON" mkdisk -o "$W/d.img" "$W/.elf"
expect_out "no name left"
mkdir "$W/other" && cp "$W/sh.elf" "$W/other/hello.elf"
expect_code 1 "$SIMMON" mkdisk -o "$W/d.img" "$W/hello.elf" "$W/sh.elf" "$W/other/hello.elf"
expect_out "two files named 'hello'"
[ ! -e "$W/d.img" ] || die "an image was written despite the errors"
expect_code 1 "$SIMMON" mkdisk -o "$W/no/such/dir/d.img" "$W/hello.elf"
expect_out "cannot create '$W/no/such/dir/d.img'"

# the layout: superblock, sorted directory, files on sector boundaries
cp "$W/hello.elf" "$W/abcdefghijklmnopqrstuvw.elf"            # 23: the longest
expect_code 0 "$SIMMON" mkdisk -o "$W/d.img" "$W/sh.elf" "$W/hello.elf" "$W/abcdefghijklmnopqrstuvw.elf"
[ "$(u32 "$W/d.img" 0)" = 1397116243 ] || die "bad magic"          # 0x53464D53
[ "$(u32 "$W/d.img" 4)" = 1 ] || die "bad version"
[ "$(u32 "$W/d.img" 8)" = 3 ] || die "nfiles is not 3"
total=$(u32 "$W/d.img" 12)
[ "$(wc -c <"$W/d.img")" -eq $((total * 512)) ] || die "the image is not total_sectors long"
[ "$(dd if="$W/d.img" bs=1 skip=512 count=24 2>/dev/null | tr -d '\0')" = abcdefghijklmnopqrstuvw ] ||
    die "the first entry is not the first name in sort order"
[ "$(dd if="$W/d.img" bs=1 skip=544 count=24 2>/dev/null | tr -d '\0')" = hello ] || die "entry 2"
[ "$(dd if="$W/d.img" bs=1 skip=576 count=24 2>/dev/null | tr -d '\0')" = sh ] || die "entry 3"
[ "$(dd if="$W/d.img" bs=1 skip=599 count=1 2>/dev/null | od -A n -t u1 | tr -d ' ')" = 0 ] ||
    die "names are not NUL-padded"
first=$(u32 "$W/d.img" 536)
[ "$first" = 2 ] || die "the first file does not start right after the directory (sector $first)"
for e in 1 2; do                                          # hello and sh: contents
    off=$((512 + 32 * e))
    name=$(dd if="$W/d.img" bs=1 skip=$off count=24 2>/dev/null | tr -d '\0')
    first=$(u32 "$W/d.img" $((off + 24)))
    size=$(u32 "$W/d.img" $((off + 28)))
    [ "$size" = "$(wc -c <"$W/$name.elf")" ] || die "$name: wrong size $size"
    dd if="$W/d.img" bs=512 skip="$first" 2>/dev/null | head -c "$size" | cmp -s - "$W/$name.elf" ||
        die "$name: contents differ"
done

# deterministic: the same files in another order give the same bytes
expect_code 0 "$SIMMON" mkdisk -o "$W/d2.img" "$W/abcdefghijklmnopqrstuvw.elf" "$W/hello.elf" "$W/sh.elf"
cmp -s "$W/d.img" "$W/d2.img" || die "the argument order changed the image"

# --list reads it back
expect_code 0 "$SIMMON" mkdisk --list "$W/d.img"
expect_out "3 files, $total sectors"
expect_out "hello"
expect_code 1 "$SIMMON" mkdisk --list "$W/hello.elf"
expect_out "is not an SMFS disk"
exit 0
