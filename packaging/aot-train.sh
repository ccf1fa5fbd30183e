#!/usr/bin/env bash
# Makes an app image's AOT cache (JDK 25, JEPs 483/514/515) from one training run with the image's
# own runtime, class path and options, as its launcher would start it:
#   packaging/aot-train.sh target/packaging/stackyard
# The run (-Dstackyard.aotTraining, see app/Main) does a CLI `status` and `status --json`, then opens
# the window up to its first frame (under xvfb-run when there is no DISPLAY), on a throwaway home
# whose config is packaging/aot-training.yaml (every kind; a class the cache lacks is looked up
# in the jars in class-path order, opening each on the way), and writes lib/app/stackyard.aot, which the launcher's -XX:AOTCache=$APPDIR/stackyard.aot uses.
# A second, CLI-only run writes lib/app/stackyard-cli.aot for the .deb's /usr/bin/stackyard, which
# picks it when given a command: a JVM loads every class of its AOT cache at start, and the CLI
# needs none of the window's.
set -euo pipefail
image="$(cd "$1" && pwd)"
appdir="$image/lib/app"
cfg="$appdir/stackyard.cfg"
java="$image/lib/runtime/bin/java"
[ -f "$cfg" ] && [ -x "$java" ] || { echo "aot-train: $image is not a Stackyard app image" >&2; exit 2; }

# The launcher's class path and options, from its .cfg ($APPDIR = lib/app), without the cache itself.
cp_=$(sed -n 's/^app\.classpath=//p' "$cfg" | sed "s|\\\$APPDIR|$appdir|g" | paste -sd: -)
main=$(sed -n 's/^app\.mainclass=//p' "$cfg")
mapfile -t opts < <(sed -n 's/^java-options=//p' "$cfg" | grep -v -- '-XX:AOTCache=' | sed "s|\\\$APPDIR|$appdir|g")

# The JVM hands the cache's assembly to a child JVM through JAVA_TOOL_OPTIONS, which the child
# announces on stderr: that line is dropped.
exec 2> >(grep -v '^Picked up JAVA_TOOL_OPTIONS: ' >&2)
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
cp "$(dirname "${BASH_SOURCE[0]}")/aot-training.yaml" "$home/stackyard.yaml"
cache="$appdir/stackyard.aot"
rm -f "$cache"
run=("$java" "${opts[@]}" -XX:AOTCacheOutput="$cache" -Xlog:aot=warning -Xlog:cds=off
     -Dstackyard.aotTraining=true -Dstackyard.benchFirstFrame=true -cp "$cp_" "$main")
if [ -n "${DISPLAY:-}" ]; then
  STACKYARD_HOME="$home" "${run[@]}" >/dev/null
elif command -v xvfb-run >/dev/null; then
  STACKYARD_HOME="$home" xvfb-run -a "${run[@]}" >/dev/null
else
  # No X server: train the CLI only (the window then starts from the cache's CLI part plus CDS).
  echo "aot-train: no DISPLAY and no xvfb-run: training the CLI only" >&2
  STACKYARD_HOME="$home" "$java" "${opts[@]}" -XX:AOTCacheOutput="$cache" -Xlog:aot=warning -Xlog:cds=off \
    -cp "$cp_" "$main" status >/dev/null
fi
cli_cache="$appdir/stackyard-cli.aot"
rm -f "$cli_cache"
STACKYARD_HOME="$home" "$java" "${opts[@]}" -Xms64m -XX:AOTCacheOutput="$cli_cache" -Xlog:aot=warning -Xlog:cds=off \
  -cp "$cp_" "$main" status --json >/dev/null
for c in "$cache" "$cli_cache"; do
  [ -s "$c" ] || { echo "aot-train: no cache was written to $c" >&2; exit 1; }
  echo "aot-train: $c ($(du -h "$c" | cut -f1))"
done
