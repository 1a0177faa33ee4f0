#!/usr/bin/env bash
# The system packages the tests need besides npm's: Debian's chromium for the browser tests.
# Installed here, so that `npm test` on a fresh machine needs no step of its own.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium for the browser tests (Debian package)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The browser tests need chromium: install it (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
