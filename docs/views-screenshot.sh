#!/usr/bin/env bash
# Takes docs/sites.png (the Sites tab) and docs/versions.png (the Versions dialog): the real window
# under Xvfb over a real nginx and php-fpm serving a few linked, secure and parked sites, and the
# real version listing (this machine's packages and the Maven repository). From the repository's
# top folder:
#
#   ./mvnw -q -DskipTests package && docs/views-screenshot.sh
#
# Needs: Xvfb, xdotool, x11-utils (xwininfo), imagemagick (import), nginx, php-fpm, openssl.
# Everything it starts (Xvfb, the app, and through the app nginx and php-fpm) is stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/dev.XXXX)
source docs/screenshot-lib.sh
# The projects sit beside the home, not in it: Stackyard keeps its home 0700, and as root nginx and
# php-fpm run as www-data, which must pass through to them.
projects=$(mktemp -d /tmp/code.XXXX)
chmod 755 "$projects"
extra_cleanup+=("$projects")
code="$projects/code"
for d in shop/public blog/web parked/api/public parked/admin-dashboard/public; do mkdir -p "$code/$d"; done
for d in shop/public blog/web parked/api/public parked/admin-dashboard/public; do echo '<?php echo "hi";' >"$code/$d/index.php"; done
cat >"$work/stackyard.yaml" <<YAML
services:
  - id: web
    kind: nginx
    port: $(port)
    php: php
    autostart: true
  - id: php
    kind: php-fpm
    autostart: true
sites:
  - name: shop
    dir: $code/shop
    secure: true
  - name: blog
    dir: $code/blog
  - name: old-intranet
    dir: $code/old-intranet
  - park: $code/parked
YAML

start_display 1280x800

start_app
for _ in $(seq 1 160); do
  [ -s "$work/run/web/nginx.pid" ] 2>/dev/null && xdotool search --name '^Stackyard$' >/dev/null 2>&1 && break
  sleep 0.25
done
win=$(xdotool search --name '^Stackyard$' | head -1)
[ -n "$win" ] || { echo "no window" >&2; cat "$work/app.out" >&2; exit 1; }
sleep 3 # the rows show their figures

# The Sites tab: its header is the second tab, under the toolbar.
xdotool mousemove --window "$win" 119 99 click 1
sleep 2
import -window "$win" docs/sites.png
echo "wrote docs/sites.png"

# File > Versions…: the menu's second entry.
xdotool mousemove --window "$win" 25 18 click 1
sleep 1
xdotool key Down Down Return
for _ in $(seq 1 120); do
  dialog=$(xdotool search --name '^Versions$' 2>/dev/null | head -1 || true)
  [ -n "$dialog" ] && break
  sleep 0.25
done
[ -n "$dialog" ] || { echo "the Versions dialog did not open" >&2; exit 1; }
sleep 8 # the listing reads the repository
import -window "$dialog" docs/versions.png
echo "wrote docs/versions.png"
