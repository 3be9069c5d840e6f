package dev.morello.internal;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where access and error lines go, as CherryPy's {@code log.*} keys say: to SLF4J
 * ({@code morello.access}, {@code morello.error}) while {@code log.screen} is on, and to
 * {@code log.access_file} / {@code log.error_file} when set. The site has one; an application
 * whose {@code [/]} section sets {@code log.*} keys has its own, falling back to the site's for
 * what it does not set.
 */
public final class Logs {
    public static final String DEFAULT_ACCESS_FORMAT = "{h} {l} {u} {t} \"{r}\" {s} {b} \"{f}\" \"{a}\"";
    private static final Logger ACCESS = LoggerFactory.getLogger("morello.access");
    private static final Logger ERROR = LoggerFactory.getLogger("morello.error");
    /** CherryPy's log time, {@code [07/Dec/2026:04:07:25]}: English month names whatever the locale. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss']'", Locale.ROOT);
    private static final LogFile NONE = null;

    private final Logs parent;
    private volatile Boolean screen;
    private volatile LogFile accessFile;
    private volatile boolean accessFileSet;
    private volatile LogFile errorFile;
    private volatile boolean errorFileSet;
    private volatile String accessFormat;
    private volatile Clock clock;

    private record Stamp(Clock clock, long second, String text) {
    }

    /** The last timestamp made, so a busy second formats it once. */
    private volatile Stamp stamp = new Stamp(null, Long.MIN_VALUE, "");

    /** The site's logs when parent is null, else an application's over the site's. */
    public Logs(Logs parent) {
        this.parent = parent;
    }

    /** Applies one {@code log.*} key (without the prefix); unknown ones are left to the checker. */
    public void set(String key, Object value) {
        switch (key) {
            case "screen" -> screen = Values.bool("log.screen", value);
            case "access_file" -> {
                accessFile = value == null || value.toString().isEmpty() ? NONE : LogFile.of(value.toString());
                accessFileSet = true;
            }
            case "error_file" -> {
                errorFile = value == null || value.toString().isEmpty() ? NONE : LogFile.of(value.toString());
                errorFileSet = true;
            }
            case "access_log_format" -> accessFormat = value == null ? null : value.toString();
            default -> { }
        }
    }

    /**
     * The clock the timestamps read, in its zone (local time, as CherryPy's logs): the site's
     * ({@code Morello.clock()}); an application's logs read their parent's.
     */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    private Clock clock() {
        Clock c = clock;
        return c != null ? c : parent != null ? parent.clock() : Clock.systemDefaultZone();
    }

    /** The current time as CherryPy writes it in logs: {@code [07/Dec/2026:04:07:25]}, local time. */
    public String timestamp() {
        Clock c = clock();
        long second = Math.floorDiv(c.millis(), 1000L);
        Stamp s = stamp;
        if (s.second != second || s.clock != c) {
            s = new Stamp(c, second, TIME.format(LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), c.getZone())));
            stamp = s;
        }
        return s.text;
    }

    /** The current time in UTC as ISO 8601 ({@code 2026-12-07T04:07:25.123Z}), for {@code {z}}. */
    public String utcTimestamp() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(clock().instant().atOffset(java.time.ZoneOffset.UTC));
    }

    /** Back to the defaults (the clock stays). */
    public void reset() {
        screen = null;
        accessFile = null;
        accessFileSet = false;
        errorFile = null;
        errorFileSet = false;
        accessFormat = null;
    }

    public boolean screen() {
        return screen != null ? screen : parent == null || parent.screen();
    }

    private LogFile accessFile() {
        return accessFileSet ? accessFile : parent == null ? null : parent.accessFile();
    }

    private LogFile errorFile() {
        return errorFileSet ? errorFile : parent == null ? null : parent.errorFile();
    }

    public String accessFormat() {
        return accessFormat != null ? accessFormat : parent == null ? DEFAULT_ACCESS_FORMAT : parent.accessFormat();
    }

    /** Whether an access line would go anywhere, so it is only made when it would. */
    public boolean accessEnabled() {
        return screen() && ACCESS.isInfoEnabled() || accessFile() != null;
    }

    public void access(String line) {
        if (screen() && ACCESS.isInfoEnabled()) {
            ACCESS.info(line);
        }
        LogFile f = accessFile();
        if (f != null) {
            f.append(line);
        }
    }

    /** An error line, with its exception's stack trace when there is one. */
    public void error(String message, Throwable error) {
        if (screen()) {
            ERROR.error(message, error);
        }
        LogFile f = errorFile();
        if (f != null) {
            StringBuilder b = new StringBuilder(timestamp()).append(' ').append(message);
            if (error != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                error.printStackTrace(new java.io.PrintWriter(w));
                b.append('\n').append(w.toString().stripTrailing());
            }
            f.append(b.toString());
        }
    }

    /** A warning (the checker's), to the same places as errors. */
    public void warn(String message) {
        if (screen()) {
            ERROR.warn(message);
        }
        LogFile f = errorFile();
        if (f != null) {
            f.append(timestamp() + " " + message);
        }
    }
}
