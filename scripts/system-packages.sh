#!/bin/sh
# Install the Debian packages given as arguments where they are missing and we may
# (as root, or with password-less sudo); otherwise say what is missing and go on.
missing=""
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "note: missing Debian packages:$missing (install them with apt-get as root)" >&2
  exit 0
fi
echo "installing Debian packages:$missing"
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null \
  || echo "warning: could not install$missing" >&2
