package dev.morello.internal;

import java.lang.System.Logger.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * A named logger for the framework's own lines (a failing hook, a misconfigured tool, a tool's
 * debug output), with SLF4J's {@code {}} placeholders and a last {@code Throwable} argument:
 *
 * <pre>{@code
 * private static final Log LOG = Log.named("morello.tools.gzip", "TOOLS.GZIP");
 * LOG.info("[{}] compressing with {}", request.uniqueId(), coding);
 * }</pre>
 *
 * <p>With an SLF4J provider the line goes to the SLF4J logger of that name, as it did before;
 * with none it goes to the console in CherryPy's format, {@code [time] TOOLS.GZIP message}, while
 * the site's {@code log.screen} is on. Either way a line at INFO or above is also appended to the
 * site's {@code log.error_file}. DEBUG lines go to SLF4J only: CherryPy's error log is at INFO.
 * The SLF4J logger is made on first use, and only when SLF4J has a provider, since making one
 * initialises SLF4J and prints its "no providers" warning when it has none.
 */
public final class Log {
    private final String name;
    private final String context;
    private volatile Logger slf4j;

    private Log(String name, String context) {
        this.name = name;
        this.context = context;
    }

    /** A logger named as its SLF4J logger is; {@code context} heads its lines on the console and in files. */
    public static Log named(String name, String context) {
        return new Log(name, context);
    }

    private Logger slf4j() {
        Logger l = slf4j;
        if (l == null) {
            l = LoggerFactory.getLogger(name);
            slf4j = l;
        }
        return l;
    }

    public boolean debugEnabled() {
        return Screen.SLF4J && slf4j().isDebugEnabled();
    }

    public void debug(String format, Object... args) {
        if (Screen.SLF4J) {
            slf4j().debug(format, args);
        }
    }

    public void info(String format, Object... args) {
        log(Level.INFO, format, args);
    }

    public void warn(String format, Object... args) {
        log(Level.WARNING, format, args);
    }

    public void error(String format, Object... args) {
        log(Level.ERROR, format, args);
    }

    private void log(Level level, String format, Object[] args) {
        Logs site = Logs.site();
        if (Screen.SLF4J) {
            Logger l = slf4j();
            switch (level) {
                case ERROR -> l.error(format, args);
                case WARNING -> l.warn(format, args);
                default -> l.info(format, args);
            }
            if (!site.hasErrorFile()) {
                return;
            }
        }
        FormattingTuple t = MessageFormatter.arrayFormat(format, args);
        site.framework(context, t.getMessage(), t.getThrowable(), !Screen.SLF4J);
    }
}
