/*
 * isa.h - the SM32 instruction set as data: encoding, formats, control
 * registers, trap causes, register names, the timing table.
 *
 * Owns: facts about the ISA.  Must not know about machines, devices or the
 * CPU's state: everything here is pure and shared by the assembler, the
 * disassembler, the interpreter, the monitor and the debugger.
 *
 * Instruction word (nibble-aligned, so a hex dump decodes by eye):
 *
 *    31      24 23  20 19  16 15  12 11                 0
 *   +----------+------+------+------+--------------------+
 *   |  opcode  |  A   |  B   |  C   |     (zero)         |  R    add rd, rs1, rs2
 *   +----------+------+------+------+--------------------+
 *   |  opcode  |  A   |  B   |        imm16              |  I/L/S/B/U/CR
 *   +----------+------+------+---------------------------+
 *   |  opcode  |  A   |            imm20                  |  J    jal rd, label
 *   +----------+------+----------------------------------+
 *
 *   0x21340010  =  opcode 0x21 (addi), A=3 (rd=r3), B=4 (rs1=r4), imm=0x0010
 *               =  addi r3, r4, 16
 */
#ifndef SIMMON_ISA_H
#define SIMMON_ISA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Field accessors, derived from the diagram above ------------------ */
#define ISA_OPCODE(w)  ((uint32_t)(w) >> 24)
#define ISA_A(w)       (((uint32_t)(w) >> 20) & 0xF)
#define ISA_B(w)       (((uint32_t)(w) >> 16) & 0xF)
#define ISA_C(w)       (((uint32_t)(w) >> 12) & 0xF)
#define ISA_IMM16(w)   ((uint32_t)(w) & 0xFFFF)
#define ISA_IMM20(w)   ((uint32_t)(w) & 0xFFFFF)

/* Sign extension of an n-bit field held in the low bits of x. */
static inline uint32_t isa_sext(uint32_t x, unsigned bits)
{
    uint32_t m = 1u << (bits - 1);
    x &= (bits == 32) ? 0xFFFFFFFFu : ((1u << bits) - 1);
    return (x ^ m) - m;
}

/* ---- Formats ----------------------------------------------------------
 * A format fixes which fields an instruction uses, which bits must be zero
 * (a word with a reserved bit set is an illegal instruction) and the
 * assembler syntax.  FMT(name, zero_mask, syntax) */
#define ISA_FORMATS(FMT)                                                     \
    FMT(R,   0x00000FFFu, "rd, rs1, rs2")                                    \
    FMT(I,   0x00000000u, "rd, rs1, simm16")                                 \
    FMT(IU,  0x00000000u, "rd, rs1, uimm16")                                 \
    FMT(SH,  0x0000FFE0u, "rd, rs1, shamt")                                  \
    FMT(L,   0x00000000u, "rd, simm16(rs1)")                                 \
    FMT(S,   0x00000000u, "rs2, simm16(rs1)")                                \
    FMT(B,   0x00000000u, "rs1, rs2, label")                                 \
    FMT(J,   0x00000000u, "rd, label")                                       \
    FMT(U,   0x000F0000u, "rd, uimm16")                                      \
    FMT(A,   0x00000FFFu, "rd, rs2, (rs1)")                                  \
    FMT(N,   0x00FFFFFFu, "")                                                \
    FMT(CRR, 0x000F0000u, "rd, cr")                                          \
    FMT(CRW, 0x00F00000u, "cr, rs1")                                         \
    FMT(R1,  0x00F0FFFFu, "rs1")

enum isa_format {
#define X(name, zero, syntax) ISA_FMT_##name,
    ISA_FORMATS(X)
#undef X
    ISA_FMT_COUNT
};

/* Where each operand lives, per format:
 *   R:   A=rd  B=rs1 C=rs2          I/IU/SH/L: A=rd B=rs1 imm16
 *   S:   A=rs2 (data) B=rs1 (base)  B:  A=rs1 B=rs2 imm16 (word offset)
 *   J:   A=rd imm20 (word offset)   U:  A=rd imm16
 *   A:   A=rd B=rs1 (address) C=rs2 (value stored)
 *   CRR: A=rd imm16=cr              CRW: B=rs1 imm16=cr
 *   R1:  B=rs1                      N:  no operands */

/* ---- Instruction flags ------------------------------------------------ */
enum {
    ISA_F_LOAD      = 1u << 0,  /* reads memory */
    ISA_F_STORE     = 1u << 1,  /* writes memory */
    ISA_F_BRANCH    = 1u << 2,  /* conditional pc-relative branch */
    ISA_F_JUMP      = 1u << 3,  /* unconditional transfer of control */
    ISA_F_TRAP      = 1u << 4,  /* always traps (syscall, break) */
    ISA_F_PRIV      = 1u << 5,  /* traps with PRIV when run in user mode */
    ISA_F_SENSITIVE = 1u << 6,  /* reads or changes privileged state */
};

/* ---- Opcodes, from the table ------------------------------------------ */
enum isa_op {
    ISA_OP_INVALID = 0,
#define INSN(name, opc, fmt, cyc, flags, meaning) ISA_OP_##name,
#include "sm32.def"
#undef INSN
    ISA_OP_COUNT
};

struct isa_insn_info {
    const char *name;
    uint8_t opcode;
    enum isa_format format;
    uint8_t cycles;
    uint32_t flags;
    const char *meaning;
};

/* Indexed by enum isa_op; entry 0 describes "invalid". */
extern const struct isa_insn_info isa_insns[ISA_OP_COUNT];

struct isa_format_info {
    const char *name;
    uint32_t zero_mask;   /* bits that must be zero */
    const char *syntax;   /* operand syntax, as SPEC.md writes it */
};
extern const struct isa_format_info isa_formats[ISA_FMT_COUNT];

/* A decoded instruction: the fields every consumer wants, sign-extended
 * where the format says so (imm is a byte/word value ready to use). */
struct isa_decoded {
    enum isa_op op;       /* ISA_OP_INVALID if the word is not an instruction */
    uint8_t rd, rs1, rs2; /* 0 when the format has no such operand */
    uint32_t imm;         /* sext/zext per format; branch/jal: byte offset */
    uint16_t cr;          /* CRR/CRW: control register number */
};

/* Decode a word.  Returns false (and d->op = ISA_OP_INVALID) when the
 * opcode is unassigned or a reserved bit is set. */
bool isa_decode(uint32_t word, struct isa_decoded *d);

/* Encode from a decoded form (the inverse of isa_decode for valid rows).
 * Returns false if a field is out of range for the format; err (if not
 * NULL) then names the problem ("immediate 70000 does not fit in 16 bits"). */
bool isa_encode(const struct isa_decoded *d, uint32_t *word,
                char *err, size_t errlen);

/* Mnemonic -> op, or ISA_OP_INVALID. */
enum isa_op isa_lookup(const char *mnemonic);

/* The (mask, match) pair that recognises an op: word & mask == match. */
uint32_t isa_match(enum isa_op op);
uint32_t isa_mask(enum isa_op op);

/* ---- Registers and the ABI -------------------------------------------- */
#define ISA_NREGS 16
/* ABI names: r0 zero, r1 ra, r2 sp, r3 fp (= s0), r4..r7 a0..a3,
 * r8..r11 t0..t3, r12..r15 s1..s4. */
extern const char *const isa_reg_abi[ISA_NREGS];
/* Parse "r7", "a3", "fp", "s0" ... -> 0..15, or -1. */
int isa_reg_lookup(const char *name);

/* ---- Control registers (mfcr/mtcr operand) ----------------------------- */
#define ISA_CONTROL_REGS(CR)                                                 \
    CR(STATUS,   0, 1, "mode, interrupt enable, their saved copies, paging") \
    CR(EPC,      1, 1, "pc of the trapping instruction (or the one interrupted)") \
    CR(CAUSE,    2, 1, "why the last trap happened (ISA_CAUSE_*)")           \
    CR(BADVADDR, 3, 1, "faulting address of the last memory trap")           \
    CR(TVEC,     4, 1, "trap vector: where traps go (0 = no handler)")       \
    CR(PTBR,     5, 1, "physical address of the root page table")            \
    CR(SCRATCH,  6, 1, "free for the kernel (e.g. its stack pointer)")       \
    CR(CYCLE,    7, 0, "cycle counter, low 32 bits (read-only)")             \
    CR(CYCLEH,   8, 0, "cycle counter, high 32 bits (read-only)")            \
    CR(IPEND,    9, 0, "interrupt lines pending, bit n = line n (read-only)") \
    CR(IENABLE, 10, 1, "interrupt lines enabled, bit n = line n")

enum isa_cr {
#define X(name, num, writable, doc) ISA_CR_##name = num,
    ISA_CONTROL_REGS(X)
#undef X
    ISA_CR_COUNT = 11
};
const char *isa_cr_name(unsigned cr);   /* NULL if no such register */
int isa_cr_lookup(const char *name);    /* "status" or "STATUS" -> number, -1 */
bool isa_cr_writable(unsigned cr);

/* STATUS bits.  Trap entry: PIE = IE, PUM = UM, IE = 0, UM = 0.
 * eret: IE = PIE, UM = PUM. */
enum {
    ISA_STATUS_IE  = 1u << 0,  /* interrupts enabled */
    ISA_STATUS_UM  = 1u << 1,  /* 1 = user mode, 0 = kernel mode */
    ISA_STATUS_PIE = 1u << 2,  /* IE before the last trap */
    ISA_STATUS_PUM = 1u << 3,  /* UM before the last trap */
    ISA_STATUS_PG  = 1u << 4,  /* paging enabled */
    ISA_STATUS_MASK = 0x1F,    /* other bits read as zero */
};

/* ---- Trap causes (CAUSE register) -------------------------------------- */
#define ISA_CAUSES(C)                                                         \
    C(SYSCALL,      1, "syscall instruction")                                 \
    C(BREAK,        2, "break instruction (breakpoint)")                      \
    C(ILLEGAL,      3, "illegal instruction")                                 \
    C(PRIV,         4, "privileged instruction in user mode")                 \
    C(MISALIGNED,   5, "misaligned load, store or jump target")               \
    C(FETCH_FAULT,  6, "page fault on instruction fetch")                     \
    C(LOAD_FAULT,   7, "page fault on load")                                  \
    C(STORE_FAULT,  8, "page fault on store")                                 \
    C(BUS_ERROR,    9, "no memory or device at that physical address")        \
    C(IRQ_TIMER,   16, "timer interrupt (line 0)")                            \
    C(IRQ_CONSOLE, 17, "console interrupt (line 1)")                          \
    C(IRQ_DISK,    18, "disk interrupt (line 2)")

enum isa_cause {
    ISA_CAUSE_NONE = 0,
#define X(name, num, doc) ISA_CAUSE_##name = num,
    ISA_CAUSES(X)
#undef X
};
#define ISA_CAUSE_IRQ_BASE 16    /* cause = 16 + line for interrupt lines 0..15 */
const char *isa_cause_name(unsigned cause);  /* "SYSCALL", ..., NULL */

/* The causes that set BADVADDR: memory traps, whose address matters. */
static inline bool isa_cause_sets_badvaddr(unsigned cause)
{
    return cause == ISA_CAUSE_MISALIGNED || cause == ISA_CAUSE_FETCH_FAULT ||
           cause == ISA_CAUSE_LOAD_FAULT || cause == ISA_CAUSE_STORE_FAULT ||
           cause == ISA_CAUSE_BUS_ERROR;
}
const char *isa_cause_doc(unsigned cause);

/* ---- Paging ------------------------------------------------------------
 *  VA:  [31:22] L1 index | [21:12] L2 index | [11:0] offset
 *  PTE: [31:12] PPN | [11:7] free for software | D A U X W R V          */
enum {
    ISA_PTE_V = 1u << 0, ISA_PTE_R = 1u << 1, ISA_PTE_W = 1u << 2,
    ISA_PTE_X = 1u << 3, ISA_PTE_U = 1u << 4, ISA_PTE_A = 1u << 5,
    ISA_PTE_D = 1u << 6,
};
#define ISA_PAGE_SHIFT 12
#define ISA_PAGE_SIZE  4096u

/* The paging rules, stated once (SPEC.md section 6) for the MMU, the
 * side-effect-free walker, the monitor's walk of guest tables and the
 * debugger. */
enum isa_access { ISA_ACC_LOAD, ISA_ACC_STORE, ISA_ACC_FETCH, ISA_ACC_SWAP };

/* A well-formed L1 entry points to an L2 table: V set, R = W = X = 0. */
static inline bool isa_pte_is_pointer(uint32_t pte)
{
    return (pte & ISA_PTE_V) && !(pte & (ISA_PTE_R | ISA_PTE_W | ISA_PTE_X));
}

/* A well-formed L2 entry is a leaf: V set and some of R, W, X. */
static inline bool isa_pte_is_leaf(uint32_t pte)
{
    return (pte & ISA_PTE_V) && (pte & (ISA_PTE_R | ISA_PTE_W | ISA_PTE_X));
}

/* May this access go through this leaf?  Fetch needs X, load R, store W,
 * swap R and W; user mode also needs U (kernel mode may use U pages). */
static inline bool isa_pte_permits(uint32_t pte, enum isa_access acc, bool user)
{
    if (user && !(pte & ISA_PTE_U))
        return false;
    switch (acc) {
    case ISA_ACC_LOAD:  return (pte & ISA_PTE_R) != 0;
    case ISA_ACC_STORE: return (pte & ISA_PTE_W) != 0;
    case ISA_ACC_FETCH: return (pte & ISA_PTE_X) != 0;
    case ISA_ACC_SWAP:  return (pte & ISA_PTE_R) && (pte & ISA_PTE_W);
    }
    return false;
}

/* ---- Physical memory map ----------------------------------------------- */
#define ISA_MMIO_BASE     0xF0000000u   /* devices live at and above this */
#define ISA_DEV_CONSOLE   0xF0000000u
#define ISA_DEV_TIMER     0xF0001000u
#define ISA_DEV_DISK      0xF0002000u
#define ISA_DEV_POWER     0xF0003000u

/* ---- ISA variants ------------------------------------------------------ */
enum isa_variant {
    ISA_VARIANT_STRICT = 0,   /* classically virtualizable (default) */
    ISA_VARIANT_LEAKY  = 1,   /* mfcr STATUS does not trap in user mode */
};

/* ---- The timing table (cycles), see SPEC.md "Timing" -------------------
 * Per-instruction base costs are in sm32.def; these are the extras. */
struct isa_timing {
    uint32_t branch_taken;   /* extra when a branch is taken */
    uint32_t mmio;           /* extra per device register access */
    uint32_t walk_level;     /* per page-table level read on a TLB miss */
    uint32_t trap_entry;     /* entering a trap or interrupt */
};
extern const struct isa_timing isa_timing_default;

#endif
