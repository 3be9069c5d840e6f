package dev.morello.internal;

import java.time.LocalDateTime;
import java.time.ZoneId;
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
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss']'", Locale.ROOT);
    private static final LogFile NONE = null;

    private final Logs parent;
    private volatile Boolean screen;
    private volatile LogFile accessFile;
    private volatile boolean accessFileSet;
    private volatile LogFile errorFile;
    private volatile boolean errorFileSet;
    private volatile String accessFormat;

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

    /** Back to the defaults. */
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
            StringBuilder b = new StringBuilder(TIME.format(LocalDateTime.now(ZoneId.systemDefault())))
                    .append(' ').append(message);
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
            f.append(TIME.format(LocalDateTime.now(ZoneId.systemDefault())) + " " + message);
        }
    }
}
