# sh.s - the shell: process 1 of toyos.
#
#   $ hello                 run the program "hello" from the disk
#   $ echo a b c            ...with arguments
#   $ ls                    list the programs on the disk (built in)
#   $ exit                  stop the machine (built in; also `halt`)
#
# The loop is the classic one: print a prompt, read a line, split it into
# words, then fork; the child execs the program, the parent waits for it.
# Why fork and then exec, instead of one "run" call?  Because between the
# two the child is still running the shell's code and can arrange things
# for the new program (in bigger systems: redirect its files).
#
# At the end of the input the shell stops the machine, so a scripted run
# (simmon run --input-string 'hello\n') ends cleanly with exit status 0.

        .include "crt0.inc"
        .include "lib.inc"

        .equ    LINE_MAX,       128
        .equ    ARGS_MAX,       16              # words per line, at most
        .equ    LIST_MAX,       4096

main:
        ENTER
sh_loop:
        la      a0, sh_prompt
        call    puts
        la      a0, sh_line
        li      a1, LINE_MAX
        call    readline
        bltz    a0, sh_eof
        la      a0, sh_line
        la      a1, sh_argv
        li      a2, ARGS_MAX
        call    split                   # -> the number of words
        beqz    a0, sh_loop             # an empty line
        la      t0, sh_argv
        lw      s1, 0(t0)               # s1 = the command's name
        mv      a0, s1
        la      a1, sh_cmd_ls
        call    strcmp
        beqz    a0, sh_ls
        mv      a0, s1
        la      a1, sh_cmd_exit
        call    strcmp
        beqz    a0, sh_exit
        mv      a0, s1
        la      a1, sh_cmd_halt
        call    strcmp
        beqz    a0, sh_exit

        call    fork                    # run a program
        bltz    a0, sh_nofork
        beqz    a0, sh_child
        mv      s2, a0                  # s2 = the child's pid
1:      li      a0, 0                   # wait for it (and for any orphan
        call    wait                    # that was handed to us meanwhile)
        bltz    a0, sh_loop
        bne     a0, s2, 1b
        j       sh_loop

sh_child:
        mv      a0, s1
        la      a1, sh_argv
        call    exec                    # returns only if it failed
        la      a0, sh_msg_sh           # "sh: foo: not found"
        call    puts
        mv      a0, s1
        call    puts
        la      a0, sh_msg_notfound
        call    puts
        li      a0, 127
        call    exit

sh_nofork:
        la      a0, sh_msg_nofork
        call    puts
        j       sh_loop

sh_ls:
        la      a0, sh_list
        li      a1, LIST_MAX
        call    listprogs
        mv      a2, a0
        li      a0, 1
        la      a1, sh_list
        call    write
        j       sh_loop

sh_eof:
        li      a0, '\n'                # end the last prompt's line
        call    putc
sh_exit:
        call    halt

# split(a0 = line, a1 = argv array, a2 = its size) -> the number of words.
# Cuts the line in place at spaces and tabs: each word gets a NUL, and
# argv[i] points to it; then argv[n] = 0.  Words beyond size - 1 are
# dropped.
split:
        li      t3, 0                   # t3 = words
        addi    a2, a2, -1
1:      lbu     t0, 0(a0)               # skip blanks
        beqz    t0, 4f
        li      t1, ' '
        beq     t0, t1, 2f
        li      t1, '\t'
        bne     t0, t1, 3f
2:      addi    a0, a0, 1
        j       1b
3:      beq     t3, a2, 4f              # no room for another word
        slli    t1, t3, 2               # a word starts here
        add     t1, t1, a1
        sw      a0, 0(t1)
        addi    t3, t3, 1
5:      addi    a0, a0, 1               # find its end
        lbu     t0, 0(a0)
        beqz    t0, 4f
        li      t1, ' '
        beq     t0, t1, 6f
        li      t1, '\t'
        bne     t0, t1, 5b
6:      sb      zero, 0(a0)             # cut
        addi    a0, a0, 1
        j       1b
4:      slli    t1, t3, 2
        add     t1, t1, a1
        sw      zero, 0(t1)
        mv      a0, t3
        ret

        .data
sh_prompt:        .asciz "$ "
sh_cmd_ls:        .asciz "ls"
sh_cmd_exit:      .asciz "exit"
sh_cmd_halt:      .asciz "halt"
sh_msg_sh:        .asciz "sh: "
sh_msg_notfound:  .asciz ": not found\n"
sh_msg_nofork:    .asciz "sh: fork failed\n"
        .bss
        .align  2
sh_argv:        .space  4 * ARGS_MAX
sh_line:        .space  LINE_MAX
sh_list:        .space  LIST_MAX
