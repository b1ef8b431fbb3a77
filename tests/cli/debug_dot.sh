# debug_dot.sh - `dot FILE [VA [VA-END]]` writes the page-table tree as a
# Graphviz graph: the whole tree, a range, one address; `dot -Tsvg`
# renders each (checked when graphviz is installed).
. "$(dirname "$0")/common.inc"
cat >"$W/cmds" <<C
break paged
run
dot $W/all.dot
dot $W/range.dot 0x00400000 0x00bfffff
dot $W/one.dot 0x00801000
dot $W/nowhere/x.dot
dot $W/bad.dot 0x2000 0x1000
C
expect_code 1 "$SIMMON" debug --batch -x "$W/cmds" tests/debugger/paging.s
expect_out "Wrote $W/all.dot: 4 L2 tables, 6 rows"
expect_out "Wrote $W/range.dot: 2 L2 tables, 2 rows"
expect_out "Wrote $W/one.dot: 1 L2 table, 1 row"
expect_out "error: dot: cannot write '$W/nowhere/x.dot'"
expect_out "error: dot: the range 0x00002000-0x00001000 is empty"
grep -q 'PTBR 0x00010000' "$W/all.dot" || die "no PTBR node"
grep -q '\[0-1\] VA 0x00800000-0x00801fff' "$W/all.dot" || die "the two stack pages are not one run"
grep -q 'VA 0x00400000 → PA 0x00030000' "$W/all.dot" || die "the user page's mapping is missing"
grep -q 'l2_960' "$W/range.dot" && die "the range export includes L1 entry 960"
grep -q 'l2_2 ' "$W/one.dot" || die "the one-address export lacks its L2 table"
if command -v dot >/dev/null 2>&1; then
    for f in all range one; do
        dot -Tsvg "$W/$f.dot" -o "$W/$f.svg" 2>"$W/err" || { cat "$W/err"; die "dot -Tsvg rejects $f.dot"; }
        grep -q '<svg' "$W/$f.svg" || die "$f.svg is not SVG"
    done
else
    echo "graphviz is not installed: the .dot files were not rendered"
fi
exit 0
