# Thin wrappers; the build is CMake (CMakePresets.json).
PRESET ?= release
ifeq ($(CI),true)
PRESET := ci
endif
BUILD := build/$(PRESET)
JOBS ?= 2

.PHONY: run test build deps bench clean format format-check

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

PORT ?= 8080
# The main job on the bundled data: import everything, compute every indicator, print
# profiles, a summary and the ranking of the panel, then serve the web application and
# print its URL (Ctrl-C to stop; another port: make run PORT=8090).
run: build
	@$(BUILD)/fabscope --store $(BUILD)/fabscope.db run
	@$(BUILD)/fabscope --store $(BUILD)/fabscope.db serve --port $(PORT)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench:
	@scripts/install-deps --bench
	@cmake --preset bench >/dev/null && cmake --build build/bench -j $(JOBS)
	@bench/territory_vs_pandas.sh build/bench/fabscope
	@bench/referential_vs_numpy.sh build/bench/fabscope_bench_mc
	@bench/web_load.sh build/bench/fabscope

# Style (.clang-format at the root; needs the clang-format package, not installed by deps).
format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
format-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build
