# BizWorks: `make run` to try it, `make test` to check everything.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

SERVER_ENV := LEPTOS_OUTPUT_NAME=bizworks LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
# The RUSTFLAGS cargo-leptos builds with (components type-erased; the wasm linked with
# relocations for splitting). Cargo does not keep one build per set of flags: a `cargo test` or
# `cargo clippy` with other flags compiles every dependency again over the same files, and the
# next `cargo leptos build` compiles them all back. With the same flags they share one build
# (about a quarter of an hour of a from-scratch `make test`). They mirror cargo-leptos 0.3's
# choice (config/project.rs there): if a new version changes it, builds only get slower again.
HOST_FLAGS := RUSTFLAGS="--cfg erase_components"
WASM_FLAGS := RUSTFLAGS="-Clink-args=--emit-relocs --cfg erase_components"
# cargo-leptos builds the wasm in target/front; the wasm tests reuse what it compiled there.
WASM_TEST_ENV := CARGO_TARGET_DIR=target/front $(WASM_FLAGS) \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120

.PHONY: run build release release-front wasm-opt tools test-tools test lint deny audit unit wasm-test e2e release-check wasm-size fmt

## Install what is missing, build, migrate, load the demo data and serve on :3000.
run: tools build
	$(SERVER_ENV) ./target/debug/server seed-demo
	$(SERVER_ENV) LEPTOS_SITE_ADDR=$${BIZWORKS_ADDR:-127.0.0.1:3000} ./target/debug/server serve

tools:
	@.ci/tools

test-tools:
	@.ci/test-tools

## `--split` in every build, not only the release: the pages are lazily loaded routes
## (app/src/shell.rs), and their wasm only loads once split out of the main file.
build: tools
	cargo leptos build --split

## The release as deployed (target/release/server and target/site). cargo-leptos runs wasm-opt
## on it: binaryen 132 from npm, first on PATH, because Debian's 108 breaks the wasm.
RELEASE_BUILD := PATH="$(CURDIR)/tools/wasm-opt/node_modules/.bin:$$PATH" cargo leptos build --release --split
release: tools wasm-opt
	$(RELEASE_BUILD)

## Only the release's browser side (target/site): what the release check needs.
release-front: tools wasm-opt
	$(RELEASE_BUILD) --frontend-only

## Binaryen's wasm-opt from npm (tools/wasm-opt), installed once.
wasm-opt:
	@if [ ! -x tools/wasm-opt/node_modules/.bin/wasm-opt ] || [ tools/wasm-opt/package-lock.json -nt tools/wasm-opt/node_modules/.package-lock.json ]; then \
		echo "==> installing binaryen (wasm-opt) from npm"; \
		(cd tools/wasm-opt && npm ci --no-audit --no-fund); fi

## Every check and every test, as CI runs them. A from-scratch run gains nothing from
## incremental compilation, which would only cost time and gigabytes of disk.
test: export CARGO_INCREMENTAL := 0
test: tools test-tools lint deny unit wasm-test e2e release-check
	@echo "make test: all checks passed"

lint:
	cargo fmt --all -- --check
	@# The browser bundle must never pull in the server's stack.
	@deps=$$(cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none); \
	if grep -E '^(sea-orm|sqlx|tokio|axum|leptos_axum) ' <<< "$$deps"; then \
		echo "the wasm build depends on server-only crates (above)"; exit 1; fi
	$(HOST_FLAGS) cargo clippy -p app -p server -p migrations --all-targets -- -D warnings
	CARGO_TARGET_DIR=target/front $(WASM_FLAGS) cargo clippy -p frontend --target wasm32-unknown-unknown --all-targets -- -D warnings
	@# The code only split builds compile (app/src/shell.rs: page groups loaded by their wasm).
	CARGO_TARGET_DIR=target/front $(WASM_FLAGS) cargo clippy -p frontend --features split --target wasm32-unknown-unknown -- -D warnings

## Every crate's licence allows shipping BizWorks under MIT, every crate comes from crates.io,
## none is banned (deny.toml). From Cargo.lock and the registry alone.
deny: test-tools
	cargo deny check licenses bans sources

## Known security advisories (RustSec) against Cargo.lock. Not part of `make test`: RustSec's
## database is only published on GitHub, and `make test` downloads from package registries only.
audit: test-tools
	cargo deny check advisories

## Unit and server integration tests, on SQLite and on a throw-away PostgreSQL.
unit:
	$(HOST_FLAGS) .ci/with-postgres cargo test -p app -p server -p migrations

## The browser store's tests, in headless chromium.
wasm-test: tools test-tools build
	$(WASM_TEST_ENV) cargo test -p frontend --target wasm32-unknown-unknown

## Playwright journeys in Debian's chromium, with and without JavaScript.
e2e: build test-tools
	cd end2end && npx playwright test

## The release's wasm passes every hydrated journey in chromium: it is built and post-processed
## differently from the debug one above (LTO, opt-level "z", wasm-opt). The server is the same
## code in either build and renders the same markup, so the debug server (which also checks
## arithmetic for overflow) serves it: an optimised build of the whole server added a quarter
## of an hour to every run. And the size of that wasm, reported, failing only past the ceiling
## that keeps it from growing while over its budget.
release-check: build release-front test-tools
	.ci/wasm-size --report
	cd end2end && npx playwright test --project=hydrated

## Fails while the gzipped release wasm is over its budget; not yet part of `make test`.
wasm-size: release-front
	.ci/wasm-size

fmt:
	cargo fmt --all
