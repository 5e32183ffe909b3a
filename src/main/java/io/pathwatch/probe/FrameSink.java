package io.pathwatch.probe;

import io.pathwatch.wire.Frame;

/** Whoever owns a probe connection right now: the handshake, then a cycle or the stream. */
interface FrameSink {

    void onFrame(Frame frame);

    void onError(Throwable cause);

    void onClosed();
}
