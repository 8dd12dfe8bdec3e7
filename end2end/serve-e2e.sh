#!/usr/bin/env bash
# Started by Playwright: serves the already built app on E2E_PORT (3100) against a fresh database
# with the demo data, so every run starts from the same state. It serves whatever target/site
# holds (the release's wasm after `make release-front`, as make test's release check does);
# E2E_SERVER_BIN runs another server build (`make release`, then ./target/release/server).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=$(mktemp -d /tmp/bizworks-e2e.XXXXXX)
export BIZWORKS_DATABASE_URL="sqlite://$DIR/e2e.db?mode=rwc"
export LEPTOS_OUTPUT_NAME=bizworks LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR=127.0.0.1:${E2E_PORT:-3100} RUST_LOG=${RUST_LOG:-warn}
SERVER=${E2E_SERVER_BIN:-./target/debug/server}
"$SERVER" seed-demo
exec "$SERVER" serve
