package io.pathwatch.path;

/** The steps of one probe cycle, in order. */
public enum Phase {
    DNS, CONNECT, TLS, HELLO, ECHO
}
