# debug_vm_tui.sh - the screen under the monitor (simmon debug --tui --vm),
# driven through tmux: `layout vm` shows the guest's page tables beside the
# shadow table (differences marked), the VM exit log and the guest's
# registers with its virtual CRs; the status line shows the guest's virtual
# mode; running to a breakpoint fills the shadow beside the guest's tables;
# a bare session refuses `layout vm` and C-x a skips it.
# Skipped (exit 0) only when tmux is not installed.
. "$(dirname "$0")/common.inc"
. "$(dirname "$0")/tmux.inc"

export SIMMON_HISTORY="$W/history"
T new-session -d -s dbg -x 120 -y 36 \
    "SIMMON_HISTORY='$W/history' '$SIMMON' debug --tui --vm tests/debugger/paging.s 2>'$W/stderr'; echo \"EXIT \$?\" >'$W/exit'; sleep 30"
wait_for "(simmon)"
wait_for "vm0: virtual kernel"                 # the status line: the guest's mode
wait_for "registers  vm0, virtual CRs"
T send-keys -t dbg "layout vm" Enter
wait_for "layout vm"
wait_for " guest tables  paging off: identity"
wait_for " shadow table  paging-off space"
wait_for " VM exits  (0)"
T send-keys -t dbg "break handler" Enter
wait_for "Breakpoint 1 at 0x00001144 <handler>"
T send-keys -t dbg F5
wait_for "Breakpoint 1, 0x00001144 <handler>"
wait_for " guest tables  root 00010000 (guest-phys)"
wait_for " shadow table  kernel space, root"
# the user page was stored to: mapped in the shadow beside the guest's PTE
wait_for "00400000+1   >00030000 RW-UAD"
wait_for "   00400000>00090000 RW-UAD"
# the data page is not in the shadow yet; devices never are
wait_for "*  00002000  - not in the shadow"
wait_for "d  f0000000  - device: never mapped"
wait_for "reflect SYSCALL"                      # the exit log pane
wait_for "status   00000010 kernel PG"          # the virtual STATUS, not the real one
lacks "status   00000012"
T send-keys -t dbg "stepi 3" Enter              # the handler loads count: the shadow fills
wait_for "fill shadow entry from the guest's page table)"
T send-keys -t dbg "stepi" Enter
wait_for "W- 00002000>00062000 R--UAD"
T send-keys -t dbg C-x a                        # next layout: src
wait_for "layout src"
T send-keys -t dbg "delete 1" Enter
T send-keys -t dbg "continue" Enter
wait_for "every guest has stopped"
wait_for "ok"                                   # the guest's console pane
T send-keys -t dbg "quit" Enter
i=0; while [ ! -s "$W/exit" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "EXIT 0" "$W/exit" 2>/dev/null || die "the debugger did not exit cleanly: $(cat "$W/exit" "$W/stderr" 2>/dev/null)"
T kill-session -t dbg

# Ctrl-C stops a guest that never ends, on the screen
printf '_start: li t0, 0\n1: addi t0, t0, 1\n   j 1b\n' >"$W/spin.s"
T new-session -d -s dbg -x 100 -y 30 \
    "SIMMON_HISTORY='$W/history' '$SIMMON' debug --tui --vm '$W/spin.s'; echo \"EXIT \$?\" >'$W/exit3'; sleep 30"
wait_for "(simmon)"
T send-keys -t dbg F5
wait_for "running..."
T send-keys -t dbg C-c
wait_for "Program interrupted."
T send-keys -t dbg "layout vm" Enter
wait_for " shadow table  paging-off space"
T send-keys -t dbg "quit" Enter
i=0; while [ ! -s "$W/exit3" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "EXIT 0" "$W/exit3" || die "the screen did not exit cleanly after Ctrl-C"
T kill-session -t dbg

# a bare session: no `layout vm`; C-x a goes round without it
T new-session -d -s dbg -x 100 -y 30 \
    "SIMMON_HISTORY='$W/history' '$SIMMON' debug --tui tests/debugger/paging.s; echo \"EXIT \$?\" >'$W/exit2'; sleep 30"
wait_for "(simmon)"
T send-keys -t dbg "layout vm" Enter
wait_for "layout vm: needs the monitor"
T send-keys -t dbg "layout split" Enter
wait_for "layout split"
T send-keys -t dbg C-x a                        # split is the last but vm: back to src
wait_for "layout src"
lacks "layout vm |"
T send-keys -t dbg "quit" Enter
i=0; while [ ! -s "$W/exit2" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "EXIT 0" "$W/exit2" || die "the bare screen did not exit cleanly"
exit 0
