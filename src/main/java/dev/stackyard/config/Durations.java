package dev.stackyard.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in {@code stackyard.yaml}: a whole number and a unit, {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

    static final String EXAMPLES = "500ms, 10s, 2m";

    private Durations() {
    }

    /** Empty when {@code text} is not a whole number followed by ms, s, m or h (a unit is required). */
    static Optional<Duration> parse(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        });
    }

    /**
     * The shortest spelling {@link #parse} reads back to the same duration.
     *
     * @throws IllegalArgumentException for a negative duration or one that is not whole milliseconds
     */
    static String format(Duration duration) {
        if (duration.isNegative() || duration.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("a duration in stackyard.yaml is whole, non-negative milliseconds: " + duration);
        }
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        } else if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        } else if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
