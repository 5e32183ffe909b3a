package io.pathwatch.probe;

import io.pathwatch.path.FailureKind;
import io.pathwatch.path.Phase;

/** A classified failure of one probe step. */
record Failure(FailureKind kind, Phase phase, String detail) {
}
