package io.pathwatch.responder;

import java.util.concurrent.atomic.LongAdder;

/** What the responder has done since start; read by its health details. */
final class ResponderCounters {
    final LongAdder connections = new LongAdder();
    final LongAdder echoes = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder authFailures = new LongAdder();
    final LongAdder idleClosed = new LongAdder();
    final LongAdder helloTimeouts = new LongAdder();
    final LongAdder writeStalled = new LongAdder();
    /** Connections refused for a PROXY header that is not a valid v2 one. */
    final LongAdder proxyHeaderInvalid = new LongAdder();
    final LongAdder proxyUntrusted = new LongAdder();
    /** Connections closed at the HELLO deadline without a complete PROXY header. */
    final LongAdder proxyHeaderTimeouts = new LongAdder();
}
