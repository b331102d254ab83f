# AirCounter: `make demo` and `make test` are the whole quick start.
# Both set up what is missing first (Debian packages, Node 24 + pnpm in .tools/,
# dependencies, the mediasoup worker built from source), then run.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/.tools/bin:$(PATH)
# Never let a dependency try to download a browser or a prebuilt binary.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PUPPETEER_SKIP_DOWNLOAD := 1
export AIR_CHROMIUM ?= /usr/bin/chromium

.PHONY: setup build test demo bench dist clean

setup:
	@sh scripts/setup/system-packages.sh
	@sh scripts/setup/toolchain.sh
	@pnpm install --frozen-lockfile --prefer-offline --reporter=silent
	@sh server/mediasoup-worker/build-mediasoup-worker.sh
	@node scripts/setup/vision-assets.ts

build: setup
	@pnpm run --silent build

# Every suite runs even when one fails; the last line is "tests: N passed, N failed".
test: build
	@bash scripts/test-all.sh

demo: build
	node --conditions=source examples/demo-bank/src/main.ts

# One archive to install the server without the internet: var/dist/aircounter-server-<version>-linux-<arch>.tar.gz
# (docs/operations.md, "Installing from the release archive").
dist: build
	@bash scripts/release/make-dist.sh

# `make bench ONLY=store` runs one benchmark (names: docs/performance.md).
bench: build
	node --conditions=source bench/run.ts $(ONLY)

clean:
	rm -rf packages/*/dist node_modules/.cache var
