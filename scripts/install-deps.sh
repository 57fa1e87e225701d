#!/usr/bin/env bash
# Install what trappe needs to build, run and test on Debian 12.
# Installs only what is missing; does nothing when everything is present.
# Usage: scripts/install-deps.sh [build|check]   (check adds test-only tools)
set -eu

want=${1:-build}
pkgs="gcc make meson ninja-build pkg-config
libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev liboath-dev libqrencode-dev"
if [ "$want" = check ]; then
	pkgs="$pkgs libcmocka-dev sqlite3 jq curl clang-format oathtool tidy"
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing Debian packages:$missing" >&2
	echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
