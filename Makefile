# BizWorks: `make run` to try it, `make test` to check everything.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

SERVER_ENV := LEPTOS_OUTPUT_NAME=bizworks LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
# cargo-leptos builds the wasm in target/front; the wasm tests reuse what it compiled there.
WASM_TEST_ENV := CARGO_TARGET_DIR=target/front \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120

.PHONY: run build tools test-tools test lint unit wasm-test e2e fmt

## Install what is missing, build, migrate, load the demo data and serve on :3000.
run: tools build
	$(SERVER_ENV) ./target/debug/server seed-demo
	$(SERVER_ENV) LEPTOS_SITE_ADDR=$${BIZWORKS_ADDR:-127.0.0.1:3000} ./target/debug/server serve

tools:
	@.ci/tools

test-tools:
	@.ci/test-tools

build: tools
	cargo leptos build

## Every check and every test, as CI runs them. A from-scratch run gains nothing from
## incremental compilation, which would only cost time and gigabytes of disk.
test: export CARGO_INCREMENTAL := 0
test: tools test-tools lint unit wasm-test e2e
	@echo "make test: all checks passed"

lint:
	cargo fmt --all -- --check
	@# The browser bundle must never pull in the server's stack.
	@deps=$$(cargo tree -p frontend --target wasm32-unknown-unknown -e normal --prefix none); \
	if grep -E '^(sea-orm|sqlx|tokio|axum|leptos_axum) ' <<< "$$deps"; then \
		echo "the wasm build depends on server-only crates (above)"; exit 1; fi
	cargo clippy -p app -p server -p migrations --all-targets -- -D warnings
	CARGO_TARGET_DIR=target/front cargo clippy -p frontend --target wasm32-unknown-unknown --all-targets -- -D warnings

## Unit and server integration tests, on SQLite and on a throw-away PostgreSQL.
unit:
	.ci/with-postgres cargo test -p app -p server -p migrations

## The browser store's tests, in headless chromium.
wasm-test: tools test-tools build
	$(WASM_TEST_ENV) cargo test -p frontend --target wasm32-unknown-unknown

## Playwright journeys in Debian's chromium, with and without JavaScript.
e2e: build test-tools
	cd end2end && npx playwright test

fmt:
	cargo fmt --all
