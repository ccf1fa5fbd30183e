#!/usr/bin/env bash
# Takes docs/mail.png (the Mail tab): the real window under Xvfb with a real mail service it
# starts, a few messages sent to it over SMTP (one with an attachment and a non-ASCII subject),
# the Mail tab shown and the newest message selected. From the repository's top folder:
#
#   ./mvnw -q -DskipTests package && docs/mail-screenshot.sh
#
# Needs: Xvfb, xdotool, imagemagick (import), python3. Everything it starts (Xvfb, the app, and
# through the app the mail service) is stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/mail.XXXX)
source docs/screenshot-lib.sh
smtp=$(port)
cat >"$work/stackyard.yaml" <<YAML
services:
  - id: mail
    kind: mail
    port: $smtp
    httpPort: $(port)
    autostart: true
YAML

start_display 1280x800

start_app
for _ in $(seq 1 160); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $smtp), 1)" 2>/dev/null \
    && xdotool search --name '^Stackyard$' >/dev/null 2>&1 && break
  sleep 0.25
done
win=$(xdotool search --name '^Stackyard$' | head -1)
[ -n "$win" ] || { echo "no window" >&2; cat "$work/app.out" >&2; exit 1; }

python3 - "$smtp" <<'PY'
import smtplib, sys
from email.message import EmailMessage
port = int(sys.argv[1])
def send(frm, to, subject, text, attach=None, html=None):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = frm, to, subject
    m.set_content(text)
    if html:
        m.add_alternative(html, subtype="html")
    if attach:
        m.add_attachment(attach[1], maintype="application", subtype="pdf", filename=attach[0])
    with smtplib.SMTP("127.0.0.1", port) as s:
        s.send_message(m)
send("Shop <noreply@shop.localhost>", "Ann Example <ann@example.com>", "Welcome to the shop, Ann!",
     "Hello Ann,\n\nthanks for signing up.", html="<p>Hello Ann,</p><p>thanks for signing up.</p>")
send("Shop <noreply@shop.localhost>", "dev@example.com", "Reset your password",
     "Click the link below to choose a new password:\nhttp://shop.localhost:8080/reset/4f2a9c")
send("Queue worker <queue@shop.localhost>", "ops@example.com", "Nightly export finished: 12 418 orders",
     "The export of 2026-12-06 finished in 42 s.")
send("Billing <billing@shop.localhost>", "Jörg Müller <joerg@example.de>", "Rechnung für März ✓",
     "Hallo Jörg,\n\nanbei die Rechnung für März.\n\nViele Grüße\nShop",
     attach=("rechnung-2026-03.pdf", b"%PDF-1.4\n% a stand-in for an invoice\n" * 40))
PY
sleep 2

# The Mail tab: its header is the third tab, under the toolbar; then the newest message, the
# list's first row. The waits are generous: a busy machine reads and draws slowly.
xdotool mousemove --window "$win" 172 99 click 1
sleep 5
xdotool mousemove --window "$win" 700 221 click 1
sleep 5
import -window "$win" docs/mail.png
echo "wrote docs/mail.png"
