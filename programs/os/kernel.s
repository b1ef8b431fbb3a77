# kernel.s - toyos, a small Unix-like kernel for the SM32 machine.
#
# This file is the table of contents: it includes the kernel's parts in
# the order a reader meets them.  Assemble it alone:
#
#       simmon as programs/os/kernel.s -o os.elf
#
# and run it with a disk made by `simmon mkdisk` (programs/os/README.md).
#
# The shape of the kernel (as in xv6, one file per subsystem):
#
#   boot.s     _start: from reset to the first process
#   trap.s     the trap vector: every syscall, fault and interrupt enters here
#   syscall.s  the system call table and the small system calls
#   proc.s     processes: the table, fork, exit, wait, sleep/wakeup, the scheduler
#   swtch.s    the context switch: one kernel thread to another
#   timer.s    the clock tick that makes scheduling preemptive
#   console.s  printing, and console input into a buffer that read() drains
#   kalloc.s   the physical page allocator
#   vm.s       page tables: the kernel's map, user address spaces, copyin/copyout
#   disk.s     the disk driver: DMA plus a completion interrupt
#   fs.s       SMFS, the read-only file system of `simmon mkdisk`
#   exec.s     loading an ELF program into a fresh address space
#   string.s   memcpy, memset, strcmp and friends
#
# Conventions, everywhere: the ABI of isa/SPEC.md (arguments in a0..a3,
# result in a0, t0..t3 and a0..a3 are the caller's to lose, s1..s4 and fp
# survive calls); each routine's comment states what it takes and gives.
# The kernel runs with interrupts off (STATUS.IE = 0): it is never
# interrupted, so it needs no locks.  Interrupts are taken in user mode and
# in the scheduler's idle loop only.  A process in the kernel gives the CPU
# away only by sleeping (proc_sleep) or yielding (proc_yield).

        .include "defs.inc"
        .include "../user/syscalls.inc"

        .include "boot.s"
        .include "trap.s"
        .include "syscall.s"
        .include "proc.s"
        .include "swtch.s"
        .include "timer.s"
        .include "console.s"
        .include "kalloc.s"
        .include "vm.s"
        .include "disk.s"
        .include "fs.s"
        .include "exec.s"
        .include "string.s"

# The end of the kernel's image: everything after this, up to the top of
# RAM, is free memory for the page allocator (kalloc.s).
        .bss
        .align  12
kernel_end:
