#!/bin/sh
# Installs this archive as a systemd service on Debian 12 / Ubuntu 24.04 (as root):
#   /opt/aircounter (this directory's contents), user `aircounter`, /var/lib/aircounter (data),
#   /etc/aircounter/aircounter.env (settings; created once with fresh secrets, never overwritten),
#   /etc/systemd/system/aircounter.service. Then: edit the settings, `systemctl enable --now aircounter`.
# The runtime packages come from the distribution (mirror them on a closed network).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=/opt/aircounter
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root" >&2; exit 1; }

apt-get install -y --no-install-recommends ffmpeg espeak-ng libuv1 libssl3 libsrtp2-1 libabsl20220623
id aircounter >/dev/null 2>&1 || useradd --system --home-dir /var/lib/aircounter --shell /usr/sbin/nologin aircounter

if [ "$HERE" != "$PREFIX" ]; then
	rm -rf "$PREFIX.new"
	cp -a "$HERE" "$PREFIX.new"
	rm -rf "$PREFIX.old"
	[ -d "$PREFIX" ] && mv "$PREFIX" "$PREFIX.old"
	mv "$PREFIX.new" "$PREFIX"
fi

install -d -m 0750 /etc/aircounter
if [ ! -e /etc/aircounter/aircounter.env ]; then
	secret() { "$PREFIX/node/bin/node" -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64url'))"; }
	umask 077
	cat > /etc/aircounter/aircounter.env <<SETTINGS
# AirCounter settings: docs/configuration.md lists every variable. Keep this file secret (mode 0600).
AIR_API_KEY=$(secret)
AIR_TOKEN_SECRET=$(secret)
AIR_HTTP_PORT=8443
AIR_HTTP_HOST=127.0.0.1
# AIR_ANNOUNCED_ADDRESS=203.0.113.10
# AIR_DATABASE_URL=postgres://aircounter:…@db.bank.internal:5432/aircounter
SETTINGS
	chown root:aircounter /etc/aircounter/aircounter.env
	chmod 0640 /etc/aircounter/aircounter.env
fi
install -m 0644 "$PREFIX/systemd/aircounter.service" /etc/systemd/system/aircounter.service
systemctl daemon-reload
echo "installed in $PREFIX; settings: /etc/aircounter/aircounter.env; start: systemctl enable --now aircounter"
