# debug_tui.sh - the screen (simmon debug --tui) in a real terminal, driven
# through tmux: the panes show, stepping moves the pc marker, the command
# line works (with history saved), layouts switch, a resize redraws, and
# quit leaves cleanly.  Also readline's completion in the plain CLI.
# Skipped (exit 0) only when tmux is not installed.
. "$(dirname "$0")/common.inc"
. "$(dirname "$0")/tmux.inc"

export SIMMON_HISTORY="$W/history"
T new-session -d -s dbg -x 100 -y 30 \
    "SIMMON_HISTORY='$W/history' '$SIMMON' debug --tui tests/debugger/frames.s 2>'$W/stderr'; echo \"EXIT \$?\" >'$W/exit'; sleep 30"
wait_for "(simmon)"
wait_for " registers"
wait_for "zero 00000000"
wait_for "=> 00001000  addi    a0, zero, 3"
wait_for " output"
wait_for " console"

T send-keys -t dbg "stepi" Enter
wait_for "=> 00001004  jal     ra, 0x00001024 <outer>"
lacks "=> 00001000"
T send-keys -t dbg F11                        # step: into outer
wait_for "=> 00001024  addi    sp, sp, -8"
T send-keys -t dbg "print 6*7" Enter
wait_for '$1 = 0x0000002a (42)'
T send-keys -t dbg "break leaf" Enter
wait_for "Breakpoint 1 at 0x0000108c <leaf>"
T send-keys -t dbg F5                         # continue
wait_for "Breakpoint 1, 0x0000108c <leaf>"
wait_for "B=> 0000108c  addi    t1, zero, 0"
T send-keys -t dbg F10                        # next
wait_for "=> 00001090  addi    t1, t1, 1"
T send-keys -t dbg "layout mmu" Enter
wait_for " page tables"
wait_for " TLB"
wait_for " traps"
T send-keys -t dbg C-x a                      # next layout: split
wait_for "layout split"
wait_for " memory"
T send-keys -t dbg "layout regs" Enter
wait_for "layout regs"
T send-keys -t dbg Tab                        # focus moves off the command line
wait_for "[focus]"
T send-keys -t dbg "layout src" Enter         # typing returns to the command line
wait_for "layout src"
T resize-window -t dbg -x 80 -y 24
sleep 0.3
wait_for "(simmon)"
T capture-pane -p -t dbg >"$W/screen"
[ "$(wc -l <"$W/screen")" -le 24 ] || die "the screen did not follow the resize"
tail -1 "$W/screen" | grep -q '^(simmon)' || { cat "$W/screen"; die "no command line after the resize"; }
wait_for " registers"
T send-keys -t dbg "continue" Enter
wait_for "frames done"                        # the guest's console pane
wait_for "exited with status 6"
T send-keys -t dbg "quit" Enter
i=0; while [ ! -s "$W/exit" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "EXIT 0" "$W/exit" 2>/dev/null || die "the debugger did not exit cleanly: $(cat "$W/exit" "$W/stderr" 2>/dev/null)"
grep -q "print 6\*7" "$W/history" || die "history not saved to \$SIMMON_HISTORY"
T kill-session -t dbg

# Ctrl-C stops a program that never ends, on the screen
printf '_start: li t0, 0\n1: addi t0, t0, 1\n   j 1b\n' >"$W/spin.s"
T new-session -d -s dbg -x 80 -y 24 \
    "SIMMON_HISTORY='$W/history' '$SIMMON' debug --tui '$W/spin.s'; echo \"EXIT \$?\" >'$W/exit3'; sleep 30"
wait_for "(simmon)"
T send-keys -t dbg F5
wait_for "running..."
T send-keys -t dbg C-c
wait_for "Program interrupted."
T send-keys -t dbg "quit" Enter
i=0; while [ ! -s "$W/exit3" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "EXIT 0" "$W/exit3" || die "the screen did not exit cleanly after Ctrl-C"
T kill-session -t dbg

# the plain CLI in a terminal: readline completion and history
T new-session -d -s dbg -x 100 -y 30 \
    "SIMMON_HISTORY='$W/history' '$SIMMON' debug tests/debugger/frames.s; echo \"EXIT \$?\" >'$W/exit2'; sleep 30"
wait_for "(simmon)"
T send-keys -t dbg "info reg" Tab
wait_for "(simmon) info registers"
T send-keys -t dbg " a" Tab                   # symbol/register completion: no match for "a" alone...
T send-keys -t dbg C-u "print \$sta" Tab
wait_for '(simmon) print $status'
T send-keys -t dbg Enter
wait_for '$1 = 0x00000000 (0)'
T send-keys -t dbg "break lea" Tab Enter
wait_for "Breakpoint 1 at 0x0000108c <leaf>"
T send-keys -t dbg Up Up Enter                # history: print $status again
wait_for '$2 = 0x00000000 (0)'
T send-keys -t dbg "quit" Enter
i=0; while [ ! -s "$W/exit2" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "EXIT 0" "$W/exit2" || die "the CLI did not exit cleanly"
grep -q "break leaf" "$W/history" || die "CLI history not saved"
exit 0
