# alu_loop.s - benchmark: a tight loop of register ALU work, paging off.
# 200 M instructions (alu_body.inc).
        .text
_start:
        .include "alu_body.inc"
