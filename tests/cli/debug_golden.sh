# debug_golden.sh - golden-output tests of `simmon debug --batch`: for each
# tests/debugger/NAME.cmds, run its commands against the program named in
# its header and compare stdout+stderr with NAME.out; print a unified diff
# on a mismatch.  Header lines of a .cmds file:
#     # program: tests/debugger/frames.s
#     # args: --input-string 'abc'        (optional extra options)
# "# program: -" runs no program of its own: the guests come from --vm
# options in "# args:" (the monitor's views, tests/debugger/vm_*.cmds).
# UPDATE_GOLDEN=1 rewrites the .out files (review the diff before committing).
. "$(dirname "$0")/common.inc"
n=0
bad=0
for cmds in tests/debugger/*.cmds; do
    name=${cmds%.cmds}
    prog=$(sed -n 's/^#[[:space:]]*program:[[:space:]]*//p' "$cmds" | head -1)
    args=$(sed -n 's/^#[[:space:]]*args:[[:space:]]*//p' "$cmds" | head -1)
    [ -n "$prog" ] || { echo "$cmds: no '# program:' line"; bad=$((bad + 1)); continue; }
    eval "set -- $args"
    [ "$prog" = "-" ] || set -- "$@" "$prog"
    SIMMON_HISTORY="$W/history" "$SIMMON" debug --batch -x "$cmds" "$@" >"$W/got" 2>&1
    rc=$?
    n=$((n + 1))
    if [ $rc -ge 2 ]; then
        echo "FAILED: $cmds: simmon debug exited $rc (a crash?)"
        sed -n '1,30p' "$W/got"
        bad=$((bad + 1))
        continue
    fi
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$W/got" "$name.out"
        continue
    fi
    if [ ! -f "$name.out" ]; then
        echo "FAILED: $name.out is missing (UPDATE_GOLDEN=1 creates it)"
        bad=$((bad + 1))
    elif ! cmp -s "$W/got" "$name.out"; then
        echo "FAILED: $cmds: output differs from $name.out"
        diff -u "$name.out" "$W/got" | sed -n '1,60p'
        bad=$((bad + 1))
    fi
done
[ $n -gt 0 ] || die "no tests/debugger/*.cmds found"
echo "$n golden files, $bad failed"
[ $bad -eq 0 ]
