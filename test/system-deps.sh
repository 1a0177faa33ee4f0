#!/usr/bin/env bash
# The system packages the tests need besides npm's: Debian's chromium for the browser tests,
# poppler-utils (pdfinfo, pdftotext, pdftoppm) to check printouts and PDFs, and zbar-tools
# (zbarimg) to read the QR codes they carry. Installed here, so that `npm test` on a fresh
# machine needs no step of its own.
set -euo pipefail
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the browser and printout tests (Debian packages)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "The browser and printout tests need: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) or set CHROMIUM_PATH for chromium." >&2
  exit 1
fi
