package io.pathwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathwatch.wire.TcpSnapshot;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PeerRecordTest {

    private static TcpSnapshot at(long t) {
        return new TcpSnapshot(t, TcpSnapshot.STATE_ESTABLISHED, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 300, 0);
    }

    private static List<Long> times(List<TcpSnapshot> snapshots) {
        return snapshots.stream().map(TcpSnapshot::takenAtEpochNanos).toList();
    }

    @Test
    void theRingStartsSmallGrowsTo64AndThenOverwritesTheOldest() {
        PeerRecord record = new PeerRecord(1, "a", 0);
        assertThat(record.capacity()).isEqualTo(PeerRecord.INITIAL_CAPACITY);
        IntStream.range(0, 5).forEach(i -> record.add(at(i)));
        assertThat(record.capacity()).isEqualTo(8);
        assertThat(times(record.snapshots())).containsExactly(0L, 1L, 2L, 3L, 4L);
        IntStream.range(5, 100).forEach(i -> record.add(at(i)));
        assertThat(record.capacity()).isEqualTo(PeerRecord.CAPACITY);
        assertThat(times(record.snapshots())).isEqualTo(IntStream.range(36, 100).mapToObj(i -> (long) i).toList());
    }

    @Test
    void aClosedRecordGivesBackItsUnusedRingAndTakesNoMore() {
        PeerRecord record = new PeerRecord(1, "a", 0);
        IntStream.range(0, 9).forEach(i -> record.add(at(i)));
        assertThat(record.capacity()).isEqualTo(16);
        record.close(42);
        assertThat(record.capacity()).isEqualTo(9);
        record.add(at(99));
        record.close(43);
        assertThat(record.closedAt()).isEqualTo(42);
        assertThat(times(record.snapshots())).isEqualTo(IntStream.range(0, 9).mapToObj(i -> (long) i).toList());
    }

    @Test
    void thinningKeepsTheFirstAndTheLastAndSpacesTheRestEvenly() {
        List<Integer> all = IntStream.range(0, 64).boxed().toList();
        assertThat(PeerRecord.thin(all, 2)).containsExactly(0, 63);
        assertThat(PeerRecord.thin(all, 4)).containsExactly(0, 21, 42, 63);
        assertThat(PeerRecord.thin(all, 63)).hasSize(63).startsWith(0).endsWith(63).doesNotHaveDuplicates().isSorted();
        assertThat(PeerRecord.thin(all, 64)).isEqualTo(all);
        assertThat(PeerRecord.thin(all, 1)).as("room for one: the latest").containsExactly(63);
        assertThat(PeerRecord.thin(all, 0)).isEmpty();
        for (int n = 1; n <= 64; n++) {
            List<Integer> some = all.subList(0, n);
            for (int k = 2; k <= n; k++) {
                assertThat(PeerRecord.thin(some, k)).as("%d of %d", k, n).hasSize(k).startsWith(0).endsWith(n - 1).doesNotHaveDuplicates().isSorted();
            }
        }
    }

    @Test
    void aSnapshotIsDueAtOnceThenAfterTheGap() {
        PeerRecord record = new PeerRecord(1, "a", 0);
        assertThat(record.due(1_000, 100)).isTrue();
        record.attempted(1_000);
        assertThat(record.due(1_099, 100)).isFalse();
        assertThat(record.due(1_100, 100)).isTrue();
    }

    @Test
    void steadyTrafficOverwritesItsOwnLatestSnapshotAndKeepsTheStallBeforeIt() {
        PeerRecord record = new PeerRecord(1, "a", 0);
        // a stall: the reply unacknowledged and retransmitted
        record.add(new TcpSnapshot(1, TcpSnapshot.STATE_ESTABLISHED, 2, 2, 0, 0, 0, 0, 1, 0, 2, 0, 400, 900));
        // then a thousand healthy echoes
        for (int i = 0; i < 1000; i++) {
            record.add(new TcpSnapshot(2 + i, TcpSnapshot.STATE_ESTABLISHED, 0, 0, 0, 0, 0, 0, 1, 0, 3, 0, 0, 0));
        }
        List<TcpSnapshot> kept = record.snapshots();
        assertThat(kept).hasSize(3);
        assertThat(kept.get(0).retransmits()).isEqualTo(2);
        assertThat(kept.get(2).takenAtEpochNanos()).isEqualTo(1001);
    }
}
