#!/usr/bin/env python3
"""Opens N idle, never-authenticating TCP connections to a responder and holds them for S
seconds; with R > 0 it also reopens those the responder closes, at most R a second. Prints how
many were open each second. Bounded: at most N at once, at most N + R * S opened in all, and it
stops after S seconds. Only for addresses in 127.0.0.0/8 (or ::1): it refuses anything else.

  bench/flood.py HOST PORT [N=3000] [S=20] [R=0]
"""
import ipaddress
import selectors
import socket
import sys
import time


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 20
    rate = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit("flood.py: only loopback targets (127.0.0.0/8, ::1)")
    sel = selectors.DefaultSelector()
    opened = 0
    closed_by_peer = 0
    budget = n + int(rate * seconds)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET

    def open_one():
        nonlocal opened
        s = socket.socket(family, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((host, port))
        sel.register(s, selectors.EVENT_READ)
        opened += 1

    start = time.monotonic()
    end = start + seconds
    next_report = start + 1
    for _ in range(n):
        open_one()
    while time.monotonic() < end:
        allowed = min(budget, n + int(rate * (time.monotonic() - start)))
        while len(sel.get_map()) < n and opened < allowed:
            open_one()
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except (ConnectionError, OSError):
                data = b""
            if not data:
                sel.unregister(s)
                s.close()
                closed_by_peer += 1
        if time.monotonic() >= next_report:
            next_report += 1
            print(f"open {len(sel.get_map())}, opened {opened}, closed by the responder {closed_by_peer}", flush=True)
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    print(f"flood: {n} idle connections held for {seconds:.0f} s, reopened at up to {rate}/s; "
          f"opened {opened}, closed by the responder {closed_by_peer}")


if __name__ == "__main__":
    main()
