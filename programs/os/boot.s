# boot.s - from reset to the first process.
#
# The machine starts us at _start in kernel mode, with paging and
# interrupts off, every register 0 except sp = the size of RAM, and the
# kernel's image loaded at 0x1000 (physical).  Boot then goes, in order:
#
#   1. a stack (boot_stack, which the scheduler keeps using forever) and a
#      trap vector, so that from now on any mistake is reported, not fatal;
#   2. the page allocator: every page between the end of the kernel and the
#      top of RAM (kalloc.s);
#   3. the kernel's page table and paging on (vm.s);
#   4. the devices: console input, the clock tick, the disk;
#   5. process 1, which will mount the disk and exec the shell (proc.s),
#      and the scheduler, which runs it (and never returns).
#
# Also here: poweroff and panic, the two ways the kernel stops the machine.

        .text
_start:
        mv      s1, sp                  # the machine tells us the RAM size in sp
        la      sp, boot_stack_top
        la      t0, trap_vector         # trap.s: every trap lands there
        mtcr    tvec, t0

        li      t0, RAM_LIMIT           # use at most 1 GiB (defs.inc: why)
        bleu    s1, t0, 1f
        mv      s1, t0
1:      la      t0, ram_top
        sw      s1, 0(t0)

        la      a0, boot_msg            # "toyos: 16384 KiB RAM"
        call    kputs
        srli    a0, s1, 10
        call    kputdec
        la      a0, boot_msg_kib
        call    kputs

        call    kalloc_init             # free pages: kernel_end .. ram_top
        call    vm_init                 # kernel page table; paging on
        call    console_init            # console input interrupts
        call    timer_init              # the clock tick
        call    disk_init               # the disk (no disk: halt)
        call    proc_userinit           # process 1
        call    scheduler               # never returns

# poweroff(a0 = exit status): stop the machine.  The power device's EXIT
# register ends the simulation with that status (0 = all is well).
poweroff:
        li      t0, POWER
        sw      a0, POWER_EXIT(t0)
1:      halt                            # not reached: the store stops us
        j       1b

# panic(a0 = message): the kernel found itself in a state it cannot
# continue from.  Say so and stop with exit status 1.
panic:
        mv      s1, a0
        la      a0, panic_msg
        call    kputs
        mv      a0, s1
        call    kputs
        li      a0, '\n'
        call    kputc
        li      a0, 1
        call    poweroff

        .data
boot_msg:       .asciz  "toyos: "
boot_msg_kib:   .asciz  " KiB RAM\n"
panic_msg:      .asciz  "toyos: panic: "
        .align  2
ram_top:        .word   0               # the address just past usable RAM

        .bss
        .align  12
boot_stack:     .space  PAGE_SIZE       # boot, then the scheduler, run here
boot_stack_top:
