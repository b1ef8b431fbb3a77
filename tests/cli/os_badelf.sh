# toyos: exec checks every field of an ELF image read from the disk.
# Damaged images (each a copy of hello.elf with one field broken) make
# exec fail: the shell says "not found", the kernel does not crash, no
# page is lost, and a good program still runs afterwards.
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
B=$W/bad
mkdir "$B"
poke() {   # poke FILE OFFSET VALUE BYTES: store VALUE little-endian
    f=$1 o=$2 v=$3 n=$4 s=""
    while [ "$n" -gt 0 ]; do
        s="$s$(printf '\\%03o' $((v & 255)))"
        v=$((v >> 8)); n=$((n - 1))
    done
    printf "$s" | dd of="$f" bs=1 seek="$o" conv=notrunc 2>/dev/null
}
bad() {    # bad NAME OFFSET VALUE BYTES
    cp "$OS/user/hello.elf" "$B/$1.elf"
    poke "$B/$1.elf" "$2" "$3" "$4"
}
PH=52                                     # hello.elf: e_phoff, text first
[ "$(od -A n -t u4 -j 28 -N 4 "$OS/user/hello.elf" | tr -d ' ')" = $PH ] || die "unexpected e_phoff"
bad control       0             0x7F               1   # unchanged: must run
bad badmagic      0             0x46               1   # "\x7FELF" -> "FELF"
bad badclass      4             2                  1   # ELFCLASS64
bad badtype       16            3                  2   # ET_DYN
bad badmachine    18            3                  2   # EM_386
bad badphentsize  42            56                 2
bad nophdrs       44            0                  2
bad manyphdrs     44            100                2
bad entryout      24            0x40800000         4   # entry in no segment
bad entrydata     24            0x40001000         4   # entry in data, not text
bad entryodd      24            0x40000002         4
bad kernelvaddr   $((PH + 8))   0x00001000         4   # text over the kernel
bad hugememsz     $((PH + 20))  0x7F000000         4   # into the stack
bad bigmemsz      $((PH + 20))  0x01000000         4   # 16 MiB: no memory
memsz=$(od -A n -t u4 -j $((PH + 20)) -N 4 "$OS/user/hello.elf" | tr -d ' ')
bad fileszbig     $((PH + 16))  $((memsz + 4096))  4   # filesz > memsz, in the file
bad offsetout     $((PH + 4))   0x00100000         4   # bytes past the file
bad overlap       $((PH + 32 + 8)) 0x40000000      4   # data over text
head -c 200 "$OS/user/hello.elf" >"$B/truncated.elf"
: >"$B/empty.elf"
echo "just some text, not a program" >"$B/text.elf"
names="badmagic badclass badtype badmachine badphentsize nophdrs manyphdrs entryout entrydata
entryodd kernelvaddr hugememsz bigmemsz fileszbig offsetout overlap truncated empty text"
"$SIMMON" mkdisk -o "$OS/disk.img" "$OS"/user/*.elf "$B"/*.elf >"$W/out" 2>&1 || { cat "$W/out"; die mkdisk; }
input="free\ncontrol\n"
for n in $names; do input="$input$n\n"; done
input="${input}free\nhello\n"
boot_string "$input"
expect_rc 0
for n in $names; do
    grep -qx "sh: $n: not found" "$W/out" || { cat "$W/out"; die "exec of $n did not fail cleanly"; }
done
[ "$(grep -cx 'Hello, world!' "$W/out")" = 2 ] || die "the unchanged copy did not run"
[ "$(grep '^free: ' "$W/out" | uniq | wc -l)" = 1 ] || { grep '^free: ' "$W/out"; die "pages lost"; }
tail -2 "$W/out" | head -1 | grep -qx 'Hello, world!' || die "hello did not run at the end"
golden badelf
exit 0
