# hostile_crash.s - a guest kernel that runs into an illegal word with no
# trap handler installed: it must stop alone (crashed), the others go on.
        .text
_start: li      a0, 1
        .word   0
