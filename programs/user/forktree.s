# forktree.s - a tree of processes, three levels deep under the first:
# each process prints its place in the tree and its pid, then forks two
# children, one after the other, waiting for each before making the next.
# Because every parent waits, the output is the same on every run: a
# depth-first walk of the tree.
#
#   root: pid 2
#     0: pid 3
#       00: pid 4
#         000: pid 5
#   ...
        .include "crt0.inc"
        .include "lib.inc"

        .equ    DEPTH,  3

main:
        ENTER
        li      a0, 0
        call    node
        la      a0, ft_done
        call    puts
        li      a0, 0
        LEAVE

# node(a0 = depth): this process is the node at ft_path[0..depth).
node:
        ENTER
        mv      s1, a0                  # s1 = depth
        mv      s2, s1                  # indent: two spaces per level
1:      beqz    s2, 2f
        la      a0, ft_indent
        call    puts
        addi    s2, s2, -1
        j       1b
2:      la      a0, ft_path
        bnez    s1, 3f
        la      a0, ft_root             # the path of the root is empty
3:      call    puts
        la      a0, ft_pid
        call    puts
        call    getpid
        call    putdec
        li      a0, '\n'
        call    putc
        li      t0, DEPTH
        beq     s1, t0, 9f              # a leaf
        li      s3, '0'                 # s3 = the child's digit: '0', '1'
4:      la      t0, ft_path             # ft_path[depth] = digit, then NUL
        add     t0, t0, s1
        sb      s3, 0(t0)
        sb      zero, 1(t0)
        call    fork
        bltz    a0, 8f
        bnez    a0, 5f
        addi    a0, s1, 1               # the child: one level down
        call    node
        li      a0, 0
        call    exit
5:      mv      s4, a0                  # the parent: wait for that child
        li      a0, 0
        call    wait
        bne     a0, s4, 8f
        addi    s3, s3, 1
        li      t0, '2'
        bne     s3, t0, 4b
        la      t0, ft_path             # back to our own path
        add     t0, t0, s1
        sb      zero, 0(t0)
9:      LEAVE
8:      la      a0, ft_fail
        call    puts
        li      a0, 1
        call    exit

        .data
ft_indent:      .asciz  "  "
ft_root:        .asciz  "root"
ft_pid:         .asciz  ": pid "
ft_done:        .asciz  "forktree: done\n"
ft_fail:        .asciz  "forktree: fork or wait failed\n"
ft_path:        .space  DEPTH + 1
