#!/usr/bin/env bash
# `make dist`: one archive that installs the server on a machine without the
# internet or a build toolchain: the compiled server with its production
# dependencies (face models inside @aircounter/vision), the mediasoup worker
# built by `make setup`, the Node runtime of .tools/, start scripts, the
# systemd unit, an install script and the operations docs. Runtime Debian
# packages stay the distribution's (install.sh names them).
#
#   var/dist/aircounter-server-<version>-linux-<arch>.tar.gz (+ .sha256)
#
# Run after `make build` (the Makefile's dist target does). Dependencies come
# from pnpm's store (what `make setup` installed), or the registry/mirror.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
VERSION=$(node -p "require('./server/package.json').version")
case "$(uname -m)" in
	x86_64) ARCH=x64 ;;
	aarch64) ARCH=arm64 ;;
	*) echo "dist: unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac
NAME="aircounter-server-$VERSION-linux-$ARCH"
OUT="$ROOT/var/dist"
STAGE="$OUT/$NAME"
WORKER="${MEDIASOUP_WORKER_BIN:-$(ls -d node_modules/.pnpm/mediasoup@*/node_modules/mediasoup/worker/out/Release/mediasoup-worker | head -1)}"
NODE_DIR=$(cd "$(dirname "$(readlink -f .tools/bin/node)")/.." && pwd)

[ -x "$WORKER" ] || { echo "dist: no mediasoup worker at $WORKER (run make setup)" >&2; exit 1; }
[ -f server/dist/main.js ] || { echo "dist: server/dist is missing (run make build)" >&2; exit 1; }
[ -d packages/vision/assets/models ] || { echo "dist: face models missing (run make setup)" >&2; exit 1; }

rm -rf "$STAGE" "$OUT/$NAME.tar.gz" "$OUT/$NAME.tar.gz.sha256"
mkdir -p "$STAGE/bin" "$STAGE/node/bin" "$STAGE/systemd" "$STAGE/docs"
echo "dist: server and production dependencies"
pnpm --filter @aircounter/server deploy --legacy --prod --prefer-offline --reporter=silent "$STAGE/app"
# Sources and tests are not part of a release: dist/ runs.
rm -rf "$STAGE/app/src" "$STAGE/app/test"
install -m 0755 "$WORKER" "$STAGE/bin/mediasoup-worker"
install -m 0755 "$NODE_DIR/bin/node" "$STAGE/node/bin/node"
for file in LICENSE README.md; do [ -f "$NODE_DIR/$file" ] && install -m 0644 "$NODE_DIR/$file" "$STAGE/node/$file"; done
install -m 0755 deploy/archive/aircounter-server deploy/archive/aircounter deploy/archive/install.sh -t "$STAGE/bin"
mv "$STAGE/bin/install.sh" "$STAGE/install.sh"
install -m 0644 deploy/systemd/aircounter.service "$STAGE/systemd/"
install -m 0644 LICENSE "$STAGE/"
install -m 0644 docs/operations.md docs/configuration.md docs/security.md docs/evidence-storage.md "$STAGE/docs/"
printf '%s\n' "$VERSION" > "$STAGE/VERSION"

echo "dist: packing"
tar -C "$OUT" -czf "$OUT/$NAME.tar.gz" "$NAME"
(cd "$OUT" && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
rm -rf "$STAGE"
echo "dist: $OUT/$NAME.tar.gz ($(du -h "$OUT/$NAME.tar.gz" | cut -f1))"
