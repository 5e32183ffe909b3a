package io.pathwatch.stats;

import java.util.Arrays;

/** LEB128 variable-length integers (zigzag for signed ones), the encoding of sealed windows. */
final class Varints {

    private Varints() {
    }

    /** Appends to a growable byte array. */
    static final class Writer {
        private byte[] out;
        private int size;

        Writer(int capacity) {
            out = new byte[capacity];
        }

        void unsigned(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                out[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out[size++] = (byte) v;
        }

        void signed(long v) {
            unsigned((v << 1) ^ (v >> 63));
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, out, size, b.length);
            size += b.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(out, size);
        }

        private void ensure(int more) {
            if (size + more > out.length) {
                out = Arrays.copyOf(out, Math.max(size + more, out.length * 2));
            }
        }
    }

    /** Reads from a byte array. */
    static final class Reader {
        private final byte[] data;
        private int i;

        Reader(byte[] data) {
            this.data = data;
        }

        long unsigned() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                if (shift > 63) {
                    throw new IllegalArgumentException("varint too long at byte " + i);
                }
                b = data[i++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            return v;
        }

        long signed() {
            long u = unsigned();
            return (u >>> 1) ^ -(u & 1);
        }

        boolean atEnd() {
            return i == data.length;
        }
    }
}
