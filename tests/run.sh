#!/bin/sh
# run.sh - the test driver.  Runs every test of the suite against one or
# more builds and ends with the line "N passed, N failed".
#
#   tests/run.sh BUILD [BUILD ...] [--fuzz-smoke FUZZDIR]
#
# Kinds of test (each file is found by its place, so adding a test is
# adding a file):
#   BUILD/tests/test_*   cmocka unit tests (one result per test case, TAP)
#   tests/isa/*.s        self-checking guest programs: pass = exit status 0
#   tests/cycles/*.s     exact-cycle programs: "# expect-cycles: N" and
#                        "# expect-exit: N" in the header must match
#   (a "# simmon-args: ..." line in a program's header adds run options,
#    e.g. --isa leaky or --input-string)
#   tests/cli/*.sh       scripts (golden output of the tools); pass = exit 0,
#                        run with SIMMON=BUILD/simmon
# Only failures are printed in full; a summary line per build and kind.
cd "$(dirname "$0")/.." || exit 1
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/simmon-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
PASS=0
FAIL=0
FAILED_NAMES=""

pass() { PASS=$((PASS + 1)); kpass=$((kpass + 1)); }
fail() {   # name, log file
    FAIL=$((FAIL + 1)); kfail=$((kfail + 1))
    FAILED_NAMES="$FAILED_NAMES
  $1"
    echo "FAIL $1"
    [ -n "$2" ] && [ -s "$2" ] && sed -n '1,40p' "$2" | sed 's/^/    | /'
}
summary() { echo "[$1] $2: $kpass passed, $kfail failed"; }

run_unit() {   # build
    kpass=0; kfail=0
    for t in "$1"/tests/test_*; do
        [ -x "$t" ] || continue
        name=$(basename "$t")
        CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$TMP/out" 2>&1
        rc=$?
        ok=$(grep -c '^ok ' "$TMP/out")
        bad=$(grep -c '^not ok ' "$TMP/out")
        PASS=$((PASS + ok)); kpass=$((kpass + ok))
        if [ "$bad" -gt 0 ]; then
            grep '^not ok ' "$TMP/out" | while read -r line; do echo "FAIL [$1] $name: $line"; done
            FAIL=$((FAIL + bad)); kfail=$((kfail + bad))
            FAILED_NAMES="$FAILED_NAMES
  [$1] $name ($bad cases)"
            sed -n '1,60p' "$TMP/out" | grep -v '^ok ' | sed 's/^/    | /'
        elif [ "$rc" -ne 0 ] || [ "$ok" -eq 0 ]; then
            fail "[$1] $name (exit $rc, crashed or ran no test)" "$TMP/out"
        fi
    done
    summary "$1" unit
}

run_isa() {    # build
    kpass=0; kfail=0
    for s in tests/isa/*.s; do
        [ -f "$s" ] || continue
        args=$(sed -n 's/^#[[:space:]]*simmon-args:[[:space:]]*//p' "$s" | head -1)
        eval "set -- \"\$1\" $args"
        bd=$1; shift
        "$bd/simmon" run --max-cycles 50000000 "$@" "$s" >"$TMP/out" 2>&1
        rc=$?
        set -- "$bd"
        if [ $rc -eq 0 ]; then pass; else
            echo "(exit status $rc: the number of the failing check, see $s)" >>"$TMP/out"
            fail "[$1] $s" "$TMP/out"; fi
    done
    summary "$1" isa
}

run_cycles() { # build
    kpass=0; kfail=0
    for s in tests/cycles/*.s; do
        [ -f "$s" ] || continue
        want=$(sed -n 's/^#[[:space:]]*expect-cycles:[[:space:]]*\([0-9]*\).*/\1/p' "$s" | head -1)
        wexit=$(sed -n 's/^#[[:space:]]*expect-exit:[[:space:]]*\([0-9]*\).*/\1/p' "$s" | head -1)
        [ -n "$wexit" ] || wexit=0
        if [ -z "$want" ]; then echo "no '# expect-cycles: N' line" >"$TMP/out"; fail "[$1] $s" "$TMP/out"; continue; fi
        args=$(sed -n 's/^#[[:space:]]*simmon-args:[[:space:]]*//p' "$s" | head -1)
        eval "set -- \"\$1\" $args"
        bd=$1; shift
        "$bd/simmon" run --stats --max-cycles 10000000 "$@" "$s" >"$TMP/out" 2>&1
        rc=$?
        set -- "$bd"
        got=$(sed -n 's/^cycles[[:space:]]*\([0-9]*\).*/\1/p' "$TMP/out" | head -1)
        if [ "$rc" = "$wexit" ] && [ "$got" = "$want" ]; then pass; else
            echo "expected exit $wexit and $want cycles; got exit $rc and ${got:-no} cycles" >>"$TMP/out"
            fail "[$1] $s" "$TMP/out"; fi
    done
    summary "$1" cycles
}

run_cli() {    # build
    kpass=0; kfail=0
    for s in tests/cli/*.sh; do
        [ -f "$s" ] || continue
        case "$1" in /*) bin="$1/simmon" ;; *) bin="$PWD/$1/simmon" ;; esac
        SIMMON="$bin" BUILD="$1" TMPDIR="$TMP" sh "$s" >"$TMP/out" 2>&1
        if [ $? -eq 0 ]; then pass; else fail "[$1] $s" "$TMP/out"; fi
    done
    summary "$1" cli
}

run_fuzz_smoke() { # fuzzdir
    kpass=0; kfail=0
    for f in "$1"/fuzz_*; do
        [ -x "$f" ] || continue
        name=$(basename "$f")
        mkdir -p "$TMP/corpus-$name"
        seeds="tests/fuzz/seeds/$name"
        [ -d "$seeds" ] || seeds=""
        "$f" -max_total_time="${FUZZ_SMOKE_SECONDS:-10}" -timeout=10 -rss_limit_mb=2048 \
             "$TMP/corpus-$name" $seeds >"$TMP/out" 2>&1
        if [ $? -eq 0 ]; then pass; else fail "[fuzz] $name" "$TMP/out"; fi
    done
    summary fuzz smoke
}

while [ $# -gt 0 ]; do
    case "$1" in
    --fuzz-smoke) run_fuzz_smoke "$2"; shift 2 ;;
    *)
        if [ ! -x "$1/simmon" ]; then
            echo "FAIL [$1] no simmon binary: build first (make)"; FAIL=$((FAIL + 1))
        else
            run_unit "$1"; run_isa "$1"; run_cycles "$1"; run_cli "$1"
        fi
        shift ;;
    esac
done

if [ "$FAIL" -gt 0 ]; then
    echo "failed tests:$FAILED_NAMES"
fi
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
