/**
 * The wire protocol: frame records, the Netty encoder and decoder, HELLO authentication and the
 * transport choice (epoll or NIO). No Spring here; {@code docs/protocol.md} documents every byte.
 */
package io.pathwatch.wire;
