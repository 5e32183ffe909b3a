package io.pathwatch.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A maintenance window of one path ({@code pathwatch.paths[i].silence[j]}): its alerts do not page
 * while it holds; the path is still judged.
 *
 * @param start  ISO-8601 with an offset, e.g. {@code 2026-12-06T02:00:00Z}
 * @param end    the same; after start
 * @param repeat optional: it recurs this long after each start ({@code 7d} for weekly); at least end − start
 * @param reason for people; default empty
 */
public record SilenceProperties(
        @NotBlank String start,
        @NotBlank String end,
        @DurationMin(hours = 1) @DurationMax(days = 366) Duration repeat,
        @DefaultValue("") String reason) {

    public Instant startInstant() {
        return parse(start);
    }

    public Instant endInstant() {
        return parse(end);
    }

    @AssertTrue(message = "start and end must be ISO-8601 date-times with an offset (2026-12-06T02:00:00Z), and end after start")
    public boolean isOrdered() {
        try {
            return start == null || end == null || parse(end).isAfter(parse(start));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @AssertTrue(message = "repeat must be at least as long as the window (end - start)")
    public boolean isRepeatLongEnough() {
        try {
            return repeat == null || start == null || end == null || repeat.compareTo(Duration.between(parse(start), parse(end))) >= 0;
        } catch (DateTimeParseException e) {
            return true; // reported by isOrdered
        }
    }

    private static Instant parse(String s) {
        return OffsetDateTime.parse(s.trim()).toInstant();
    }
}
