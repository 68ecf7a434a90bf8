# Thin wrappers; the build is CMake (CMakePresets.json).
PRESET ?= release
ifeq ($(CI),true)
PRESET := ci
endif
BUILD := build/$(PRESET)
JOBS ?= 2

.PHONY: run test build deps bench clean format format-check tidy fuzz check-sanitizers

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

PORT ?= 8080
# The main job on the bundled data: import everything, compute every indicator, print
# profiles, a summary and the ranking of the panel; then the demonstration campaign
# (FICTITIOUS answers, labelled so everywhere: docs/collect/demo.md); then serve the web
# application and print its URL (Ctrl-C to stop; another port: make run PORT=8090).
run: build
	@$(BUILD)/fabscope --store $(BUILD)/fabscope.db run
	@$(BUILD)/fabscope --store $(BUILD)/fabscope.db demo
	@$(BUILD)/fabscope --store $(BUILD)/fabscope.db serve --port $(PORT)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
ifeq ($(CI),true)
	@# A short fuzz run of every target (the replay of the corpora is in ctest above).
	@FUZZ_SECONDS=$${CI_FUZZ_SECONDS:-5} FUZZ_JOBS=$(JOBS) JOBS=$(JOBS) scripts/fuzz
endif

bench:
	@scripts/install-deps --bench
	@cmake --preset bench >/dev/null && cmake --build build/bench -j $(JOBS)
	@bench/territory_vs_pandas.sh build/bench/fabscope
	@bench/referential_vs_numpy.sh build/bench/fabscope_bench_mc
	@bench/web_load.sh build/bench/fabscope
	@bench/typology_vs_factominer.sh 10000 build/bench/fabscope
	@bench/qca_vs_sympy.sh 2000 12 build/bench/fabscope
	@bench/matching_vs_matchit.sh 10000 build/bench/fabscope
	@bench/io_vs_numpy.sh build/bench/fabscope

# Fuzzing (fuzz/, docs/reliability.md): builds the libFuzzer harnesses with clang-14 in
# build/fuzz and runs each target FUZZ_SECONDS seconds (FUZZ_JOBS at once); fails on any
# finding. The committed corpora and regression inputs are also replayed by `make test`.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) JOBS=$(JOBS) scripts/fuzz

# ASan+UBSan over the unit and reference suites, then TSan over the threaded tests
# (presets asan and tsan, build/asan and build/tsan).
check-sanitizers: deps
	@JOBS=$(JOBS) scripts/check-sanitizers

# Style (.clang-format at the root; needs the clang-format package, not installed by deps).
format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
format-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

# Static analysis: clang-tidy-14 (.clang-tidy at the root: bug-prone and performance checks,
# no function over 120 lines) over every source file of src/ and the headers it includes;
# fails on any warning. Builds first: clang-tidy reads the build's compile_commands.json.
# The whole output is kept in $(BUILD)/tidy.log; shown here without the per-file command
# lines and clang's counts of the warnings it suppressed (system headers, other checks).
tidy: build
	@echo "tidy: run-clang-tidy-14 -j $(JOBS) over src/ (several minutes)" >&2
	@run-clang-tidy-14 -p $(BUILD) -quiet -j $(JOBS) -extra-arg=-Wno-unknown-warning-option '$(CURDIR)/src/' \
	  >$(BUILD)/tidy.log 2>&1; status=$$?; \
	  grep -v -e '^clang-tidy-14 ' -e '[0-9] warnings\? generated\.$$' $(BUILD)/tidy.log; \
	  if [ $$status -ne 0 ] || grep -q -E '(warning|error): ' $(BUILD)/tidy.log; then \
	    echo "tidy: clang-tidy reported problems (full output: $(BUILD)/tidy.log)" >&2; exit 1; \
	  fi; \
	  echo "tidy: no warning" >&2

clean:
	rm -rf build
