# alu_loop_paged.s - benchmark: alu_loop.s with paging on and a warm TLB.
# The MMU must cost (almost) nothing when every translation hits.
        .text
_start:
        .include "paging.inc"
        .include "alu_body.inc"
