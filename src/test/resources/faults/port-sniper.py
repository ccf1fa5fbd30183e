# Takes a port between Stackyard's port check and the daemon's bind. Binds 127.0.0.1:PORT at once
# with SO_REUSEADDR and without listening (Stackyard's check, which binds the same way and reads
# /proc/net/tcp for listeners, still calls it free), then listens the moment LOG gets the start
# line Stackyard writes right before it spawns the daemon. Prints "bound", then "listening" (it won
# the race) or "lost: ..." (the daemon listened first). Holds the port until stdin closes.
import os
import socket
import sys
import time

port, log = int(sys.argv[1]), sys.argv[2]
offset = os.path.getsize(log) if os.path.exists(log) else 0
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
print("bound", flush=True)
while True:
    try:
        with open(log, "rb") as f:
            f.seek(offset)
            if b" start: " in f.read():
                break
    except FileNotFoundError:
        pass
    time.sleep(0.0002)
try:
    s.listen(16)
    print("listening", flush=True)
except OSError as e:
    print("lost: " + str(e), flush=True)
sys.stdin.read()
