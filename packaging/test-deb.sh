#!/usr/bin/env bash
# Tests the .deb the way a person installs it (CI runs it after the README's test command):
#   packaging/test-deb.sh [--deb FILE]
# Without --deb it builds the packages first (./mvnw -B -q -Ppackage -DskipTests verify). Then, as
# root (or through sudo): installs the package's dependencies with apt-get, the .deb with dpkg -i,
# and on a temporary STACKYARD_HOME checks that /usr/bin/stackyard status --json works, that the
# installed copy starts and stops a real redis, that the window opens titled Stackyard under a
# private Xvfb with the WM_CLASS the desktop entry names, that desktop-file-validate accepts the
# entry, that `stackyard autostart on` writes a valid login entry starting /usr/bin/stackyard with
# TryExec, that lintian reports no error, and that dpkg -r removes every file the package installed
# (and nothing of the user's home, the login entry included, which TryExec then makes inert).
# Every process it starts is stopped by PID on the way out.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive
sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
step() { echo "test-deb: $*"; }
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

deb=""
if [ "${1:-}" = "--deb" ]; then deb="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; fi
if [ -z "$deb" ]; then
  step "building the packages"
  (cd "$root" && ./mvnw -B -q -Ppackage -DskipTests verify)
  deb=$(ls -t "$root"/target/stackyard_*.deb | head -1)
fi
[ -f "$deb" ] || fail "no .deb at $deb"

home=$(mktemp -d)
xvfb_pid="" app_pid="" installed=""
cleanup() {
  set +e
  [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null && { kill -TERM "$app_pid"; wait "$app_pid" 2>/dev/null; }
  [ -n "$installed" ] && [ -x /usr/bin/stackyard ] && STACKYARD_HOME="$home" /usr/bin/stackyard stop --all >/dev/null 2>&1
  [ -n "$xvfb_pid" ] && kill -0 "$xvfb_pid" 2>/dev/null && { kill -TERM "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null; }
  [ -n "$installed" ] && dpkg-query -W stackyard >/dev/null 2>&1 && sudo_ dpkg -r stackyard >/dev/null
  rm -rf "$home"
}
trap cleanup EXIT

# Installing must run nothing: no maintainer scripts, no service units.
scripts=$(dpkg-deb -I "$deb" | grep -E '^ +[0-9]+ bytes, +[0-9]+ lines +\*? *(preinst|postinst|prerm|postrm|config)' || true)
[ -z "$scripts" ] || fail "the package has maintainer scripts: $scripts"
dpkg-deb -c "$deb" | grep -qE '/(systemd|init\.d)/' && fail "the package ships a service unit"

step "lintian $(basename "$deb")"
lintian --tag-display-limit 0 "$deb" | tee "$home/lintian.txt" || true
grep -q '^E: ' "$home/lintian.txt" && fail "lintian reports errors"

step "installing the dependencies, then dpkg -i"
deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/|.*//' -e 's/(.*)//' -e 's/ //g' | grep -v '^$')
missing=()
for p in $deps; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_ apt-get update -qq
  sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
sudo_ dpkg -i "$deb" >/dev/null
installed=yes
dpkg-query -L stackyard | sort > "$home/files.txt"
[ "$(readlink -f "$(command -v stackyard)")" = /usr/bin/stackyard ] || fail "stackyard on the PATH is not /usr/bin/stackyard"

export STACKYARD_HOME="$home/yard"
step "stackyard status --json"
out=$(/usr/bin/stackyard status --json)
case "$out" in \[*\"id\"*) ;; *) fail "status --json printed: $out" ;; esac

step "stackyard start + stop of a real redis"
port=""
for p in $(seq 26379 26479); do # the first port nobody listens on
  if ! (exec 4<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || fail "no free port in 26379-26479"
cat > "$STACKYARD_HOME/stackyard.yaml" <<EOF
services:
  - id: cache
    kind: redis
    port: $port
EOF
/usr/bin/stackyard start cache
out=$(/usr/bin/stackyard status)
pid=$(printf '%s\n' "$out" | awk '$1 == "cache" && $4 == "RUNNING" { print $5 }')
[ -n "$pid" ] && [ -e "/proc/$pid" ] || fail "cache is not RUNNING after start: $out"
/usr/bin/stackyard stop cache
# Gone, or a zombie waiting for its new parent (not the CLI's JVM, long exited) to reap it.
if [ -e "/proc/$pid" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
  fail "redis $pid still runs after stop"
fi

step "the window under Xvfb"
mkfifo "$home/displayfd"
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$home/displayfd" 2>/dev/null &
xvfb_pid=$!
read -r -t 20 display_no < "$home/displayfd" || fail "Xvfb did not start"
export DISPLAY=":$display_no"
/usr/bin/stackyard > "$home/window.log" 2>&1 &
app_pid=$!
win=$(timeout 60 xdotool search --sync --onlyvisible --name '^Stackyard$' | head -1) || fail "no window titled Stackyard within 60 s: $(cat "$home/window.log")"
wmclass=$(xprop -id "$win" WM_CLASS | sed -n 's/.*= "\([^"]*\)", "\([^"]*\)"/\2/p')
want=$(sed -n 's/^StartupWMClass=//p' /usr/share/applications/stackyard.desktop)
[ "$wmclass" = "$want" ] || fail "the window's WM_CLASS is '$wmclass', the desktop entry says '$want'"
# The installed runtime has JavaFX as modules: without the packages' --add-exports/--add-opens the
# window would keep JavaFX's 16 ms pulse wake-up while idle (app/IdlePulseTimer says which in its log).
grep -q 'pulse timer pauses when nothing changes on screen' "$STACKYARD_HOME/logs/stackyard.log" \
  || fail "the installed window's pulse timer does not pause when idle: $(grep -i 'pulse timer' "$STACKYARD_HOME/logs/stackyard.log")"
step "window $win titled Stackyard, WM_CLASS $wmclass; stopping the app (PID $app_pid)"
kill -TERM "$app_pid"
wait "$app_pid" || true
app_pid=""
kill -TERM "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null || true; xvfb_pid=""
unset DISPLAY

step "desktop-file-validate"
desktop-file-validate /usr/share/applications/stackyard.desktop

step "stackyard autostart on: the login entry starts the installed launcher"
XDG_CONFIG_HOME="$home/xdg" /usr/bin/stackyard autostart on
entry="$home/xdg/autostart/stackyard.desktop"
desktop-file-validate "$entry"
grep -qx "Exec=env STACKYARD_HOME=$STACKYARD_HOME /usr/bin/stackyard --hidden" "$entry" || fail "login entry: $(cat "$entry")"
grep -qx 'TryExec=/usr/bin/stackyard' "$entry" || fail "login entry without TryExec: $(cat "$entry")"

step "dpkg -r removes every file it installed"
sudo_ dpkg -r stackyard >/dev/null
installed=""
left=()
while IFS= read -r path; do
  [ -e "$path" ] || [ -L "$path" ] || continue
  if [ -d "$path" ] && [ ! -L "$path" ]; then left+=("$path"); else fail "left behind: $path"; fi
done < "$home/files.txt"
# A directory may stay when another package owns it too (/usr/bin, /usr/share/icons/...) or when it
# holds something else (none of ours: every file was checked above), as dpkg leaves /opt.
if [ ${#left[@]} -gt 0 ]; then
  owned=$(dpkg-query -S "${left[@]}" 2>/dev/null | sed 's/^[^:]*: //' || true)
  for dir in "${left[@]}"; do
    [ "$dir" = "/." ] && continue
    [ -n "$(ls -A "$dir")" ] && continue
    printf '%s\n' "$owned" | grep -qxF "$dir" || fail "left behind: empty directory $dir (no other package owns it)"
  done
fi
[ ! -e /opt/stackyard ] || fail "/opt/stackyard is still there"
[ -f "$STACKYARD_HOME/stackyard.yaml" ] || fail "removing the package touched the user's home"
# The login entry stays in the home; its TryExec program is gone, so the session skips it.
[ -f "$entry" ] && [ ! -e /usr/bin/stackyard ] || fail "after dpkg -r: the login entry or /usr/bin/stackyard is not as expected"
step "passed"
