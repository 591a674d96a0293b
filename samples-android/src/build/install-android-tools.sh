#!/usr/bin/env bash
# Makes sure Debian's Android build tools (aapt, zipalign, apksigner) are on the PATH, installing
# them with apt-get when they are missing and this user may (root, or sudo without a password).
# Called by samples-android's build (validate phase) and by .ci/run, so that `./mvnw -B verify`
# works on a fresh machine. Exits non-zero, saying what to install, when it cannot install them.
set -euo pipefail

have_all() { command -v aapt >/dev/null && command -v zipalign >/dev/null && command -v apksigner >/dev/null; }
have_all && exit 0

if command -v apt-get >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
  if [ "$SUDO" != "none" ]; then
    echo "samples-android: installing Debian's aapt, zipalign and apksigner (once)..." >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      aapt zipalign apksigner >&2
    have_all && exit 0
  fi
fi
echo "samples-android needs the Android build tools aapt, zipalign and apksigner on the PATH." >&2
echo "On Debian/Ubuntu: sudo apt-get install aapt zipalign apksigner" >&2
exit 1
