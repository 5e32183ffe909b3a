package io.pathwatch.alert;

/** The receiver refused an alert in a way that retrying cannot change (a malformed request). */
final class RejectedAlert extends Exception {

    RejectedAlert(String message) {
        super(message);
    }
}
