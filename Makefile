# winnow quick start. Both targets are idempotent: a second run only rebuilds what changed.
#   make run    install what is missing, build Release, clean sample_data/ into out/, print a summary
#   make test   install what is missing, build, run every test through ctest
#   make sanitize  the test suite again under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench  pass-through throughput against the zstd floor (see bench/README.md)

BUILD_DIR ?= build/release
JOBS ?= $(shell nproc)
WINNOW := $(BUILD_DIR)/winnow

SANITIZE_DIR ?= build/sanitize

.PHONY: deps data build run test sanitize bench clean

# The text packages too: the dedup recall test generates a corpus from them (bench/make-corpus).
deps:
	@scripts/install-deps --sample-data

# Tokenizer rank files and the reference tokenizer, pinned by version and sha256 (not in git).
# The LDNOOBW bad-word lists (npm naughty-words), pinned the same way, into .cache/filter-data/.
data: deps
	@scripts/fetch-tokenizer-data
	@scripts/fetch-filter-data

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(WINNOW) run sample_data --output out --config configs/web.yaml --threads $(JOBS)

test: data build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The whole suite again, built with AddressSanitizer + UndefinedBehaviorSanitizer; any report fails it.
sanitize: data
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWINNOW_SANITIZE=ON
	cmake --build $(SANITIZE_DIR) -j $(JOBS)
	cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

bench: build
	@scripts/install-deps --bench
	bench/run

clean:
	rm -rf $(BUILD_DIR) out
