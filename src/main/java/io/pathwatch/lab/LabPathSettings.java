package io.pathwatch.lab;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * A simulated path's impairments, per direction.
 *
 * @param upstream   prober → responder
 * @param downstream responder → prober
 */
public record LabPathSettings(@Valid @NotNull Impairment upstream, @Valid @NotNull Impairment downstream) {

    public static LabPathSettings symmetric(Impairment both) {
        return new LabPathSettings(both, both);
    }
}
