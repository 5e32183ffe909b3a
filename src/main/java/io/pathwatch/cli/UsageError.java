package io.pathwatch.cli;

/** The command line cannot be run as given; exits {@link Cli#USAGE} with the message and the usage text. */
final class UsageError extends RuntimeException {

    UsageError(String message) {
        super(message);
    }
}
