# page_fault.s - the cost of a page fault, to the cycle.
# expect-cycles: 71
# expect-exit: 7
#
# Before paging is on, the program maps its own code page (0x1000) and the
# power device's page, nothing else.  A load from 0x00400000 then finds no
# L1 entry: the walker reads one level (+4), the load faults (base 2 + 4 +
# trap entry 5), and the handler stops the machine with CAUSE (LOAD_FAULT
# = 7) as exit status.
#                                             cost    total
        .text
_start: lui     t0, 0x0010            # 1        1   t0 = root table 0x100000
        lui     t1, 0x0010            # 1        2
        ori     t1, t1, 0x1001        # 1        3   L2 table 0x101000 | V
        sw      t1, 0(t0)             # 2        5   L1[0] -> it
        lui     t1, 0x0010            # 1        6
        ori     t1, t1, 0x2001        # 1        7   device L2 table 0x102000 | V
        sw      t1, 0xF00(t0)         # 2        9   L1[0x3C0] -> it
        lui     t0, 0x0010            # 1       10
        ori     t0, t0, 0x2000        # 1       11
        lui     t1, 0xF000            # 1       12
        ori     t1, t1, 0x3007        # 1       13   EXIT page | W R V
        sw      t1, 12(t0)            # 2       15   device L2[3]
        lui     t0, 0x0010            # 1       16
        ori     t0, t0, 0x1004        # 1       17   &L2[1]: this code's page
        li      t1, 0x100F            # 1       18   PA 0x1000 | X W R V
        sw      t1, 0(t0)             # 2       20
        la      t2, handler           # 2       22   (lui + ori)
        mtcr    tvec, t2              # 2       24
        lui     t0, 0x0010            # 1       25
        mtcr    ptbr, t0              # 2       27
        li      t0, 0x10              # 1       28
        mtcr    status, t0            # 2       30   paging on
        lui     t1, 0x0040            # 1 + 8   39   first fetch under paging: TLB miss, 2 levels
        lw      a0, 0(t1)             # 2+4+5   50   L1[1] invalid: 1 level read, then the trap
handler:
        mfcr    a0, cause             # 2       52   (same code page: TLB hit)
        lui     t0, 0xF000            # 1       53
        sw      a0, 0x3000(t0)        # 2+8+8   71   device page: TLB miss (+8), MMIO (+8)
