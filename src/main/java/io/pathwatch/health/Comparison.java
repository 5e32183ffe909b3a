package io.pathwatch.health;

/** How a rule compares a figure with its threshold. */
public enum Comparison {
    GT(">"), GE(">="), LT("<"), LE("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    boolean holds(double observed, double threshold) {
        return switch (this) {
            case GT -> observed > threshold;
            case GE -> observed >= threshold;
            case LT -> observed < threshold;
            case LE -> observed <= threshold;
        };
    }

    public static Comparison of(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown comparison '" + symbol + "'");
    }
}
