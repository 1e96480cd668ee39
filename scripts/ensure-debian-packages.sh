#!/usr/bin/env bash
# Install the Debian packages the WebSIG needs, only those that are missing.
# Usage: scripts/ensure-debian-packages.sh [--test]   (--test adds Chromium for browser tests)
set -euo pipefail

packages=(
  postgresql-15 postgresql-15-postgis-3 postgresql-client-15
  gdal-bin libgdal32 libgeos-c1v5 libproj25 proj-data
  redis-server gettext python3-venv
)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium fonts-dejavu-core poppler-utils)
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
