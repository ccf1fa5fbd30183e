#!/usr/bin/env bash
# Takes docs/tray.png: Stackyard's XEmbed tray icon with its menu open, under Xvfb with trayer as
# the tray host (the fallback used where no StatusNotifierWatcher is on the bus), and checks on the
# way that the menu's entry for redis stops the real redis. From the repository's top folder:
#
#   ./mvnw -q -DskipTests package && docs/tray-screenshot.sh [OUT.png]
#
# Needs: Xvfb, trayer, xdotool, x11-utils (xwininfo), imagemagick (import), redis-server.
# Everything it starts (Xvfb, trayer, the app, and through the app redis) is stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/tray.png}
work=$(mktemp -d)
source docs/screenshot-lib.sh
port=$(port)
cat > "$work/stackyard.yaml" <<YAML
services:
  - id: redis
    kind: redis
    port: $port
    autostart: true
  - id: worker
    kind: process
    command: ["sleep", "100000"]
    autostart: true
  - id: pg
    kind: process
    command: ["sleep", "100000"]
YAML

start_display 1280x720 # and no session bus: no StatusNotifierWatcher, so the XEmbed fallback

trayer --edge top --align right --widthtype request --height 30 --SetDockType true \
  --transparent false --tint 0x24292f >/dev/null 2>&1 &
pids+=($!)
sleep 1

start_app
for _ in $(seq 1 120); do
  grep -q "tray icon shown through XEmbed" "$work/logs/stackyard.log" 2>/dev/null \
    && [ -s "$work/run/redis/redis.pid" ] && [ -s "$work/run/processes/worker.pid" ] && break
  sleep 0.25
done
grep -q "tray icon shown through XEmbed" "$work/logs/stackyard.log" || { echo "no tray icon" >&2; cat "$work/app.out" >&2; exit 1; }

# The icon: trayer's panel's embedded child. Right-click it to open the menu.
geom=$(xwininfo -root -tree | awk '/"JavaEmbeddedFrame"/ {print $(NF-1); exit}')
w=${geom%%x*}; rest=${geom#*x}; h=${rest%%+*}
abs=$(xwininfo -root -tree | awk '/"JavaEmbeddedFrame"/ {print $NF; exit}')
x=$(echo "$abs" | cut -d+ -f2); y=$(echo "$abs" | cut -d+ -f3)
cx=$((x + w / 2)); cy=$((y + h / 2))
sleep 3 # the window has drawn its rows and their figures
xdotool mousemove "$cx" "$cy"
sleep 0.1
xdotool mousedown 3 # before the icon's tooltip shows
sleep 1.2
menu=$(xwininfo -root -tree | awk '/XPopupMenuPeer/ {print $NF; exit}')
mx=$(echo "$menu" | cut -d+ -f2); my=$(echo "$menu" | cut -d+ -f3)
sleep 0.3
xwininfo -root -tree | grep -q XPopupMenuPeer || { echo "the menu did not open (icon $geom at $abs, pointer $cx,$cy)" >&2; xwininfo -root -tree >&2; exit 1; }
import -window root -crop 660x260+620+0 +repage "$out"
echo "wrote $out"

# The menu's first entry is redis: releasing the button on it stops the real redis (and nothing else).
redis_pid=$(cat "$work/run/redis/redis.pid")
worker_pid=$(cat "$work/run/processes/worker.pid")
xdotool mousemove $((mx + 40)) $((my + 12))
sleep 0.3
xdotool mouseup 3
for _ in $(seq 1 80); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$redis_pid" 2>/dev/null; then echo "the menu did not stop redis (PID $redis_pid)" >&2; exit 1; fi
kill -0 "$worker_pid" || { echo "worker stopped too: the click hit another entry" >&2; exit 1; }
echo "the tray menu stopped redis (PID $redis_pid); worker still runs"
