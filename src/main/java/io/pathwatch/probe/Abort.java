package io.pathwatch.probe;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;

/**
 * Closes a probe connection with a reset instead of a FIN. The side that closes first keeps the
 * connection in TIME_WAIT for 60 s; a prober that closes hundreds of cycles a second to one
 * ip:port that way runs out of ephemeral ports, and the {@code EADDRNOTAVAIL} that follows would
 * read as the path being unreachable. With SO_LINGER 0 the kernel sends RST and keeps nothing, on
 * either end. A cycle has nothing left in flight when it closes (its last echo came back, or it
 * gave up on it), so nothing is lost that a graceful close would have delivered.
 */
final class Abort {

    private Abort() {
    }

    static void close(Channel channel) {
        if (channel.isActive()) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (ChannelException closedMeanwhile) {
                // the socket went away under us: the close below is all that is left to do
            }
        }
        channel.close();
    }
}
