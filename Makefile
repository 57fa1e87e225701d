# trappe - the two commands of the README, and a few more.
#   make run     install what is missing, build, start the server on ./trappe.db
#   make check   install what is missing, build, run every test tier
#   make soak    the crash harness at length (100 kill -9 cycles)
BUILD  ?= build
DB     ?= trappe.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build run check soak bench fuzz format clean

all: build

deps:
	@scripts/install-deps.sh build

build: deps
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD)
	@ninja -C $(BUILD)

run: build
	@scripts/run.sh $(BUILD)/trappe $(DB) $(LISTEN)

check:
	@scripts/check.sh

# R-01 at length: 100 kill -9 cycles under web writes and page views (make check runs 10).
soak: build
	@CRASH_CYCLES=100 TRAPPE=$(CURDIR)/$(BUILD)/trappe TRAPPE_CONFIG=$(CURDIR)/config \
		SRC=$(CURDIR) bash tests/cli/t0016-crash.sh

bench:
	@scripts/bench.sh

fuzz:
	@scripts/fuzz.sh

format:
	@scripts/format.sh

clean:
	rm -rf build build-asan build-analyzer build-fuzz build-bench-single build-bench-none
