#!/usr/bin/env bash
# Builds Stackyard's packages from a built checkout (target/stackyard.jar + target/lib/):
#   target/packaging/stackyard/                  the app image (jpackage, own jlinked runtime, AOT cache)
#   target/stackyard_VERSION_ARCH.deb            the Debian package of that image
#   target/stackyard-VERSION-linux-ARCH.tar.gz   the same image for other distributions
# Run through Maven (./mvnw -B -Ppackage -DskipTests verify), or by hand after `./mvnw -DskipTests package`:
#   packaging/build-packages.sh [VERSION]
# Needs: a JDK >= 25 (jdeps, jlink, jpackage), rsvg-convert (librsvg2-bin), dpkg-deb, strip (binutils), file,
# and xvfb-run (xvfb) for the window part of the AOT training run (without it, the CLI part only).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$root/target"
version_in="${1:-0.1.0-SNAPSHOT}"
# jpackage wants N[.N[.N]]; Debian sorts "0.1.0~SNAPSHOT" before the release "0.1.0".
app_version="${version_in%%-*}"
deb_version="${version_in/-/\~}"
case "$(uname -m)" in
  x86_64) deb_arch=amd64 ;;
  aarch64) deb_arch=arm64 ;;
  *) echo "build-packages: unsupported machine $(uname -m) (x86-64 and arm64 are)" >&2; exit 2 ;;
esac

jar="$target/stackyard.jar"
[ -f "$jar" ] && [ -d "$target/lib" ] || { echo "build-packages: build first: ./mvnw -DskipTests package" >&2; exit 2; }

# The newest JDK >= 25 (Maven itself may run on 17), as packaging/stackyard picks it.
jdk=""
version_of() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
for candidate in "${JAVA_HOME:-/nonexistent}" /usr/lib/jvm/*; do
  [ -x "$candidate/bin/jpackage" ] || continue
  v=$(version_of "$candidate")
  if [ -n "$v" ] && [ "$v" -ge 25 ] && { [ -z "$jdk" ] || [ "$v" -gt "$(version_of "$jdk")" ]; }; then jdk=$candidate; fi
done
[ -n "$jdk" ] || { echo "build-packages: needs a JDK >= 25 with jpackage (JAVA_HOME or /usr/lib/jvm)" >&2; exit 2; }
for tool in rsvg-convert dpkg-deb strip file; do
  command -v "$tool" >/dev/null || { echo "build-packages: needs $tool (apt: librsvg2-bin, dpkg, binutils, file)" >&2; exit 2; }
done

work="$target/packaging"
rm -rf "$work"
mkdir -p "$work/fx" "$work/input" "$work/icons"

# 1. JavaFX goes into the runtime as modules (its -linux jars are modular); everything else stays
#    on the class path beside the app's jar, as in a source checkout.
# The jars the app's manifest names (Class-Path: lib/...), not whatever target/lib still holds
# from an earlier dependency set.
classpath=$(cd "$work" && "$jdk/bin/jar" xf "$jar" META-INF/MANIFEST.MF && tr -d '\r' < META-INF/MANIFEST.MF \
  | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | sed -n 's/^Class-Path: //p'; rm -rf "$work/META-INF")
[ -n "$classpath" ] || { echo "build-packages: $jar has no Class-Path" >&2; exit 1; }
for entry in $classpath; do
  lib="$target/$entry"
  [ -f "$lib" ] || { echo "build-packages: $lib (from the jar's Class-Path) is missing" >&2; exit 1; }
  case "$(basename "$lib")" in
    javafx-*-linux.jar) cp "$lib" "$work/fx/" ;;
    javafx-*.jar) ;; # the empty platform-neutral twins
    *) cp "$lib" "$work/input/" ;;
  esac
done
cp "$jar" "$work/input/"

# 2. The runtime: exactly the modules the jars reference (jdeps), so a dependency added to the pom
#    brings its modules with it. A module reached only by reflection or a service lookup (none
#    today) would go into STACKYARD_EXTRA_MODULES. TLS and its CA certificates live in java.base.
modules=$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
  --module-path "$work/fx" "$work/input"/*.jar 2>/dev/null | tail -1)
[ -n "$modules" ] || { echo "build-packages: jdeps found no modules" >&2; exit 1; }
modules="$modules${STACKYARD_EXTRA_MODULES:+,$STACKYARD_EXTRA_MODULES}"
echo "build-packages: runtime modules: $modules"
"$jdk/bin/jlink" --module-path "$work/fx" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --generate-cds-archive \
  --output "$work/runtime" >/dev/null
# JavaFX's native libraries next to the JDK's: otherwise JavaFX unpacks them into
# ~/.openjfx/cache on the first start of every user.
fxgraphics=$(ls "$work"/fx/javafx-graphics-*-linux.jar)
(cd "$work/runtime/lib" && "$jdk/bin/jar" xf "$fxgraphics" $("$jdk/bin/jar" tf "$fxgraphics" | grep '\.so$'))
for fx in "$work"/fx/*.jar; do # media/web also carry libraries, should they be added one day
  [ "$fx" = "$fxgraphics" ] && continue
  libs=$("$jdk/bin/jar" tf "$fx" | grep '\.so$' || true)
  [ -z "$libs" ] || (cd "$work/runtime/lib" && "$jdk/bin/jar" xf "$fx" $libs)
done
chmod 755 "$work"/runtime/lib/*.so

# 3. Icons: every size from the one SVG.
for size in 16 22 24 32 48 64 128 256; do
  rsvg-convert -w "$size" -h "$size" "$here/stackyard.svg" -o "$work/icons/$size.png"
done

# 4. The app image. The AOT cache is made below; a JVM ignores a cache that does not match it
#    (-Xlog:aot says why), so a stale one costs speed, never correctness.
# The shared JVM flags (packaging/jvm.options), one --java-options each. The add-exports/add-opens
# below let app/IdlePulseTimer make JavaFX's GTK pulse timer pause when idle (JavaFX is a named
# module here; from the plain jar it is on the class path and needs none).
jvm_opts=()
while read -r opt; do jvm_opts+=(--java-options "$opt"); done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/jvm.options")
"$jdk/bin/jpackage" --type app-image --name stackyard --dest "$work" \
  --input "$work/input" --main-jar stackyard.jar --main-class dev.stackyard.app.Main \
  --runtime-image "$work/runtime" --app-version "$app_version" \
  --description "Runs a local web stack (nginx, php-fpm, redis, PostgreSQL) as your own processes" \
  --vendor "Stackyard" --icon "$work/icons/256.png" \
  --java-options '--enable-native-access=javafx.graphics,ALL-UNNAMED' \
  --java-options '--add-exports=javafx.graphics/com.sun.glass.ui=ALL-UNNAMED' \
  --java-options '--add-exports=javafx.graphics/com.sun.javafx.tk=ALL-UNNAMED' \
  --java-options '--add-opens=javafx.graphics/com.sun.javafx.tk.quantum=ALL-UNNAMED' \
  --java-options '-XX:AOTCache=$APPDIR/stackyard.aot' "${jvm_opts[@]}"
image="$work/stackyard"
# Debian ships native code stripped (lintian: unstripped-binary-or-object); before the training
# run, so the cache is made with the very files that ship.
find "$image" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) \
  -exec sh -c 'file -b "$1" | grep -q ELF && strip --strip-unneeded "$1"' _ {} \;

# 5. AOT training run with the image's own runtime and class path: a CLI `status` and the window
#    up to its first frame, on a throwaway home.
"$here/aot-train.sh" "$image"

# 6. The .deb and the .tar.gz.
"$here/make-deb.sh" "$image" "$work/icons" "$deb_version" "$deb_arch" "$target/stackyard_${deb_version}_${deb_arch}.deb"
tarball="$target/stackyard-${version_in}-linux-${deb_arch}.tar.gz"
tar -C "$work" --owner=0 --group=0 -czf "$tarball" stackyard
echo "build-packages: $image"
echo "build-packages: $target/stackyard_${deb_version}_${deb_arch}.deb"
echo "build-packages: $tarball"
