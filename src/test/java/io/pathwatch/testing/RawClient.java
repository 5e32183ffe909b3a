package io.pathwatch.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pathwatch.wire.Frame;
import io.pathwatch.wire.FrameDecoder;
import io.pathwatch.wire.FrameEncoder;
import io.pathwatch.wire.Hello;
import io.pathwatch.wire.HelloAuth;
import io.pathwatch.wire.Protocol;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A blocking protocol client for tests: raw bytes or frames over a real socket. */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** Speaks frames over a socket the test has already (e.g. an accepted one, to play a responder). */
    public RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public void send(Frame frame) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        FrameEncoder.write(frame, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        sendRaw(bytes);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one whole frame; returns its size on the wire through {@link #lastFrameBytes()}. */
    public Frame read() throws IOException {
        byte[] header = new byte[Protocol.HEADER_BYTES];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] frame = new byte[Protocol.HEADER_BYTES + length];
        System.arraycopy(header, 0, frame, 0, header.length);
        in.readFully(frame, header.length, length);
        lastFrameBytes = frame.length;
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(Protocol.HEADER_BYTES + Protocol.MAX_BODY_BYTES));
        decoder.writeInbound(Unpooled.wrappedBuffer(frame));
        Frame decoded = decoder.readInbound();
        decoder.finishAndReleaseAll();
        return decoded;
    }

    private int lastFrameBytes;

    public int lastFrameBytes() {
        return lastFrameBytes;
    }

    /** Completes HELLO with this secret; returns what the responder answered to the PROOF. */
    public Frame handshake(String secret, String agent) throws IOException {
        byte[] proberNonce = HelloAuth.newNonce();
        send(Hello.request(agent, proberNonce));
        Hello challenge = (Hello) read();
        HelloAuth auth = new HelloAuth(secret);
        send(Hello.proof(auth.proberProof(proberNonce, challenge.token(), agent), agent));
        Frame reply = read();
        if (reply instanceof io.pathwatch.wire.HelloOk ok && !auth.open() && !auth.verifyResponder(proberNonce, challenge.token(), ok, agent)) {
            throw new IOException("the responder's HELLO_OK does not prove the secret: " + ok);
        }
        return reply;
    }

    /** True if the peer closes the connection (EOF or reset) before the socket timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
