package dev.morello.internal;

import dev.morello.engine.Refusal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine's, the errors' and the access lines go, as CherryPy's {@code log.*} keys say:
 * to the screen while {@code log.screen} is on, and to {@code log.error_file} /
 * {@code log.access_file} when set. The screen is SLF4J when it has a provider, else the console
 * ({@link Screen}). The site has one ({@link #site()}); an application whose {@code [/]} section
 * sets {@code log.*} keys has its own, falling back to the site's for what it does not set.
 *
 * <p>Error-log lines are CherryPy's: the local time, a context, the message, and the traceback
 * under it.
 * <pre>
 * [07/Dec/2026:04:07:25] ENGINE Bus STARTED
 * [07/Dec/2026:04:07:31] HTTP Error at stage 'handler' of GET /boom HTTP/1.1
 * java.lang.IllegalStateException: kaboom
 *     at ...
 * </pre>
 *
 * <p>The files are opened by {@link #open()} when the engine starts, so a file that cannot be
 * written refuses the start rather than losing its lines later.
 */
public final class Logs {
    public static final String DEFAULT_ACCESS_FORMAT = "{h} {l} {u} {t} \"{r}\" {s} {b} \"{f}\" \"{a}\"";
    /** CherryPy's log time, {@code [07/Dec/2026:04:07:25]}: English month names whatever the locale. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss']'", Locale.ROOT);
    private static final LogFile NONE = null;
    private static final Logs SITE = new Logs(null);

    /**
     * The SLF4J loggers, made only when SLF4J has a provider: making one initialises SLF4J, which
     * prints its "no providers" warning when it has none.
     */
    private static final class Slf4j {
        static final Logger ENGINE = LoggerFactory.getLogger("morello.engine");
        static final Logger ERROR = LoggerFactory.getLogger("morello.error");
        static final Logger ACCESS = LoggerFactory.getLogger("morello.access");
    }

    private final Logs parent;
    private volatile Boolean screen;
    private volatile LogFile accessFile;
    private volatile boolean accessFileSet;
    private volatile LogFile errorFile;
    private volatile boolean errorFileSet;
    private volatile String accessFormat;
    /** Whether access lines are JSON ({@code log.access_format = "json"}); null: the parent's. */
    private volatile Boolean accessJson;
    private volatile Clock clock;

    private record Stamp(Clock clock, long second, String text) {
    }

    /** The last timestamp made, so a busy second formats it once. */
    private volatile Stamp stamp = new Stamp(null, Long.MIN_VALUE, "");

    /** An application's logs over the site's ({@code parent}), or the site's when parent is null. */
    public Logs(Logs parent) {
        this.parent = parent;
    }

    /** The site's logs: the engine's lines, and every application's defaults. */
    public static Logs site() {
        return SITE;
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
            case "access_format" -> accessJson = value == null ? null : value.toString().equalsIgnoreCase("json");
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

    /** The clock's time in epoch milliseconds (the site clock: how long a request took). */
    public long millis() {
        return clock().millis();
    }

    /** The current time as CherryPy writes it in logs: {@code [07/Dec/2026:04:07:25]}, local time. */
    public String timestamp() {
        Clock c = clock();
        long second = Math.floorDiv(c.millis(), 1000L);
        Stamp s = stamp;
        if (s.second != second || s.clock != c) {
            s = new Stamp(c, second, TIME.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(second), c.getZone())));
            stamp = s;
        }
        return s.text;
    }

    /** The current time in UTC as ISO 8601 ({@code 2026-12-07T04:07:25.123Z}), for {@code {z}}. */
    public String utcTimestamp() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(clock().instant().atOffset(ZoneOffset.UTC));
    }

    /** Back to the defaults (the clock stays). */
    public void reset() {
        screen = null;
        accessFile = null;
        accessFileSet = false;
        errorFile = null;
        errorFileSet = false;
        accessFormat = null;
        accessJson = null;
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

    boolean hasErrorFile() {
        return errorFile() != null;
    }

    public String accessFormat() {
        return accessFormat != null ? accessFormat : parent == null ? DEFAULT_ACCESS_FORMAT : parent.accessFormat();
    }

    /** Whether access lines are JSON objects rather than CherryPy's line. */
    public boolean accessJson() {
        return accessJson != null ? accessJson : parent != null && parent.accessJson();
    }

    /**
     * Opens the log files for appending (an application's include those it inherits, already
     * open), when the engine starts. One that cannot be opened refuses the start, naming its key,
     * the file and the reason.
     */
    public void open() {
        if (accessJson() && JsonLines.installed() == null) {
            throw new Refusal("log.access_format: json needs morello-json (Jackson) beside the framework, to write"
                    + " the JSON; add the dev.morello:morello-json dependency, or use cherrypy");
        }
        open("log.access_file", accessFile());
        open("log.error_file", errorFile());
    }

    private static void open(String key, LogFile file) {
        if (file == null) {
            return;
        }
        try {
            file.open();
        } catch (IOException e) {
            throw new Refusal(key + ": cannot open " + file.path() + " for writing: " + LogFile.reason(e), e);
        }
    }

    // ---- lines -----------------------------------------------------------------------------

    /** Whether an access line would go anywhere, so it is only made when it would. */
    public boolean accessEnabled() {
        return screen() && (!Screen.SLF4J || Slf4j.ACCESS.isInfoEnabled()) || accessFile() != null;
    }

    public void access(String line) {
        if (screen()) {
            if (!Screen.SLF4J) {
                Screen.access(line);
            } else if (Slf4j.ACCESS.isInfoEnabled()) {
                Slf4j.ACCESS.info(line);
            }
        }
        LogFile f = accessFile();
        if (f != null) {
            f.append(line);
        }
    }

    /**
     * A line of the engine's (the bus's states, {@code Serving on}, signals, failing listeners),
     * in context {@code ENGINE}. Through SLF4J ({@code morello.engine}) it goes whatever
     * {@code log.screen} says, as it always has, the back-end's levels deciding; on the console
     * only while {@code log.screen} is on. DEBUG lines stay out of the console and the file, as
     * CherryPy's error log is at INFO.
     */
    public void engine(String message, Level level, Throwable error) {
        if (Screen.SLF4J) {
            slf4j(Slf4j.ENGINE, level, message, error);
        }
        write("ENGINE", level, message, error, !Screen.SLF4J && screen());
    }

    /**
     * A request's error with its traceback, in context {@code HTTP} as CherryPy's
     * {@code log_tracebacks} tool writes it; to the screen while {@code log.screen} is on.
     */
    public void error(String message, Throwable error) {
        if (Screen.SLF4J && screen()) {
            Slf4j.ERROR.error(message, error);
        }
        write("HTTP", Level.ERROR, message, error, !Screen.SLF4J && screen());
    }

    /** A warning (the checker's), to the same places as errors. */
    public void warn(String message) {
        if (Screen.SLF4J && screen()) {
            Slf4j.ERROR.warn(message);
        }
        write("", Level.WARNING, message, null, !Screen.SLF4J && screen());
    }

    /** A {@link Log}'s line, already sent to SLF4J when it has a provider. */
    void framework(String context, String message, Throwable error, boolean console) {
        write(context, Level.INFO, message, error, console && screen());
    }

    private void write(String context, Level level, String message, Throwable error, boolean console) {
        if (level.compareTo(Level.INFO) < 0) {
            return;
        }
        LogFile f = errorFile();
        if (!console && f == null) {
            return;
        }
        String text = text(context, message, error);
        if (console) {
            Screen.error(text);
        }
        if (f != null) {
            f.append(text);
        }
    }

    private String text(String context, String message, Throwable error) {
        StringBuilder b = new StringBuilder(80).append(timestamp()).append(' ');
        if (!context.isEmpty()) {
            b.append(context).append(' ');
        }
        b.append(message);
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            b.append('\n').append(trace.toString().stripTrailing());
        }
        return b.toString();
    }

    private static void slf4j(Logger logger, Level level, String message, Throwable error) {
        switch (level) {
            case ERROR -> logger.error(message, error);
            case WARNING -> logger.warn(message, error);
            case DEBUG, TRACE -> logger.debug(message, error);
            default -> logger.info(message, error);
        }
    }
}
