package io.pathwatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback TCP relay whose far-to-near direction can be paused: bytes from the target are held,
 * then delivered on resume, as a stalled path does. {@link #pause()} holds every connection,
 * {@link #pauseExisting()} only those open now, as a middlebox that lost one flow's state does
 * while fresh connections pass. Threads end when the relay closes.
 */
public final class PausableRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private static final long LONG_LIVED_NANOS = 500_000_000L;
    private final List<Connection> connectionGates = new CopyOnWriteArrayList<>();

    private record Connection(long acceptedNanos, Socket near, AtomicReference<CountDownLatch> gate) {
    }

    public PausableRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void pause() {
        gate = new CountDownLatch(1);
    }

    public void resume() {
        gate.countDown();
        connectionGates.forEach(c -> c.gate().get().countDown());
    }

    /**
     * Holds what the target sends on the long-lived connections open now (the stream); connections
     * made later pass, and so does a probe cycle caught mid-way (pausing it would lose its echo to
     * the test's timing, not to the path).
     */
    public void pauseExisting() {
        long now = System.nanoTime();
        connectionGates.stream().filter(c -> !c.near().isClosed() && now - c.acceptedNanos() >= LONG_LIVED_NANOS)
                .forEach(c -> c.gate().set(new CountDownLatch(1)));
    }

    /** Connections accepted so far. */
    public int connections() {
        return connectionGates.size();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket near = server.accept();
                Socket far = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                near.setTcpNoDelay(true);
                far.setTcpNoDelay(true);
                sockets.add(near);
                sockets.add(far);
                AtomicReference<CountDownLatch> own = new AtomicReference<>(new CountDownLatch(0));
                connectionGates.add(new Connection(System.nanoTime(), near, own));
                pump(near, far, null);
                pump(far, near, own);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** @param own this connection's own gate, or null for the direction that never pauses */
    private void pump(Socket from, Socket to, AtomicReference<CountDownLatch> own) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (own != null) {
                        gate.await();
                        own.get().await();
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // connection over
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        server.close();
        sockets.forEach(PausableRelay::closeQuietly);
    }
}
