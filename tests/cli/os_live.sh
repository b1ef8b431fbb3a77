# The toy OS at a real terminal: with no --input, `simmon run` feeds the
# console from the keyboard as it is typed (tmux plays the typist), the
# shell answers, `exit` halts the machine and the terminal is restored.
. "$(dirname "$0")/common.inc"
command -v tmux >/dev/null || { echo "tmux not installed: skipped"; exit 0; }
. tests/os/os.inc
S=simmon-live-$$
tmux -L "$S" new-session -d -x 100 -y 30 \
    "$SIMMON run --max-cycles 2000000000 --disk $OS/disk.img $OS/os.elf; echo EXITED \$?; stty -a | grep -o ' icanon ' ; sleep 20" ||
    die "tmux could not start"
trap 'tmux -L "$S" kill-server 2>/dev/null' EXIT
wait_for() {   # wait_for TEXT: up to 10 s for TEXT on the screen
    i=0
    while [ $i -lt 50 ]; do
        tmux -L "$S" capture-pane -p >"$W/screen" 2>/dev/null
        grep -qF -- "$1" "$W/screen" && return 0
        sleep 0.2; i=$((i + 1))
    done
    cat "$W/screen"; die "never saw: $1"
}
wait_for 'toyos:'
tmux -L "$S" send-keys "hello" Enter
wait_for "Hello, world!"
tmux -L "$S" send-keys "sieve" Enter
wait_for "sieve: 3245 primes below 30000"
tmux -L "$S" send-keys "exit" Enter
wait_for "EXITED 0"
wait_for " icanon"                     # the terminal's line mode came back
[ "$(grep -c 'hello' "$W/screen")" = 1 ] || die "typed input was echoed twice"
exit 0
