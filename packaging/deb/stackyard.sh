#!/bin/sh
# Stackyard (installed by the stackyard package; made by packaging/make-deb.sh from the app image's
# launcher configuration, /opt/stackyard/lib/app/stackyard.cfg). With a command it runs the command
# line with the CLI's AOT cache; without (or with --hidden, the login start), the window with the
# cache trained on the window. A cache that does not match this runtime is ignored by the JVM
# (-Xlog:aot says why).
# A command also starts with a 64 MiB heap instead of the window's 8 MiB: it lives for a moment,
# and growing from 8 MiB cost `status --json` five young collections (about 30 ms).
if [ $# -eq 0 ] || [ "$*" = --hidden ]; then cache=@APPDIR@/stackyard.aot heap=; else cache=@APPDIR@/stackyard-cli.aot heap=-Xms64m; fi
exec @JAVA@ @OPTS@ $heap -XX:AOTCache="$cache" -cp @CP@ @MAIN@ "$@"
