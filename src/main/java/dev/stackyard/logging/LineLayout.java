package dev.stackyard.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.TimeZone;

/**
 * One log line, written out by hand: what the patterns {@code %d{yyyy-MM-dd HH:mm:ss.SSS} [%thread]
 * %-5level %logger{0} - %msg%n} (the file) and {@code %d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n}
 * (stderr) print, then the stack trace of an exception, as logback's PatternLayout adds it.
 *
 * <p>Why not PatternLayout: parsing a pattern loads about 80 classes of logback's pattern machinery
 * and instantiates its converters by reflection on every start, a CLI call's included, for two
 * fixed formats.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {
    private final DateTimeFormatter time;
    private final boolean thread;

    private LineLayout(String timePattern, boolean thread) {
        this.time = DateTimeFormatter.ofPattern(timePattern);
        this.thread = thread;
    }

    /**
     * The local time of {@code epochMillis}, with the offset from java.util.TimeZone rather than a
     * ZoneId: the first ZoneId region loads java.time's zone-rule providers through a
     * ServiceLoader, which reads the index of every jar on the class path (see app/Main); TimeZone
     * reads the same tz database without one. A layout is made with the logging set-up, before
     * anything is logged, so every CLI call paid that scan.
     */
    static LocalDateTime localTime(long epochMillis) {
        int offsetSeconds = TimeZone.getDefault().getOffset(epochMillis) / 1000;
        return LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** The log file's lines: date, time, thread, level, logger, message. */
    static LineLayout file() {
        return new LineLayout("yyyy-MM-dd HH:mm:ss.SSS", true);
    }

    /** Stderr's lines: time, level, logger, message. */
    static LineLayout console() {
        return new LineLayout("HH:mm:ss.SSS", false);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder b = new StringBuilder(128);
        time.formatTo(localTime(event.getTimeStamp()), b);
        if (thread) {
            b.append(" [").append(event.getThreadName()).append(']');
        }
        String level = event.getLevel().toString();
        b.append(' ').append(level).repeat(' ', Math.max(0, 5 - level.length()));
        String logger = event.getLoggerName();
        b.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length());
        b.append(" - ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            b.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return b.toString();
    }
}
