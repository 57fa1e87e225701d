# trappe - the two commands of the README, and a few more.
#   make run     install what is missing, build, start the server on ./trappe.db
#   make check   install what is missing, build, run every test tier
BUILD  ?= build
DB     ?= trappe.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build run check bench fuzz format clean

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

bench:
	@scripts/bench.sh

fuzz:
	@scripts/fuzz.sh

format:
	@scripts/format.sh

clean:
	rm -rf build build-asan build-analyzer build-fuzz build-bench-single build-bench-none
