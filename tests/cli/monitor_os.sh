# Popek-Goldberg EQUIVALENCE for the toy OS: every scripted session of the
# OS tests (every user program, the crash programs, preemptive
# interleaving, fork/exit stress, type-ahead) runs unmodified as a guest and
# prints exactly what it prints bare, with the same instruction count and a
# virtual cycle count equal to the bare cycle count.
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
n=0
for case in tests/os/cases/*.in; do
    boot "$case" --stats
    cp "$W/out" "$W/bare.out"
    bc=$(sed -n 's/^cycles *//p' "$W/err"); bi=$(sed -n 's/^instructions *//p' "$W/err"); brc=$rc
    "$SIMMON" run --max-cycles $((OS_MAX_CYCLES * 4)) --vm "$OS/os.elf,disk=$OS/disk.img,input=$case" \
        --stats >"$W/vm.out" 2>"$W/vm.err"
    vrc=$?
    line=$(awk '$1 == "vm0" && $2 != "memory"' "$W/vm.err")
    vi=$(echo "$line" | awk '{ print $3 }'); vc=$(echo "$line" | awk '{ print $4 }')
    [ "$brc" = "$vrc" ] || die "$case: exit status bare $brc, guest $vrc"
    cmp -s "$W/bare.out" "$W/vm.out" || { diff "$W/bare.out" "$W/vm.out" | head -20; die "$case: output differs"; }
    [ "$bi" = "$vi" ] || die "$case: instructions bare $bi, guest $vi"
    [ "$bc" = "$vc" ] || die "$case: cycles bare $bc, virtual $vc"
    n=$((n + 1))
done
[ "$n" -ge 10 ] || die "only $n sessions"
exit 0
