# bmodel — build, test, demo.
#
#   make          $(BINDIR)/bmc, $(LIBDIR)/libbmrt.a (runtime + stdlib), $(LIBDIR)/bm_main.o
#   make demo     compile + sample eight schools (non-centered), print summary
#   make test     unit tests (cmocka) and end-to-end tests
#   make bench    benchmarks (timings, never part of the tests)
#   make docs     regenerate docs/functions.md from the stdlib catalog
#   make sbc      simulation-based calibration (SBC_REPS, default 500)
#   make validate every model with a reference or exact posterior, sampled and
#                 checked, one table (VALIDATE_MODELS="a b" for a subset)
#   make fuzz     libFuzzer on the front end (clang; FUZZ_SECONDS, default 60)
#   make sanitize front-end tests and bmc check under ASan + UBSan (gcc)
#
# Sources are picked up by directory: lang/*.c + compiler/*.c -> bmc;
# runtime/*.c + stdlib/*.c -> libbmrt.a; runtime/model_main.c is the `main`
# linked into every model program; tests/<area>/test_*.c -> one cmocka binary
# each.  Missing Debian packages are installed when run as root.

CC      ?= gcc
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Wno-unused-parameter
CPPFLAGS = -Ilang -Icompiler -Iruntime -Istdlib -I$(B)/lang -D_GNU_SOURCE
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -fopenmp $(CPPFLAGS)
LDLIBS  := -lm -fopenmp

# B, LIBDIR and BINDIR may be overridden (e.g. a private build tree:
#   make B=build-x LIBDIR=build-x/lib BINDIR=build-x/bin test)
B ?= build
LIBDIR ?= lib
BINDIR ?= bin
.DEFAULT_GOAL := all

# ---- Debian packages --------------------------------------------------------
DEB_PKGS := flex bison libcmocka-dev
DEPS_STAMP := $(B)/.deps-ok

$(DEPS_STAMP):
	@missing=""; \
	command -v flex  >/dev/null 2>&1 || missing="$$missing flex"; \
	command -v bison >/dev/null 2>&1 || missing="$$missing bison"; \
	[ -f /usr/include/cmocka.h ]     || missing="$$missing libcmocka-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing missing Debian packages:$$missing"; \
	    (apt-get install -y $$missing || (apt-get update && apt-get install -y $$missing)) >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages. Run:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi
	@mkdir -p $(B) && touch $@

# ---- sources ----------------------------------------------------------------
LANG_C      := $(wildcard lang/*.c)
LANG_GEN    := $(B)/lang/parser.c $(B)/lang/lexer.c
COMPILER_C  := $(wildcard compiler/*.c)
MODEL_MAIN  := runtime/model_main.c
RUNTIME_C   := $(filter-out $(MODEL_MAIN),$(wildcard runtime/*.c))
STDLIB_C    := $(wildcard stdlib/*.c)

obj = $(patsubst %.c,$(B)/%.o,$(1))

LANG_O     := $(call obj,$(LANG_C)) $(LANG_GEN:.c=.o)
COMPILER_O := $(call obj,$(COMPILER_C))
RT_O       := $(call obj,$(RUNTIME_C) $(STDLIB_C))
BMC_MAIN_O := $(B)/compiler/bmc.o

.PHONY: all test demo bench clean deps docs
all: $(BINDIR)/bmc $(LIBDIR)/libbmrt.a $(LIBDIR)/bm_main.o

deps: $(DEPS_STAMP)

$(B)/lang/parser.c $(B)/lang/parser.h &: lang/parser.y | $(DEPS_STAMP)
	@mkdir -p $(B)/lang
	bison -Wall -Werror --defines=$(B)/lang/parser.h -o $(B)/lang/parser.c $<

$(B)/lang/lexer.c: lang/lexer.l $(B)/lang/parser.h | $(DEPS_STAMP)
	@mkdir -p $(B)/lang
	flex -o $@ $<

# generated sources: relax warnings flex/bison code trips on
$(B)/lang/%.o: $(B)/lang/%.c
	$(CC) $(ALL_CFLAGS) -Wno-sign-compare -Wno-unused-function -c $< -o $@

$(B)/%.o: %.c $(B)/lang/parser.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIBDIR)/libbmrt.a: $(RT_O)
	@mkdir -p $(LIBDIR)
	rm -f $@ && ar rcs $@ $^

$(LIBDIR)/libbmlang.a: $(LANG_O) $(filter-out $(BMC_MAIN_O),$(COMPILER_O))
	@mkdir -p $(LIBDIR)
	rm -f $@ && ar rcs $@ $^

$(LIBDIR)/bm_main.o: $(call obj,$(MODEL_MAIN))
	@mkdir -p $(LIBDIR)
	cp $< $@

# bmc finds runtime headers and libraries here unless BMODEL_HOME is set
$(BMC_MAIN_O): ALL_CFLAGS += -DBM_HOME='"$(CURDIR)"' -DBM_LIBDIR='"$(abspath $(LIBDIR))"'

$(BINDIR)/bmc: $(BMC_MAIN_O) $(LIBDIR)/libbmlang.a $(LIBDIR)/libbmrt.a
	@mkdir -p $(BINDIR)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# ---- tests ------------------------------------------------------------------
TEST_C    := $(wildcard tests/*/test_*.c)
TEST_BINS := $(patsubst tests/%.c,$(B)/tests/%,$(TEST_C))

$(B)/tests/%: tests/%.c $(LIBDIR)/libbmlang.a $(LIBDIR)/libbmrt.a | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -Itests -o $@ $< $(LIBDIR)/libbmlang.a $(LIBDIR)/libbmrt.a -lcmocka $(LDLIBS)

# docs/functions.md is generated from the catalog (and the compiler's lowering
# tables, for what it lowers itself); the test checks it is current
GEN_FUNCS := $(B)/tools/gen_functions_md
$(GEN_FUNCS): tests/stdlib/gen_functions_md.c stdlib/catalog.c stdlib/catalog.h $(LIBDIR)/libbmlang.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/stdlib/gen_functions_md.c stdlib/catalog.c $(LIBDIR)/libbmlang.a $(LDLIBS)

docs: $(GEN_FUNCS)
	$(GEN_FUNCS) > docs/functions.md

test: all $(TEST_BINS) $(GEN_FUNCS)
	@fail=0; for t in $(TEST_BINS); do \
	  echo "== $$t"; $$t || fail=1; done; \
	echo "== docs/functions.md is generated from the catalog"; \
	$(GEN_FUNCS) | diff -q - docs/functions.md >/dev/null \
	  || { echo "FAIL: docs/functions.md is stale: run make docs"; fail=1; }; \
	echo "== tests/stdlib/nvcc_check.sh"; bash tests/stdlib/nvcc_check.sh || fail=1; \
	for s in tests/e2e/test_*.sh; do [ -f "$$s" ] || continue; \
	  echo "== $$s"; BMC=$(abspath $(BINDIR))/bmc bash $$s || fail=1; done; \
	if [ $$fail = 0 ]; then echo "ALL TESTS PASSED"; else echo "SOME TESTS FAILED"; exit 1; fi

# ---- demo ------------------------------------------------------------------
demo: all
	$(BINDIR)/bmc compile models/eight_schools_noncentered.bmodel -o $(B)/eight_schools_noncentered
	$(B)/eight_schools_noncentered sample --data models/eight_schools.csv --chains 4 --seed 1 --output $(B)/demo_out

bench: all
	@for b in tests/bench/*.sh; do [ -f "$$b" ] && bash $$b; done; true

# ---- fuzzing (clang + libFuzzer; never part of make test) ----------------
#   make fuzz-build                 $(B)/fuzz/fuzz_frontend
#   make fuzz [FUZZ_SECONDS=1800]   runs it on a scratch corpus $(B)/fuzz/corpus
#                                   (kept between runs) seeded from tests/fuzz/corpus,
#                                   tests/lang/{good,bad} and models; crashers land in
#                                   $(B)/fuzz/artifacts/ (emptied at the start of a run)
# The run goes on after a crash (fork mode) and fails at the end if any
# crash, timeout or leak was found.  Keep a fixed crasher by copying it to
# tests/fuzz/corpus/crash-<what> (test_replay replays that directory).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?= -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer -O1 -g
FUZZ_ARGS    ?= -timeout=10 -rss_limit_mb=2048 -max_len=8192
FUZZ_DIR     := $(B)/fuzz
FUZZ_BIN     := $(FUZZ_DIR)/fuzz_frontend
FUZZ_SRC     := tests/fuzz/fuzz_frontend.c $(LANG_C) $(LANG_GEN) \
                $(filter-out compiler/bmc.c,$(COMPILER_C)) stdlib/catalog.c

.PHONY: fuzz fuzz-build sanitize sanitize-run
fuzz-build: $(FUZZ_BIN)

$(FUZZ_BIN): $(FUZZ_SRC) tests/fuzz/fuzz_check.h $(wildcard lang/*.h compiler/*.h stdlib/catalog.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 $(WARN) -Wno-missing-field-initializers $(FUZZ_FLAGS) -Ilang -Icompiler -Iruntime -Istdlib -I$(B)/lang -Itests \
	  -D_GNU_SOURCE -Wno-sign-compare -Wno-unused-function -o $@ $(FUZZ_SRC) -lm

fuzz: $(FUZZ_BIN)
	@rm -rf $(FUZZ_DIR)/artifacts && mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/artifacts
	@cp tests/fuzz/corpus/* tests/lang/good/*.bmodel tests/lang/bad/*.bmodel \
	  models/*.bmodel $(FUZZ_DIR)/corpus/ 2>/dev/null; true
	cd $(FUZZ_DIR) && ./fuzz_frontend -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
	  -ignore_ooms=1 -max_total_time=$(FUZZ_SECONDS) -dict=$(CURDIR)/tests/fuzz/bmodel.dict \
	  -artifact_prefix=artifacts/ -print_final_stats=1 $(FUZZ_ARGS) corpus </dev/null 2>&1 \
	  | tee fuzz.log | grep -aE '^#[0-9]+:|^INFO: (fuzzing|exiting)|^==.*ERROR|^SUMMARY|^fuzz:'; true
	@echo "corpus: $$(ls $(FUZZ_DIR)/corpus | wc -l) inputs; full log: $(FUZZ_DIR)/fuzz.log"
	@found=$$(ls $(FUZZ_DIR)/artifacts 2>/dev/null); \
	if [ -n "$$found" ]; then echo "FUZZ FOUND PROBLEMS in $(FUZZ_DIR)/artifacts:"; \
	  echo "$$found"; exit 1; else echo "FUZZ CLEAN"; fi

# ---- sanitizers (gcc ASan + UBSan over the front-end tests and bmc check) ---
#   make sanitize   builds a separate tree under $(B)/sanitize and runs
#                   tests/lang/test_*, tests/fuzz/test_replay, and `bmc check`
#                   on every tests/lang/{good,bad} program; clean = exit 0.
SANFLAGS  ?= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_B     := $(B)/sanitize
# leaks: checked for bmc (the front end frees its arena), not for test drivers
SAN_ENV   := UBSAN_OPTIONS=exitcode=86:print_stacktrace=1 ASAN_OPTIONS=exitcode=86:detect_leaks

sanitize:
	$(MAKE) B=$(SAN_B) LIBDIR=$(SAN_B)/lib BINDIR=$(SAN_B)/bin CFLAGS="-O1 -g $(SANFLAGS)" \
	  CPPFLAGS="-Ilang -Icompiler -Iruntime -Istdlib -I$(SAN_B)/lang -D_GNU_SOURCE" sanitize-run

# (runs inside the sanitize tree: B is $(SAN_B) there)
sanitize-run: $(BINDIR)/bmc $(filter $(B)/tests/lang/% $(B)/tests/fuzz/%,$(TEST_BINS))
	@fail=0; for t in $(filter $(B)/tests/lang/% $(B)/tests/fuzz/%,$(TEST_BINS)); do \
	  echo "== $$t"; $(SAN_ENV)=0 $$t >$$t.log 2>&1 || { cat $$t.log; fail=1; }; \
	  grep -aE 'runtime error|Sanitizer' $$t.log && fail=1; done; \
	echo "== bmc check tests/lang/good tests/lang/bad models"; \
	for f in tests/lang/good/*.bmodel tests/lang/bad/*.bmodel models/*.bmodel; do \
	  $(SAN_ENV)=1 $(BINDIR)/bmc check $$f >$(B)/check.log 2>&1; rc=$$?; \
	  if [ $$rc -gt 1 ] || grep -aqE 'runtime error|Sanitizer' $(B)/check.log; then \
	    echo "FAIL: bmc check $$f (exit $$rc)"; cat $(B)/check.log; fail=1; fi; done; \
	if [ $$fail = 0 ]; then echo "SANITIZE CLEAN"; else echo "SANITIZE FOUND PROBLEMS"; exit 1; fi

clean:
	rm -rf $(B) $(BINDIR) $(LIBDIR)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---- validation against known posteriors (minutes; never part of make test) ----
#   make validate [VALIDATE_MODELS="arK garch11"]
#                 every model in models/ with a posteriordb reference
#                 (tests/e2e/reference/) or a closed-form posterior, 4 chains,
#                 fixed seed; one table; fails when any model does not match
.PHONY: validate
validate: all
	bash tests/validate/run.sh $(abspath $(BINDIR))/bmc $(B)/validate $(VALIDATE_MODELS)

# ---- simulation-based calibration (minutes; never part of make test) -----
#   make sbc [SBC_REPS=500]   rank histograms and chi-square p-values for
#                             eight schools NC, linear and logistic regression
SBC_REPS ?= 500
.PHONY: sbc
sbc: all
	bash tests/sbc/run.sh $(abspath $(BINDIR))/bmc $(B)/sbc $(SBC_REPS)
