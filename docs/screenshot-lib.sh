# What the screenshot scripts share (sourced, not run): the JDK, a work folder removed at exit,
# everything started stopped by PID in reverse order (the app first, with SIGTERM, so it stops its
# services; then the X side), a free port, a private Xvfb, and the app on a home in the work folder.
# A script sets `work` (mktemp -d) before sourcing this, and `extra_cleanup` for more to remove.
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
pids=()
extra_cleanup=()
cleanup() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.25; done
  done
  rm -rf "$work" "${extra_cleanup[@]}"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_display WxH: a private Xvfb of that size; exports DISPLAY, and no session bus.
start_display() {
  exec 3>"$work/display"
  Xvfb -displayfd 3 -screen 0 "$1x24" -nolisten tcp 2>/dev/null &
  pids+=($!)
  exec 3>&-
  for _ in $(seq 1 40); do [ -s "$work/display" ] && break; sleep 0.25; done
  export DISPLAY=":$(cat "$work/display")"
  unset DBUS_SESSION_BUS_ADDRESS
}

# start_app: the built jar's window on the home $work (its stackyard.yaml written first), with the
# no-tray line already dismissed, as it is for anyone past their first start: the scripts click at
# fixed places under the toolbar.
start_app() {
  mkdir -p "$work/data"
  echo "noTrayNoticeDismissed=true" >>"$work/data/window.properties"
  STACKYARD_HOME="$work" "$java" --enable-native-access=ALL-UNNAMED -Dprism.order=sw \
    -jar target/stackyard.jar >"$work/app.out" 2>&1 &
  pids+=($!)
}
