package io.pathwatch.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pathwatch.testing.EchoServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The impairment proxy in front of a byte echo, over real loopback sockets. */
class LabProxyTest {

    private EchoServer echo;
    private LabProxy lab;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        lab = new LabProxy();
    }

    @AfterEach
    void stop() throws IOException {
        lab.close();
        echo.close();
    }

    private LabPath path(LabPathSettings settings) {
        return lab.add("p", new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.port()), settings, 42);
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        s.setSoTimeout(5000);
        return s;
    }

    /** Median round trip of {@code n} 64-byte ping-pongs, in milliseconds. */
    private static double medianRttMs(Socket s, int n) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[64];
        double[] rtts = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            out.write(buf);
            in.readFully(buf);
            rtts[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(rtts);
        return rtts[n / 2];
    }

    @Test
    void aFixedDelayEachWayAddsTwiceItToTheRoundTrip() throws IOException {
        LabPath p = path(LabPathSettings.symmetric(Impairment.delay(20, 0, Impairment.Distribution.normal)));
        try (Socket s = connect(p.port())) {
            double rtt = medianRttMs(s, 30);
            assertThat(rtt).isBetween(40.0, 42.0);
        }
        assertThat(p.applied(Direction.UPSTREAM).chunks()).allSatisfy(c -> assertThat(c.delayNanos()).isBetween(19_000_000L, 21_000_000L));
    }

    @Test
    void settingsChangeWhileRunning() throws IOException {
        LabPath p = path(LabPathSettings.symmetric(Impairment.NONE));
        try (Socket s = connect(p.port())) {
            assertThat(medianRttMs(s, 20)).isLessThan(5.0);
            p.update(new LabPathSettings(Impairment.NONE, Impairment.delay(30, 0, Impairment.Distribution.normal)));
            assertThat(medianRttMs(s, 10)).isBetween(30.0, 32.0);
        }
    }

    @Test
    void heavyJitterNeverReordersBytes() throws IOException {
        LabPath p = path(LabPathSettings.symmetric(Impairment.delay(5, 5, Impairment.Distribution.uniform)));
        try (Socket s = connect(p.port())) {
            OutputStream out = s.getOutputStream();
            byte[] sent = new byte[200 * 100];
            for (int i = 0; i < 200; i++) {
                Arrays.fill(sent, i * 100, (i + 1) * 100, (byte) i);
                out.write(sent, i * 100, 100);
                out.flush();
            }
            byte[] got = new byte[sent.length];
            new DataInputStream(s.getInputStream()).readFully(got);
            assertThat(got).isEqualTo(sent);
        }
    }

    @Test
    void aResetAfterNBytesResetsBothSides() throws IOException {
        LabPath p = path(LabPathSettings.symmetric(Impairment.NONE.withReset(1000, 0)));
        try (Socket s = connect(p.port())) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[500]);
            new DataInputStream(s.getInputStream()).readFully(new byte[500]);
            out.write(new byte[600]);
            assertThatThrownBy(() -> new DataInputStream(s.getInputStream()).readFully(new byte[600])).isInstanceOf(IOException.class);
        }
        assertThat(p.resets()).isEqualTo(1);
    }

    @Test
    void aBlackholeAcceptsAndAnswersNothing() throws IOException {
        LabPath p = path(new LabPathSettings(Impairment.NONE.withBlackhole(true), Impairment.NONE));
        try (Socket s = connect(p.port())) {
            s.setSoTimeout(500);
            s.getOutputStream().write(new byte[64]);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aBandwidthCapSerialisesTheBytes() throws IOException {
        LabPath p = path(new LabPathSettings(Impairment.NONE.withBandwidth(200_000), Impairment.NONE));
        try (Socket s = connect(p.port())) {
            long t0 = System.nanoTime();
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 10; i++) {
                out.write(new byte[10_000]);
            }
            new DataInputStream(s.getInputStream()).readFully(new byte[100_000]);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(seconds).isBetween(0.40, 1.5); // 100 kB at 200 kB/s
        }
    }

    @Test
    void aStallHoldsEverythingUntilItEnds() throws IOException {
        LabPath p = path(LabPathSettings.symmetric(Impairment.NONE));
        try (Socket s = connect(p.port())) {
            assertThat(medianRttMs(s, 5)).isLessThan(5.0);
            p.stallNow(300);
            double stalled = medianRttMs(s, 1);
            assertThat(stalled).isBetween(295.0, 400.0);
            assertThat(medianRttMs(s, 5)).isLessThan(5.0);
        }
    }

    @Test
    void periodicStallsRecurEveryPeriod() throws IOException {
        // 100 ms stalls in the last 100 ms of every 400 ms
        LabPath p = path(LabPathSettings.symmetric(Impairment.NONE.withStalls(100, 400, 0)));
        try (Socket s = connect(p.port())) {
            long t0 = System.nanoTime();
            int slow = 0;
            while (System.nanoTime() - t0 < Duration.ofMillis(1300).toNanos()) {
                if (medianRttMs(s, 1) > 20) {
                    slow++;
                }
            }
            assertThat(slow).isBetween(2, 4);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> p.connections() == 1);
    }
}
