# toyos: every user program's complete console output, one boot per case.
# The input of case NAME is tests/os/cases/NAME.in (what is "typed" at the
# shell); the expected output is tests/os/expected/NAME.txt, byte for byte.
# Each run must end by the shell halting the machine (exit status 0).
. "$(dirname "$0")/common.inc"
. tests/os/os.inc
n=0
for case in tests/os/cases/*.in; do
    name=$(basename "$case" .in)
    boot "$case"
    expect_rc 0
    golden "$name"
    n=$((n + 1))
done
[ "$n" -ge 10 ] || die "only $n cases found"
exit 0
