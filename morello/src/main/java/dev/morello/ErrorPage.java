package dev.morello;

/**
 * Renders an error page, for {@code error_page.404} (or {@code error_page.default}) in config:
 *
 * <pre>{@code
 * Map.of("/", Map.of("error_page.404", (ErrorPage) (status, message, traceback, version) ->
 *         "<h1>Lost?</h1><p>" + message + "</p>"))
 * }</pre>
 *
 * <p>The arguments are HTML-escaped already. A config value may instead be the path of a template
 * file in which {@code %(status)s}, {@code %(message)s}, {@code %(traceback)s} and
 * {@code %(version)s} are replaced. A page that fails falls back to the default page, with a note.
 */
@FunctionalInterface
public interface ErrorPage {
    String render(String status, String message, String traceback, String version) throws Exception;
}
