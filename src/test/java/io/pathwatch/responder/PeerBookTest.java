package io.pathwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.testing.SuppliedClock;
import io.pathwatch.wire.PeerInfo;
import io.pathwatch.wire.PeerInfoReply;
import io.pathwatch.wire.PeerInfoReply.Status;
import io.pathwatch.wire.TcpSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PeerBookTest {

    private static final long T0 = 1_764_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(T0);
    private final PeerBook book = new PeerBook(new SuppliedClock(now::get), true);

    private static TcpSnapshot at(long epochNanos) {
        // silent 300 ms: not a "quiet" snapshot that the next would overwrite
        return new TcpSnapshot(epochNanos, TcpSnapshot.STATE_ESTABLISHED, 0, 0, 204_000, 30_000, 1_000, 10, 0, 0, 0, 1, 300, 1);
    }

    private static PeerInfo ask(long id, int room) {
        return PeerInfo.ofSnapshots(id, Long.MIN_VALUE, Long.MAX_VALUE, room);
    }

    @Test
    void aRecordAnswersItsOwnAgentOnlyWithWhenItWasAuthenticatedAndClosed() {
        PeerRecord record = book.opened(11, "sydney");
        record.add(at(T0 + 100 * MS));
        PeerInfoReply open = book.answer(ask(11, 8), "sydney");
        assertThat(open.status()).isEqualTo(Status.OK);
        assertThat(open.authenticatedAtEpochNanos()).isEqualTo(T0);
        assertThat(open.closedAtEpochNanos()).isZero();
        assertThat(open.snapshots()).containsExactly(at(T0 + 100 * MS));

        PeerInfoReply stranger = book.answer(ask(11, 8), "frankfurt");
        assertThat(stranger.status()).isEqualTo(Status.UNKNOWN_CONNECTION);
        assertThat(stranger.snapshots()).isEmpty();
        assertThat(stranger.authenticatedAtEpochNanos()).as("nothing about another agent's connection").isZero();
        assertThat(book.answer(ask(12, 8), "sydney").status()).isEqualTo(Status.UNKNOWN_CONNECTION);

        now.addAndGet(5_000 * MS);
        book.closed(record);
        PeerInfoReply closed = book.answer(ask(11, 8), "sydney");
        assertThat(closed.status()).isEqualTo(Status.OK);
        assertThat(closed.closedAtEpochNanos()).isEqualTo(T0 + 5_000 * MS);
        assertThat(closed.snapshots()).containsExactly(at(T0 + 100 * MS));
    }

    @Test
    void withoutTcpInfoTheConnectionIsKnownButHasNoSnapshots() {
        PeerBook nio = new PeerBook(new SuppliedClock(now::get), false);
        nio.opened(5, "a");
        PeerInfoReply reply = nio.answer(ask(5, 4), "a");
        assertThat(reply.status()).isEqualTo(Status.NO_TCP_INFO);
        assertThat(reply.authenticatedAtEpochNanos()).isEqualTo(T0);
        assertThat(reply.snapshots()).isEmpty();
        assertThat(nio.answer(ask(6, 4), "a").status()).isEqualTo(Status.UNKNOWN_CONNECTION);
    }

    @Test
    void aClosedRecordIsKeptThreeMinutesThenSwept() {
        PeerRecord record = book.opened(1, "a");
        PeerRecord stillOpen = book.opened(2, "a");
        record.add(at(T0));
        book.closed(record);
        now.addAndGet(TimeUnit.MINUTES.toNanos(3));
        book.sweep();
        assertThat(book.answer(ask(1, 4), "a").status()).as("at 3 min exactly").isEqualTo(Status.OK);
        now.addAndGet(1);
        assertThat(book.answer(ask(1, 4), "a").status()).as("past 3 min, even before a sweep").isEqualTo(Status.UNKNOWN_CONNECTION);
        book.sweep();
        assertThat(book.size()).isEqualTo(1);
        assertThat(book.closedKept()).isZero();
        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        book.sweep();
        assertThat(book.answer(ask(2, 4), "a").status()).as("an open connection's record stays however old").isEqualTo(Status.OK);
        assertThat(stillOpen.closedAt()).isZero();
    }

    @Test
    void atMost4096ClosedRecordsAreKeptTheOldestClosedGoingFirst() {
        List<PeerRecord> records = new ArrayList<>();
        for (int i = 0; i <= PeerBook.MAX_CLOSED; i++) {
            records.add(book.opened(1000 + i, "a"));
        }
        // closed in reverse order of opening: the first closed is the last opened
        for (int i = PeerBook.MAX_CLOSED; i >= 0; i--) {
            now.addAndGet(MS);
            records.get(i).add(at(now.get()));
            book.closed(records.get(i));
        }
        assertThat(book.closedKept()).isEqualTo(PeerBook.MAX_CLOSED);
        assertThat(book.size()).isEqualTo(PeerBook.MAX_CLOSED);
        assertThat(book.answer(ask(1000 + PeerBook.MAX_CLOSED, 4), "a").status()).isEqualTo(Status.UNKNOWN_CONNECTION);
        assertThat(book.answer(ask(1000 + PeerBook.MAX_CLOSED - 1, 4), "a").status()).isEqualTo(Status.OK);
        assertThat(book.answer(ask(1000, 4), "a").status()).isEqualTo(Status.OK);
    }

    @Test
    void theReplyHoldsTheLastSnapshotBeforeTheRangeThenTheRangeThinnedToTheRoomFirstAndLastKept() {
        PeerRecord record = book.opened(3, "a");
        IntStream.range(0, 40).forEach(i -> record.add(at(T0 + i * 100 * MS)));
        long from = T0 + 1_050 * MS; // between the 10th and the 11th
        long to = T0 + 3_000 * MS;   // the 30th exactly
        PeerInfo request = PeerInfo.ofSnapshots(3, from, to, 6);
        PeerInfoReply reply = book.answer(request, "a");
        assertThat(reply.wireSize()).isEqualTo(request.wireSize());
        assertThat(reply.snapshots()).hasSize(6);
        List<Long> taken = reply.snapshots().stream().map(s -> (s.takenAtEpochNanos() - T0) / MS).toList();
        assertThat(taken).first().isEqualTo(1_000L);
        assertThat(taken.subList(1, 6)).containsExactly(1_100L, 1_600L, 2_100L, 2_500L, 3_000L);
        assertThat(taken).isSorted();

        PeerInfo roomy = PeerInfo.ofSnapshots(3, from, to, 64);
        assertThat(book.answer(roomy, "a").snapshots()).hasSize(1 + 20);
        assertThat(book.answer(roomy, "a").wireSize()).isEqualTo(roomy.wireSize());
        assertThat(book.answer(PeerInfo.ofSnapshots(3, T0 + 5_000 * MS, T0 + 6_000 * MS, 4), "a").snapshots())
                .as("nothing in the range: the last before it")
                .containsExactly(at(T0 + 3_900 * MS));
        assertThat(book.answer(PeerInfo.ofSnapshots(3, from, to, 0), "a").snapshots()).as("a request without room").isEmpty();
    }

    @Test
    void aFloodOfShortConnectionsDoesNotPushOutAClosedStreamAndOneWithoutSnapshotsIsNotKept() {
        PeerRecord stream = book.opened(7, "a");
        stream.add(at(T0));
        now.addAndGet(PeerBook.LONG_LIVED_NANOS);
        book.closed(stream);
        for (int i = 0; i < 2 * PeerBook.MAX_CLOSED; i++) {
            PeerRecord cycle = book.opened(10_000 + i, "a");
            cycle.add(at(now.get()));
            book.closed(cycle);
        }
        assertThat(book.answer(ask(7, 4), "a").status()).isEqualTo(Status.OK);
        assertThat(book.closedKept()).isEqualTo(PeerBook.MAX_CLOSED + 1);

        book.opened(8, "a"); // a PEER_INFO's own connection: no snapshot taken
        book.closed(book.opened(9, "a"));
        assertThat(book.answer(ask(9, 4), "a").status()).isEqualTo(Status.UNKNOWN_CONNECTION);
    }
}
