package io.pathwatch.path;

/**
 * One fact a {@link StallAttribution} rests on: a TCP_INFO field (or a measurement of our own) at
 * one end, e.g. {@code responder last_data_recv = 3900 ms}.
 *
 * @param end   {@code prober} or {@code responder}
 * @param field the TCP_INFO field's kernel name ({@code unacked}, {@code last_data_recv}, …) or
 *              {@code loop_lag} for the prober's own lag
 * @param value its value
 * @param unit  {@code ms}, {@code us}, {@code segments} or {@code count}
 */
public record StallEvidence(String end, String field, long value, String unit) {

    public static final String PROBER = "prober";
    public static final String RESPONDER = "responder";

    @Override
    public String toString() {
        return end + " " + field + "=" + value + (unit.equals("count") || unit.equals("segments") ? "" : " " + unit);
    }
}
