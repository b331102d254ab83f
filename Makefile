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

.PHONY: setup build test test-static test-unit test-browser test-e2e demo bench clean

setup:
	@sh scripts/setup/system-packages.sh
	@sh scripts/setup/toolchain.sh
	@pnpm install --frozen-lockfile --prefer-offline --reporter=silent
	@sh server/mediasoup-worker/build-mediasoup-worker.sh
	@node scripts/setup/vision-assets.ts

build: setup
	@pnpm run --silent build

test: build
	@$(MAKE) --no-print-directory test-static test-unit test-browser test-e2e

test-static:
	pnpm run --silent typecheck
	pnpm run --silent lint

test-unit:
	pnpm exec vitest run

test-browser:
	pnpm exec web-test-runner

test-e2e:
	pnpm exec vitest run --config tests/e2e/vitest.config.ts

demo: build
	node --conditions=source examples/demo-bank/src/main.ts

bench: build
	node --conditions=source bench/run.ts

clean:
	rm -rf packages/*/dist node_modules/.cache var
