#!/bin/sh
# Installs the Debian/Ubuntu packages AirCounter needs, only those missing.
# Build chain for the mediasoup worker, the libraries it links, ffmpeg for
# recording, espeak-ng (offline speech for disclosures), Chromium and Firefox
# ESR for the browser tests, CJK fonts for zh-Hans/zh-Hant, PostgreSQL (the
# store's tests start their own throw-away server from it), iproute2 (the
# Firefox suites build a throw-away test network), coturn (the TURN suite
# starts its own throw-away TURN server on loopback), poppler-utils (pdfsig
# checks signed PDFs independently of our own code).
set -eu

PACKAGES="build-essential pkg-config python3 meson ninja-build patch
libuv1-dev libssl-dev libsrtp2-dev libabsl-dev libflatbuffers-dev flatbuffers-compiler
ffmpeg espeak-ng chromium firefox-esr fonts-noto-cjk postgresql iproute2 coturn poppler-utils"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
	exit 0
fi

echo "[setup] installing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "[setup] ERROR: need root or sudo to install:$missing" >&2; exit 1; }
	SUDO=sudo
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
