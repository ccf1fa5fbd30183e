#!/usr/bin/env bash
# Builds the .deb from a Stackyard app image (packaging/build-packages.sh calls it):
#   packaging/make-deb.sh IMAGE ICONS_DIR DEB_VERSION DEB_ARCH OUT.deb
# Layout: the image under /opt/stackyard (mtimes kept: the AOT cache checks its jars' mtimes),
# /usr/bin/stackyard -> /opt/stackyard/bin/stackyard, the desktop entry, hicolor icons, a man page,
# docs and lintian overrides. No maintainer scripts: nothing runs at install or removal, so nothing
# is started or enabled, and dpkg alone removes every file it installed (the icon cache and the
# desktop database are refreshed by the triggers of hicolor-icon-theme and desktop-file-utils).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="$1" icons="$2" version="$3" arch="$4" out="$5"
[ -x "$image/bin/stackyard" ] || { echo "make-deb: $image is not an app image" >&2; exit 2; }

pkg="$(dirname "$out")/deb-root"
rm -rf "$pkg"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
  "$pkg/usr/share/doc/stackyard" "$pkg/usr/share/man/man1" "$pkg/usr/share/lintian/overrides" \
  "$pkg/usr/share/icons/hicolor/scalable/apps"
cp -a "$image" "$pkg/opt/stackyard"
# /usr/bin/stackyard: the launcher's own java command line (class path and --java-options from its
# .cfg), run by a script instead of jpackage's native launcher. That launcher asks `rpm -qf`,
# `dpkg -S` and `dpkg -L` which package owns it, twice, on every start: 0.1-1 s of dpkg database
# reads per call once it is installed from a package, several times the JVM's own start.
appdir=/opt/stackyard/lib/app
cp_=$(sed -n 's/^app\.classpath=//p' "$image/lib/app/stackyard.cfg" | sed "s|\\\$APPDIR|$appdir|g" | paste -sd: -)
main=$(sed -n 's/^app\.mainclass=//p' "$image/lib/app/stackyard.cfg")
opts=$(sed -n 's/^java-options=//p' "$image/lib/app/stackyard.cfg" | grep -v -- '-XX:AOTCache=' | sed "s|\\\$APPDIR|$appdir|g" | paste -sd' ' -)
sed -e "s|@JAVA@|/opt/stackyard/lib/runtime/bin/java|" -e "s|@OPTS@|$opts -Djpackage.app-path=/opt/stackyard/bin/stackyard -Dstackyard.launcher=/usr/bin/stackyard|" \
  -e "s|@APPDIR@|$appdir|g" -e "s|@CP@|$cp_|" -e "s|@MAIN@|$main|" "$here/deb/stackyard.sh" > "$pkg/usr/bin/stackyard"

# WM_CLASS of the window, which the desktop entry's StartupWMClass must match for docks to group the
# window under the icon: JavaFX's GTK glass uses its application name, which only JavaFX's own
# Application launcher sets (to the Application class); the window is started with
# Platform.startup, so it is glass's default, "java" (test-deb.sh checks it with xprop).
wmclass="java"
sed "s/@WMCLASS@/$wmclass/" "$here/deb/stackyard.desktop" > "$pkg/usr/share/applications/stackyard.desktop"
for png in "$icons"/*.png; do
  size=$(basename "$png" .png)
  mkdir -p "$pkg/usr/share/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$pkg/usr/share/icons/hicolor/${size}x${size}/apps/stackyard.png"
done
cp "$here/stackyard.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/stackyard.svg"
gzip -9n -c "$here/deb/stackyard.1" > "$pkg/usr/share/man/man1/stackyard.1.gz"
cp "$here/deb/copyright" "$pkg/usr/share/doc/stackyard/copyright"
printf 'stackyard (%s) unstable; urgency=medium\n\n  * Built from the Stackyard repository (see its git log).\n\n -- Stackyard maintainers <maintainers@stackyard.dev>  %s\n' \
  "$version" "$(date -R -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")" | gzip -9n > "$pkg/usr/share/doc/stackyard/changelog.gz"
cp "$here/deb/lintian-overrides" "$pkg/usr/share/lintian/overrides/stackyard"

# Debian's permissions: directories and executables 0755, everything else 0644, owned by root
# (dpkg-deb --root-owner-group).
find "$pkg" -type d -exec chmod 0755 {} +
find "$pkg" -type f -exec chmod 0644 {} +
chmod 0755 "$pkg/usr/bin/stackyard" "$pkg/opt/stackyard/bin/stackyard" "$pkg"/opt/stackyard/lib/runtime/bin/* \
  "$pkg/opt/stackyard/lib/runtime/lib/jspawnhelper" "$pkg/opt/stackyard/lib/runtime/lib/jexec"

size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$here/deb/control" > "$pkg/DEBIAN/control"
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums"
# gzip: xz took minutes on a busy 2-core machine for ~10 MB less; every dpkg reads gzip.
dpkg-deb --root-owner-group -Zgzip -z9 --build "$pkg" "$out" >/dev/null
rm -rf "$pkg"
echo "make-deb: $out"
