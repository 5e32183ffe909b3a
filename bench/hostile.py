#!/usr/bin/env python3
"""Hostile peers against a pathwatch responder (protocol v2, docs/protocol.md), with an
authenticated prober of its own that counts whether the responder still serves it. Every mode is
bounded in count and in time and stops by itself; only loopback targets are accepted.

  bench/hostile.py fuzz HOST PORT SECRET PID [frames=100000] [seconds=900] [concurrency=300]
      (one hostile frame per connection: after the first frame it refuses, the responder reads no more)
      Hostile frames from 127.0.0.2..127.0.0.9, one hostile connection after another: random
      bytes, every frame type at wrong sizes, maximum-length headers followed by silence, HELLO
      floods, ECHO before HELLO, a wrong PROOF, and the same garbage after a valid authenticated
      HELLO. Checks that no reply is larger than the frame it answers (and no connection gets more
      bytes than it sent), samples the responder's RSS (PID), and runs the prober during it and
      for 20 s after.
  bench/hostile.py slowloris HOST PORT SECRET PID [connections=300] [seconds=60]
      Holds that many connections (from 127.0.0.2..127.0.0.6), each dripping a HELLO REQUEST one
      byte a second, reopening those the responder closes; the prober runs meanwhile.
  bench/hostile.py never-reads HOST PORT SECRET PID [seconds=20] [rate=800]
      One authenticated peer sends 16 KiB ECHOs (at most RATE a second) and never reads; prints the
      responder's RSS every second and when the connection was closed.
  bench/hostile.py prober HOST PORT SECRET [seconds=30]
      Only the prober: a cycle (connect, mutual HELLO, 5 ECHOs, reset) every 100 ms.
  bench/hostile.py impostor PORT [seconds=60]
      Listens on 127.0.0.1:PORT and answers every HELLO like a responder that does not know the
      secret: a CHALLENGE, then HELLO_OK with a made-up proof, then echoes every ECHO.
"""
import asyncio
import hashlib
import hmac
import ipaddress
import logging
import multiprocessing
import os
import random
import socket
import struct
import sys
import time

VERSION = 2
HELLO, HELLO_OK, ECHO, ECHO_REPLY, ERROR = 1, 2, 3, 4, 5
REQUEST, CHALLENGE, PROOF = 1, 2, 3
MAX_FRAME = 16384
ATTACKERS = [f"127.0.0.{i}" for i in range(2, 10)]


def frame(kind, body, version=VERSION, length=None):
    return bytes([version, kind]) + struct.pack(">H", len(body) if length is None else length) + body


def hello(step, token, agent=b""):
    return frame(HELLO, bytes([step]) + token + bytes([len(agent)]) + agent)


def echo(seq, padding=28):
    return frame(ECHO, struct.pack(">qqqq", seq, time.time_ns(), 0, 0) + bytes(padding))


def prober_mac(secret, pn, rn, agent):
    return hmac.new(secret, b"prober" + pn + rn + agent, hashlib.sha256).digest()


def responder_mac(secret, pn, rn, cid, agent):
    return hmac.new(secret, b"responder" + pn + rn + cid + agent, hashlib.sha256).digest()[:24]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return -1
    return -1


def abort(writer):
    """Closes with a reset (SO_LINGER 0), as a probe cycle does: nothing left in TIME_WAIT here."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


async def read_frame(reader, timeout):
    head = await asyncio.wait_for(reader.readexactly(4), timeout)
    body = await asyncio.wait_for(reader.readexactly(struct.unpack(">H", head[2:])[0]), timeout)
    return head, body


async def handshake(reader, writer, secret, agent):
    """Mutual HELLO as a prober; returns None on success, else why it failed."""
    pn = os.urandom(32)
    writer.write(hello(REQUEST, pn, agent))
    head, body = await read_frame(reader, 3)
    if head[1] != HELLO or body[0] != CHALLENGE:
        return f"no challenge ({head[1]})"
    rn = body[1:33]
    writer.write(hello(PROOF, prober_mac(secret, pn, rn, agent), agent))
    head, body = await read_frame(reader, 3)
    if head[1] != HELLO_OK:
        return f"no HELLO_OK ({head[1]}, {body.hex()})"
    if body[0] & 1 or not hmac.compare_digest(body[9:33], responder_mac(secret, pn, rn, body[1:9], agent)):
        return "responder proof does not verify"
    return None


# ---------------------------------------------------------------- the authenticated prober

async def prober_loop(host, port, secret, seconds, out, stop=None):
    agent = b"hostile-prober"
    end = time.monotonic() + seconds
    seq = 0
    while time.monotonic() < end and not (stop and stop.is_set()):
        t0 = time.monotonic()
        ok, reason, echoes = False, "", 0
        writer = None
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, local_addr=("127.0.0.1", 0)), 3)
            failed = await handshake(reader, writer, secret, agent)
            if failed:
                reason = failed
            else:
                for _ in range(5):
                    seq += 1
                    writer.write(echo(seq))
                    head, body = await read_frame(reader, 2)
                    if head[1] != ECHO_REPLY or struct.unpack(">q", body[:8])[0] != seq:
                        reason = f"bad reply {head[1]}"
                        break
                    echoes += 1
                ok = echoes == 5
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
            reason = type(e).__name__
        finally:
            if writer is not None:
                abort(writer)
        out.append((time.time(), ok, (time.monotonic() - t0) * 1000, echoes, reason))
        await asyncio.sleep(max(0.0, 0.1 - (time.monotonic() - t0)))


def prober_process(host, port, secret, seconds, queue, stop):
    out = []
    asyncio.run(prober_loop(host, port, secret, seconds, out, stop))
    queue.put(out)


class Prober:
    """The prober in a process of its own, so the attack's CPU use in this one does not slow it."""

    def __init__(self, host, port, secret, seconds):
        self.queue = multiprocessing.Queue()
        self.stop = multiprocessing.Event()
        self.proc = multiprocessing.Process(target=prober_process, args=(host, port, secret, seconds, self.queue, self.stop), daemon=True)
        self.proc.start()

    def results(self):
        """Stops the prober (after its cycle in progress) and returns its cycles."""
        self.stop.set()
        out = self.queue.get(timeout=60)
        self.proc.join(10)
        return out


def summary(cycles, since, until):
    c = [x for x in cycles if since <= x[0] < until]
    if not c:
        return "no cycles"
    ok = sum(1 for x in c if x[1])
    ms = sorted(x[2] for x in c)
    reasons = {}
    for x in c:
        if not x[1]:
            reasons[x[4]] = reasons.get(x[4], 0) + 1
    return (f"{ok}/{len(c)} cycles ok, {sum(x[3] for x in c)} echoes answered, cycle p50 {ms[len(ms) // 2]:.1f} ms, "
            f"max {ms[-1]:.1f} ms" + (f", failures {reasons}" if reasons else ""))


# ---------------------------------------------------------------- fuzz

# (type, wrong body sizes): HELLO needs 34..98, HELLO_OK is sent by the responder only, ECHO needs 32+,
# ERROR is sent by the responder only, 6 and 7 are reserved, 0/8/255 unknown
WRONG_SIZES = {HELLO: [0, 1, 33, 99, 200, 16000], HELLO_OK: [0, 33, 40], ECHO: [0, 1, 31], ECHO_REPLY: [0, 32, 100],
               ERROR: [0, 1, 2], 6: [0, 8, 32], 7: [0, 8, 32], 0: [0, 10], 8: [0, 10], 255: [0, 10]}


class Stats:
    def __init__(self):
        self.connections = 0
        self.frames = 0
        self.kinds = {}
        self.sent = 0
        self.received = 0
        self.bigger_reply = 0       # a reply frame larger than the largest frame sent on its connection
        self.more_received = 0      # a connection that got more bytes than it sent
        self.max_reply = 0
        self.errors = {}            # ERROR codes received
        self.authenticated = 0      # connections that completed HELLO (the garbage-after-HELLO kinds)
        self.wrong_proof_ok = 0     # a wrong PROOF answered with HELLO_OK (must stay 0)
        self.closed_by_responder = 0
        self.held_open = 0          # still open when we gave up waiting (then we closed)
        self.connect_failed = 0
        self.written = 0            # frames written in all (valid ones before the hostile one, and what follows it)


def garbage(rng):
    """One hostile frame that is not a valid next frame, and its name."""
    pick = rng.random()
    if pick < 0.3:
        return "random bytes", rng.randbytes(rng.randint(1, 300))
    if pick < 0.85:
        t = rng.choice(list(WRONG_SIZES))
        n = rng.choice(WRONG_SIZES[t])
        return f"type {t} wrong size", frame(t, rng.randbytes(n))
    if pick < 0.9:
        return "bad version", frame(HELLO, rng.randbytes(40), version=rng.choice([0, 1, 3, 0x16, ord("G")]))
    return "max-length header", frame(rng.choice([HELLO, ECHO]), b"", length=0xFFFF)


async def fuzz_one(host, port, secret, st, rng, src):
    """One connection, one hostile kind; returns the hostile frames it sent."""
    agent = b"fuzz"
    kind = rng.random()
    sent_frames = []
    hostile = 0
    name = ""
    silence = 0.0
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, local_addr=(src, 0)), 5)
    except (OSError, asyncio.TimeoutError):
        st.connect_failed += 1
        return 0
    st.connections += 1
    received = bytearray()
    authenticated = kind >= 0.55
    try:
        if authenticated:
            failed = await handshake(reader, writer, secret, agent)
            if failed:
                raise OSError("handshake failed: " + failed)
            st.authenticated += 1
            sent_frames += [38 + len(agent), 38 + len(agent)]
            k = (kind - 0.55) / 0.45
            if k < 0.68:
                name, data = garbage(rng)
                name = "after HELLO: " + name
                msgs = [data]
            elif k < 0.8:
                name, msgs = "after HELLO: HELLO again", [hello(rng.choice([REQUEST, PROOF]), os.urandom(32), agent)]
            elif k < 0.92:
                name = "after HELLO: valid ECHOs with random padding, then garbage"
                msgs = [frame(ECHO, rng.randbytes(32 + rng.randint(0, 2000))) for _ in range(rng.randint(1, 20))]
                msgs.append(garbage(rng)[1])
            elif k < 0.94:
                name, msgs = "after HELLO: ECHO flood past the frame rate (1,500 at once)", [echo(i) for i in range(1500)]
            elif k < 0.97:
                name, msgs = "after HELLO: header of a maximal frame, a partial body, silence", [frame(ECHO, b"", length=MAX_FRAME - 4) + bytes(rng.randint(0, 16000))]
                silence = 5
            else:
                name, msgs = "after HELLO: one byte short of a frame, silence", [echo(1)[:-1]]
                silence = 5
        else:
            k = kind / 0.55
            if k < 0.5:
                name, data = garbage(rng)
                msgs = [data]
            elif k < 0.65:
                name, msgs = "HELLO flood (REQUEST after REQUEST)", [hello(REQUEST, os.urandom(32), agent) for _ in range(rng.randint(2, 10))]
            elif k < 0.68:
                name, msgs = "HELLO REQUEST then silence", [hello(REQUEST, os.urandom(32), agent)]
                silence = 5
            elif k < 0.83:
                name, msgs = "ECHO before HELLO", [echo(1, rng.randint(28, 2000))]
            elif k < 0.97:
                name = "wrong PROOF"
                pn = os.urandom(32)
                writer.write(hello(REQUEST, pn, agent))
                sent_frames.append(38 + len(agent))
                head, body = await read_frame(reader, 5)
                received += head + body
                msgs = [hello(PROOF, os.urandom(32), agent)]
            else:
                name, msgs = "header of a maximal frame, then silence", [frame(rng.choice([HELLO, ECHO]), b"", length=MAX_FRAME - 4)]
                silence = 5
        for m in msgs:
            writer.write(m)
            sent_frames.append(len(m))
        # one hostile frame per connection: after the first frame it refuses, the responder reads nothing more
        hostile = 1
        st.written += len(msgs)
        st.kinds[name] = st.kinds.get(name, 0) + 1
        await writer.drain()
        # read whatever comes back until the responder closes (or we give up)
        deadline = time.monotonic() + (silence or 3)
        while time.monotonic() < deadline:
            try:
                chunk = await asyncio.wait_for(reader.read(65536), deadline - time.monotonic())
            except asyncio.TimeoutError:
                break
            if not chunk:
                st.closed_by_responder += 1
                break
            received += chunk
        else:
            pass
        if not reader.at_eof():
            st.held_open += 1
    except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError):
        st.closed_by_responder += 1
    finally:
        abort(writer)
    sent = sum(sent_frames)
    st.sent += sent
    st.received += len(received)
    if len(received) > sent:
        st.more_received += 1
    # replies, frame by frame (what is not a whole frame is counted as one)
    i = 0
    largest = max(sent_frames) if sent_frames else 0
    while i < len(received):
        if len(received) - i >= 4:
            size = 4 + struct.unpack(">H", received[i + 2:i + 4])[0]
            if received[i + 1] == ERROR and i + 4 < len(received):
                st.errors[received[i + 4]] = st.errors.get(received[i + 4], 0) + 1
            if received[i + 1] == HELLO_OK and name == "wrong PROOF":
                st.wrong_proof_ok += 1
        else:
            size = len(received) - i
        size = min(size, len(received) - i)
        st.max_reply = max(st.max_reply, size)
        if size > largest:
            st.bigger_reply += 1
        i += size
    return hostile


async def fuzz(host, port, secret, pid, frames, seconds, concurrency):
    st = Stats()
    rng = random.Random(12)
    start = time.monotonic()
    end = start + seconds
    rss = [rss_kib(pid)]
    counter = 0

    async def worker(w):
        nonlocal counter
        while st.frames < frames and time.monotonic() < end:
            counter += 1
            hostile = await fuzz_one(host, port, secret, st, rng, ATTACKERS[(w + counter) % len(ATTACKERS)])
            st.frames += hostile

    async def report():
        next_t = start + 10
        while st.frames < frames and time.monotonic() < end:
            await asyncio.sleep(1)
            rss.append(rss_kib(pid))
            if time.monotonic() >= next_t:
                next_t += 10
                print(f"  {time.monotonic() - start:5.0f} s: {st.frames} hostile frames on {st.connections} connections, "
                      f"responder RSS {rss[-1] / 1024:.1f} MiB", flush=True)

    await asyncio.gather(report(), *[worker(w) for w in range(concurrency)])
    return st, rss, time.monotonic() - start


# ---------------------------------------------------------------- slowloris

async def slowloris(host, port, n, seconds, pid):
    end = time.monotonic() + seconds
    opened = 0
    closed = 0
    holding = 0
    sources = [f"127.0.0.{i}" for i in range(2, 7)]
    longest = 0.0

    async def drip(i):
        nonlocal opened, closed, holding, longest
        budget = n * (int(seconds) + 1)   # at most one new connection a second per dripper
        while time.monotonic() < end and opened < budget:
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, local_addr=(sources[i % len(sources)], 0)), 5)
            except (OSError, asyncio.TimeoutError):
                await asyncio.sleep(1)
                continue
            opened += 1
            holding += 1
            t0 = time.monotonic()
            data = hello(REQUEST, os.urandom(32), b"slowloris")
            try:
                for b in data:
                    if time.monotonic() >= end:
                        break
                    writer.write(bytes([b]))
                    await writer.drain()
                    try:
                        chunk = await asyncio.wait_for(reader.read(64), 1)
                        if not chunk:
                            raise ConnectionResetError
                    except asyncio.TimeoutError:
                        pass
            except OSError:
                closed += 1
            finally:
                longest = max(longest, time.monotonic() - t0)
                holding -= 1
                abort(writer)

    async def report():
        t = 0
        rss = []
        while time.monotonic() < end:
            await asyncio.sleep(5)
            t += 5
            rss.append(rss_kib(pid))
            print(f"  {t:3d} s: {holding} dripping, {opened} opened, {closed} closed by the responder, RSS {rss[-1] / 1024:.1f} MiB", flush=True)
        return rss

    res = await asyncio.gather(report(), *[drip(i) for i in range(n)])
    return opened, closed, longest, res[0]


# ---------------------------------------------------------------- a peer that never reads

def never_reads(host, port, secret, pid, seconds, rate):
    async def connect():
        reader, writer = await asyncio.open_connection(host, port, local_addr=("127.0.0.1", 0))
        failed = await handshake(reader, writer, secret, b"never-reads")
        if failed:
            raise SystemExit("handshake failed: " + failed)
        sock = writer.get_extra_info("socket").dup()
        writer.transport.pause_reading()
        return sock, writer

    loop = asyncio.new_event_loop()
    sock, writer = loop.run_until_complete(connect())
    sock.setblocking(False)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    payload = echo(1, MAX_FRAME - 36)
    assert len(payload) == MAX_FRAME
    import select
    poll = select.poll()
    poll.register(sock, select.POLLRDHUP | select.POLLERR | select.POLLHUP)
    start = time.monotonic()
    sent_frames = 0
    partial = 0
    closed_at = None
    blocked_at = None
    samples = [(0.0, rss_kib(pid))]
    next_sample = start + 1
    end = start + seconds
    while time.monotonic() < end:
        now = time.monotonic()
        if now >= next_sample:
            samples.append((now - start, rss_kib(pid)))
            print(f"  {now - start:4.1f} s: {sent_frames} ECHOs of 16 KiB written, responder RSS {samples[-1][1] / 1024:.1f} MiB"
                  + (", closed" if closed_at else ""), flush=True)
            next_sample += 1
        if closed_at is None:
            for _, ev in poll.poll(0):
                if ev & (select.POLLHUP | select.POLLERR | select.POLLRDHUP):
                    closed_at = now - start
            allowed = int((now - start) * rate) + 1
            try:
                while sent_frames < allowed and closed_at is None:
                    n = sock.send(payload[partial:])
                    partial += n
                    if partial == len(payload):
                        partial = 0
                        sent_frames += 1
                    blocked_at = None
            except BlockingIOError:
                if blocked_at is None:
                    blocked_at = now - start
            except OSError:
                closed_at = now - start
        time.sleep(0.01)
    samples.append((time.monotonic() - start, rss_kib(pid)))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    writer.transport.abort()
    loop.close()
    return sent_frames, closed_at, blocked_at, samples


# ---------------------------------------------------------------- impostor

async def impostor(port, seconds):
    served = {"hellos": 0, "echoes": 0}

    async def serve(reader, writer):
        try:
            while True:
                head, body = await read_frame(reader, 5)
                if head[1] == HELLO and body[0] == REQUEST:
                    writer.write(hello(CHALLENGE, os.urandom(32)))
                elif head[1] == HELLO and body[0] == PROOF:
                    served["hellos"] += 1
                    writer.write(frame(HELLO_OK, bytes([0]) + os.urandom(8) + os.urandom(24)))
                elif head[1] == ECHO:
                    served["echoes"] += 1
                    writer.write(frame(ECHO_REPLY, body[:16] + struct.pack(">qq", time.time_ns(), time.time_ns()) + body[32:]))
                else:
                    break
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", port)
    async with server:
        await asyncio.sleep(seconds)
    print(f"impostor: {served['hellos']} PROOFs answered with a made-up HELLO_OK, {served['echoes']} ECHOs answered")


# ---------------------------------------------------------------- main

def main():
    # asyncio warns for every write to a connection the responder already closed: that is expected here
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    mode = sys.argv[1]
    if mode == "impostor":
        asyncio.run(impostor(int(sys.argv[2]), min(float(sys.argv[3]), 3600) if len(sys.argv) > 3 else 60))
        return
    host, port, secret = sys.argv[2], int(sys.argv[3]), sys.argv[4].encode()
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit("hostile.py: only loopback targets (127.0.0.0/8, ::1)")
    rest = sys.argv[5:]
    if mode == "prober":
        seconds = min(float(rest[0]), 3600) if rest else 30
        out = []
        t0 = time.time()
        asyncio.run(prober_loop(host, port, secret, seconds, out))
        print("prober: " + summary(out, t0, time.time() + 1))
        return
    pid = int(rest[0])
    # every figure is clamped: a typo must not turn a bounded run into an unbounded one
    limits = {1: 1_000_000, 2: 3600, 3: 3000, 4: 100_000}
    arg = lambda i, d: min(max(float(rest[i]), 0), limits.get(i, 1_000_000)) if len(rest) > i else d
    if mode == "fuzz":
        frames, seconds, concurrency = int(arg(1, 100000)), arg(2, 900), int(arg(3, 300))
        prober = Prober(host, port, secret, seconds + 30)
        time.sleep(3)
        t0 = time.time()
        st, rss, took = asyncio.run(fuzz(host, port, secret, pid, frames, seconds, concurrency))
        t1 = time.time()
        print("  waiting 20 s after the fuzz, the prober still running")
        time.sleep(20)
        rss_after = rss_kib(pid)
        cycles = prober.results()
        print(f"fuzz: {st.frames} hostile frames, one per connection ({st.written} frames written in all), in {took:.0f} s "
              f"({st.authenticated} of them after a valid authenticated HELLO; {st.connect_failed} connects failed)")
        for k, v in sorted(st.kinds.items(), key=lambda e: -e[1]):
            print(f"  {v:7d}  {k}")
        print(f"  bytes sent {st.sent}, received {st.received}; largest reply frame {st.max_reply} B; replies larger than "
              f"the largest frame of their connection: {st.bigger_reply}; connections that got more bytes than they sent: "
              f"{st.more_received}; wrong PROOFs answered with HELLO_OK: {st.wrong_proof_ok}")
        print(f"  ERROR codes received: {dict(sorted(st.errors.items()))}; closed by the responder {st.closed_by_responder}, "
              f"still open when we closed {st.held_open}")
        print(f"  responder RSS before {rss[0] / 1024:.1f} MiB, max during {max(rss) / 1024:.1f} MiB, "
              f"20 s after {rss_after / 1024:.1f} MiB; alive after: {os.path.exists(f'/proc/{pid}')}")
        print(f"  prober during: {summary(cycles, t0, t1)}")
        print(f"  prober after:  {summary(cycles, t1, t1 + 60)}")
    elif mode == "slowloris":
        n, seconds = int(arg(1, 300)), arg(2, 60)
        prober = Prober(host, port, secret, seconds + 15)
        time.sleep(3)
        t0 = time.time()
        rss0 = rss_kib(pid)
        opened, closed, longest, rss = asyncio.run(slowloris(host, port, n, seconds, pid))
        t1 = time.time()
        time.sleep(10)
        cycles = prober.results()
        print(f"slowloris: {n} connections dripping a HELLO REQUEST a byte a second for {seconds:.0f} s: {opened} opened, "
              f"{closed} closed by the responder, longest held {longest:.1f} s")
        print(f"  responder RSS before {rss0 / 1024:.1f} MiB, max during {max(rss) / 1024:.1f} MiB; alive after: {os.path.exists(f'/proc/{pid}')}")
        print(f"  prober before: {summary(cycles, 0, t0)}")
        print(f"  prober during: {summary(cycles, t0, t1)}")
        print(f"  prober after:  {summary(cycles, t1, t1 + 60)}")
    elif mode == "never-reads":
        seconds, rate = arg(1, 20), arg(2, 800)
        prober = Prober(host, port, secret, seconds + 3)
        sent, closed_at, blocked_at, samples = never_reads(host, port, secret, pid, seconds, rate)
        cycles = prober.results()
        peak = max(s[1] for s in samples)
        print(f"never-reads: {sent} ECHOs of 16 KiB written (at most {rate:.0f}/s) in {seconds:.0f} s; writes first blocked at "
              f"{blocked_at if blocked_at is None else f'{blocked_at:.1f} s'}; closed by the responder at "
              f"{'never' if closed_at is None else f'{closed_at:.1f} s'}")
        print(f"  responder RSS at start {samples[0][1] / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB (+{(peak - samples[0][1]) / 1024:.1f}), "
              f"at the end {samples[-1][1] / 1024:.1f} MiB; alive after: {os.path.exists(f'/proc/{pid}')}")
        print(f"  prober meanwhile: {summary(cycles, 0, time.time() + 1)}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
