#!/bin/sh
# Builds the native mediasoup-worker of the installed `mediasoup` npm package
# offline, against Debian 12 libraries (no GitHub, no wrapdb, no PyPI).
#
# Why: mediasoup's own postinstall downloads a prebuilt worker from GitHub and
# falls back to pip + meson wraps; none of that answers on a bank's air-gapped
# network. We build from the C++ sources that ship inside the npm package, with
# the version-pinned patch beside this script (see README.md here).
#
# Idempotent and cached: the binary is keyed by (mediasoup version, patch,
# build recipe version, meson args, versions of the Debian libraries it links) and kept
# in a cache outside the work tree, so a fresh clone on the same machine copies
# it instead of compiling for 3-6 minutes.
#
# Env:
#   MEDIASOUP_WORKER_BIN      set: the operator provides a binary; nothing to do.
#   AIR_WORKER_CACHE          cache dir (default: ${XDG_CACHE_HOME:-~/.cache}/aircounter/mediasoup-worker)
#   AIR_WORKER_FORCE=1        rebuild even when cached.
#   AIR_WORKER_JOBS           parallel jobs (default: nproc).
#   AIR_WORKER_MESON_ARGS     extra `meson setup` arguments.
#   AIR_MEDIASOUP_UPSTREAM=1  machine with internet: run mediasoup's own installer
#                             (prebuilt download from GitHub, else its own build).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
log() { echo "[mediasoup-worker] $*"; }

if [ -n "${MEDIASOUP_WORKER_BIN:-}" ]; then
	log "MEDIASOUP_WORKER_BIN is set; using the operator's binary"
	exit 0
fi

# Resolve mediasoup the way the server does (from the server package: server/
# here, node_modules/@aircounter/server when installed), then follow the
# pnpm symlink to the real package directory, exactly like mediasoup's own
# getDefaultWorkerBin() (require.resolve('mediasoup')).
MS_DIR=$(cd "$HERE/.." && node -e "const p=require('path');console.log(p.resolve(p.dirname(require.resolve('mediasoup')),'..','..'))")
MS_VERSION=$(node -e "console.log(require(process.argv[1]).version)" "$MS_DIR/package.json")
PATCH="$HERE/mediasoup@$MS_VERSION.patch"
if [ ! -f "$PATCH" ]; then
	log "ERROR: no patch for mediasoup $MS_VERSION ($PATCH). The patch is version-specific:" >&2
	log "pin mediasoup to a version with a patch here, or port the patch (see README.md here)." >&2
	exit 1
fi

DEST="$MS_DIR/worker/out/Release/mediasoup-worker"

if [ -n "${AIR_MEDIASOUP_UPSTREAM:-}" ]; then
	if [ -x "$DEST" ] && [ "$(cat "$DEST.key" 2>/dev/null)" = upstream ]; then
		log "up to date (upstream installer)"
		exit 0
	fi
	log "running mediasoup's own installer (needs internet)"
	(cd "$MS_DIR" && node npm-scripts.mjs postinstall)
	echo upstream > "$DEST.key"
	exit 0
fi
LIBS=$(dpkg-query -W -f='${Package}=${Version}\n' libuv1 libssl3 libsrtp2-1 'libabsl20220623' 2>/dev/null || true)
# Bump RECIPE when the build steps below change what gets built.
RECIPE=1
KEY=$( (echo "$MS_VERSION recipe $RECIPE"; cat "$PATCH"; echo "${AIR_WORKER_MESON_ARGS:-}"; echo "$LIBS") | sha256sum | cut -c1-16)
CACHE=${AIR_WORKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aircounter/mediasoup-worker}
CACHED="$CACHE/$MS_VERSION-$KEY/mediasoup-worker"
STAMP="$DEST.key"

install_binary() {
	mkdir -p "$(dirname "$DEST")"
	# Copy (not link): pnpm may hard-link package files from its store, and the
	# binary must not be shared with another project's copy of mediasoup.
	cp "$1" "$DEST.tmp" && chmod 0755 "$DEST.tmp" && mv -f "$DEST.tmp" "$DEST"
	echo "$KEY" > "$STAMP"
}

if [ -z "${AIR_WORKER_FORCE:-}" ] && [ -x "$DEST" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$KEY" ]; then
	log "up to date ($MS_VERSION, key $KEY)"
	exit 0
fi
if [ -z "${AIR_WORKER_FORCE:-}" ] && [ -x "$CACHED" ]; then
	install_binary "$CACHED"
	log "installed from cache $CACHED"
	exit 0
fi

for tool in meson ninja pkg-config c++ flatc patch; do
	command -v "$tool" >/dev/null 2>&1 || {
		log "ERROR: '$tool' not found; run scripts/setup/system-packages.sh (Debian packages)." >&2
		exit 1
	}
done

BUILD=$(mktemp -d "${TMPDIR:-/tmp}/aircounter-worker.XXXXXX")
trap 'rm -rf "$BUILD"' EXIT
JOBS=${AIR_WORKER_JOBS:-$(nproc)}
log "building mediasoup $MS_VERSION worker (jobs: $JOBS); takes 3-6 minutes on 2 cores"

# Work on a copy: files inside node_modules are hard-linked from pnpm's store.
mkdir -p "$BUILD/pkg"
cp -R "$MS_DIR/worker" "$BUILD/pkg/worker"
rm -rf "$BUILD/pkg/worker/out" "$BUILD/pkg/worker/prebuild" "$BUILD/pkg/worker/pip_invoke"
patch -p1 --forward --batch --quiet -d "$BUILD/pkg" < "$PATCH"

start=$(date +%s)
# shellcheck disable=SC2086
meson setup "$BUILD/build" "$BUILD/pkg/worker" --wrap-mode=nodownload --buildtype=release \
	-Db_ndebug=true ${AIR_WORKER_MESON_ARGS:-} > "$BUILD/setup.log" 2>&1 || { cat "$BUILD/setup.log" >&2; exit 1; }
# The FlatBuffers headers first: deps/libwebrtc includes them without a
# dependency on the generator, so a parallel build can race.
meson compile -C "$BUILD/build" flatbuffers-generator > "$BUILD/fbs.log" 2>&1 || { cat "$BUILD/fbs.log" >&2; exit 1; }
meson compile -C "$BUILD/build" -j "$JOBS" mediasoup-worker > "$BUILD/compile.log" 2>&1 || { tail -50 "$BUILD/compile.log" >&2; exit 1; }
strip "$BUILD/build/mediasoup-worker"
end=$(date +%s)

mkdir -p "$(dirname "$CACHED")"
cp "$BUILD/build/mediasoup-worker" "$CACHED.tmp" && mv -f "$CACHED.tmp" "$CACHED"
install_binary "$CACHED"
log "built in $((end - start)) s and installed $DEST ($(du -h "$DEST" | cut -f1))"
