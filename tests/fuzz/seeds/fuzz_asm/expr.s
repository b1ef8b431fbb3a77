        .equ A, (1 + 2) * 3 << 2 | ~0 & 0xFF ^ 5
        .set B, A / 3 % 7 - -1
        C = !B + 'a' + '\n' + '\x41' + 0b1010
        .data
        .word A, B, C, . - 4, 2f - 1f
1:      .byte 1
2:      .skip 3, 0
        .balign 8
        .string "tab\there", "q\"uote"
        .word 1/0, 1 << 64, undefined_sym
