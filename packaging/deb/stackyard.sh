#!/bin/sh
# Stackyard (installed by the stackyard package; made by packaging/make-deb.sh from the app image's
# launcher configuration, /opt/stackyard/lib/app/stackyard.cfg). With a command it runs the command
# line with the CLI's AOT cache; without (or with --hidden, the login start), the window with the
# cache trained on the window. A cache that does not match this runtime is ignored by the JVM
# (-Xlog:aot says why).
if [ $# -eq 0 ] || [ "$*" = --hidden ]; then cache=@APPDIR@/stackyard.aot; else cache=@APPDIR@/stackyard-cli.aot; fi
exec @JAVA@ @OPTS@ -XX:AOTCache="$cache" -cp @CP@ @MAIN@ "$@"
