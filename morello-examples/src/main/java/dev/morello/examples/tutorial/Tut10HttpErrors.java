package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.Morello;
import dev.morello.Request;
import java.util.Map;

/**
 * Tutorial 10, HTTP errors: a handler throws {@link HttpError} to answer with an error status.
 * How the error is shown is config: {@code request.show_tracebacks} puts the stack trace on 500
 * pages (or leaves it off), and {@code error_page.403} names a template file for the 403 page,
 * in which {@code %(status)s}, {@code %(message)s}, {@code %(traceback)s} and
 * {@code %(version)s} are filled in.
 */
public final class Tut10HttpErrors {
    private Tut10HttpErrors() {
    }

    /**
     * The app's config: its 403 errors shown with the template {@code custom_error.html} (the
     * tutorial's {@code _cp_config}, whose value is a path known only when the app starts).
     */
    public static Map<String, Map<String, Object>> config() {
        return Map.of("/", Map.of("error_page.403", TutorialFiles.file("custom_error.html").toString()));
    }

    /** Links that end in errors, of every kind. */
    public static class HTTPErrorDemo {
        /** The links, and whether tracebacks are shown now. */
        @Expose
        public String index(Request request) {
            String trace = request.showTracebacks() ? "off" : "on";
            return "\n        <html><body>"
                    + "\n            <p>Toggle tracebacks <a href=\"toggleTracebacks\">" + trace + "</a></p>"
                    + "\n            <p><a href=\"/doesNotExist\">Click me; I'm a broken link!</a></p>"
                    + "\n            <p>"
                    + "\n              <a href=\"/error?code=403\">"
                    + "\n                Use a custom error page from a file."
                    + "\n              </a>"
                    + "\n            </p>"
                    + "\n            <p>These errors are explicitly raised by the application:</p>"
                    + "\n            <ul>"
                    + "\n                <li><a href=\"/error?code=400\">400</a></li>"
                    + "\n                <li><a href=\"/error?code=401\">401</a></li>"
                    + "\n                <li><a href=\"/error?code=402\">402</a></li>"
                    + "\n                <li><a href=\"/error?code=500\">500</a></li>"
                    + "\n            </ul>"
                    + "\n            <p><a href=\"/messageArg\">You can also set the response body"
                    + "\n            when you raise an error.</a></p>"
                    + "\n        </body></html>"
                    + "\n        ";
        }

        /** Turns tracebacks on or off for the whole site, in the global config, and goes back home. */
        @Expose
        public void toggleTracebacks(Request request) {
            Morello.config().update(Map.of("request.show_tracebacks", !request.showTracebacks()));
            throw new HttpRedirect("/");
        }

        /** The error the query asks for: {@code /error?code=403}. */
        @Expose
        public void error(String code) {
            throw new HttpError(code);
        }

        /** An error with a message of its own, which the page shows under the status. */
        @Expose
        public void messageArg() {
            throw new HttpError(500, "If you construct an HttpError with a message, it will be placed on the"
                    + " error page (underneath the status line by default).");
        }
    }

    /** Serves an HTTPErrorDemo at "/", with its config. */
    public static void main(String[] args) {
        Morello.quickstart(new HTTPErrorDemo(), "", config());
    }
}
