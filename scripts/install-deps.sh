#!/usr/bin/env bash
# Install what trappe needs to build, run and test on Debian 12.
# Installs only what is missing; does nothing when everything is present.
# Usage: scripts/install-deps.sh [build|check]   (check adds test-only tools)
set -eu

want=${1:-build}
pkgs="gcc make meson ninja-build pkg-config
libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev liboath-dev libqrencode-dev
libxlsxwriter-dev libcairo2-dev libpango1.0-dev libfontconfig-dev fonts-dejavu-core"
# Node.js and npm fetch the design system (and the browser tests' packages), unless present.
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
if [ "$want" = check ]; then
	pkgs="$pkgs libcmocka-dev sqlite3 jq curl clang-format cppcheck oathtool tidy chromium poppler-utils python3"
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

npm_deps() {
	local top
	top="$(cd "$(dirname "$0")/.." && pwd)"
	# DKFDS (the Danish public sector's design system) from npm, vendored into static/dkfds/.
	if [ ! -d "$top/web/node_modules/dkfds/dist" ]; then
		echo "install-deps: npm package dkfds"
		(cd "$top/web" && npm ci --no-audit --no-fund --loglevel=error)
	fi
	if [ ! -f "$top/static/dkfds/css/dkfds.min.css" ]; then
		mkdir -p "$top/static/dkfds/css" "$top/static/dkfds/img" "$top/static/dkfds/fonts/IBMPlexSans"
		cp "$top/web/node_modules/dkfds/dist/css/dkfds.min.css" "$top/static/dkfds/css/"
		cp -r "$top/web/node_modules/dkfds/dist/img/svg-icons" "$top/static/dkfds/img/"
		cp -r "$top/web/node_modules/dkfds/dist/fonts/IBMPlexSans/complete" \
			"$top/static/dkfds/fonts/IBMPlexSans/"
	fi
	# The browser tests' npm packages (playwright-core, @axe-core/playwright), from the lock file.
	if [ "$want" = check ] && [ ! -d "$top/tests/browser/node_modules/playwright-core" ]; then
		echo "install-deps: npm packages for the browser tests"
		(cd "$top/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

if [ -z "$missing" ]; then
	npm_deps
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
npm_deps
