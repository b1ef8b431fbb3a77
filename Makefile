# simmon - one non-recursive Makefile.  Everything builds under $(BUILD).
#
#   make            build build/simmon
#   make demo       install missing packages (as root), build, run the demo
#   make test       the whole suite: release build, ASan build, UBSan build,
#                   fuzz smoke runs; ends with "N passed, N failed"
#   make asan|ubsan the suite under one sanitizer
#   make fuzz       build libFuzzer targets (build/fuzz/)
#   make bench      simulated MIPS and cycle figures on fixed workloads
#
# Variables: BUILD (output dir), SAN (address|undefined), WERROR=1 (CI).

BUILD   ?= build
CC      ?= cc
OPT     ?= -O2
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wswitch-enum -Wimplicit-fallthrough
SANFLAGS := $(if $(SAN),-fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all,)
CFLAGS  := -std=c11 $(OPT) -g $(WARN) $(if $(WERROR),-Werror,) \
           -D_POSIX_C_SOURCE=200809L -I. $(SANFLAGS) $(EXTRA_CFLAGS)
LDFLAGS := $(SANFLAGS) $(EXTRA_LDFLAGS)
LDLIBS  := -lm
UI_LIBS := -lreadline -lncursesw

# ---- the library: isa <- devices <- sim <- monitor ------------------------
LIB_SRCS := $(wildcard isa/*.c devices/*.c sim/*.c monitor/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
LIB      := $(BUILD)/libsimmon.a

# ---- the command line tool and the debugger (readline, ncurses) ------------
CLI_SRCS := $(wildcard cli/*.c debugger/*.c)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
SIMMON   := $(BUILD)/simmon

# ---- unit tests: tests/unit/test_NAME.c -> $(BUILD)/tests/test_NAME -------
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all demo test check asan ubsan fuzz fuzz-smoke bench clean deps spec-table os
all: $(SIMMON) $(UNIT_BINS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(SIMMON): $(CLI_OBJS) $(LIB)
	$(CC) $(LDFLAGS) $(CLI_OBJS) $(LIB) $(UI_LIBS) $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP $< $(LIB) $(LDFLAGS) -lcmocka $(LDLIBS) -o $@

-include $(shell find $(BUILD)/obj $(BUILD)/tests -name '*.d' 2>/dev/null)

# ---- packages --------------------------------------------------------------
deps:
	@sh .ci/deps.sh

# ---- the main job ------------------------------------------------------------
demo: deps
	@$(MAKE) --no-print-directory all
	@sh programs/demo/run-demo.sh $(BUILD)

# ---- the toy OS: $(BUILD)/os.elf, $(BUILD)/user/*.elf, $(BUILD)/disk.img ---
os: $(SIMMON)
	@sh programs/os/build.sh $(BUILD) $(BUILD)

# ---- the suite -------------------------------------------------------------
# check: the suite on one build (BUILD/SAN select which).  test: all of them.
check: all
	@sh tests/run.sh $(BUILD)

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=address OPT=-O1 check
ubsan:
	@$(MAKE) --no-print-directory BUILD=build/ubsan SAN=undefined OPT=-O1 check

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=address OPT=-O1 all
	@$(MAKE) --no-print-directory BUILD=build/ubsan SAN=undefined OPT=-O1 all
	@$(MAKE) --no-print-directory fuzz
	@sh tests/run.sh build build/asan build/ubsan --fuzz-smoke build/fuzz

# ---- fuzzing (clang + libFuzzer) -------------------------------------------
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=build/fuzz/obj/%.o)
FUZZ_CFLAGS := -std=c11 -O1 -g -D_POSIX_C_SOURCE=200809L -I. \
               -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined

fuzz: $(FUZZ_BINS)
build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_OBJS)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB_OBJS) -lm -o $@
# Long runs: make fuzz-long FUZZ_SECONDS=60
FUZZ_SECONDS ?= 60
fuzz-long: fuzz
	@for f in $(FUZZ_BINS); do \
	  mkdir -p build/fuzz/corpus/$$(basename $$f); \
	  echo "== $$f for $(FUZZ_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 build/fuzz/corpus/$$(basename $$f) tests/fuzz/seeds/$$(basename $$f) || exit 1; \
	done

# ---- benchmarks ------------------------------------------------------------
bench: $(SIMMON)
	@sh bench/run.sh $(BUILD)

# ---- the instruction table in SPEC.md is generated from isa/sm32.def ------
spec-table: $(SIMMON)
	$(SIMMON) isa-table

clean:
	rm -rf build
