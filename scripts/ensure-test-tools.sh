#!/bin/sh
# `make test` runs the browser tests (Chromium) and the workbook recalculation test (LibreOffice).
# Install what is missing where we can (root on Debian, as .ci/run does); otherwise stop with the command
# that fixes it. `make test-fast` skips both on purpose.
set -eu
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium fonts-liberation2"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for the browser and workbook tests:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  exit 0
fi
echo "The whole suite needs:$missing" >&2
echo "Install with: sudo apt-get install --no-install-recommends$missing" >&2
echo "(or run 'make test-fast' to skip the browser and LibreOffice tests on purpose)" >&2
exit 1
