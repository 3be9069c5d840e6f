package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tutorial 10 as CherryPy's {@code test10HTTPErrors} checks it: the links, the tracebacks toggled
 * site-wide, a 500, the 403 from the template file, and an error's own message.
 */
@MorelloTest
class Tut10HttpErrorsTest {
    /** Says whether tracebacks are on where it is mounted, as Python's {@code repr} of the setting. */
    public static class TracebackSetting {
        @Expose
        public String index(Request request) {
            return request.showTracebacks() ? "True" : "False";
        }
    }

    @Mount
    static void site() {
        Morello.tree().mount(new Tut10HttpErrors.HTTPErrorDemo(), "", Tut10HttpErrors.config());
        // CherryPy mounts a function there, answering /traceback_setting itself: no redirect to a trailing slash
        Morello.tree().mount(new TracebackSetting(), "/traceback_setting",
                Map.of("/", Map.of("tools.trailing_slash.on", false)));
    }

    @Test
    void theIndexLinksToEveryError(WebClient client) {
        client.getPage("/")
                .assertInBody("<a href=\"toggleTracebacks\">")
                .assertInBody("<a href=\"/doesNotExist\">")
                .assertInBody("<a href=\"/error?code=403\">")
                .assertInBody("<a href=\"/error?code=500\">")
                .assertInBody("<a href=\"/messageArg\">");
    }

    @Test
    void togglingTracebacksChangesTheSettingSiteWide(WebClient client) {
        String setting = client.getPage("/traceback_setting").body();
        client.getPage("/toggleTracebacks").assertStatus(302, 303).assertHeader("Location");
        client.getPage("/traceback_setting").assertBody(setting.equals("True") ? "False" : "True");
        // and back, so that the other methods see the site as it started
        client.getPage("/toggleTracebacks").assertStatus(302, 303);
        client.getPage("/traceback_setting").assertBody(setting);
    }

    @Test
    void aServerErrorSaysSo(WebClient client) {
        client.getPage("/error?code=500").assertStatus(500)
                .assertInBody("The server encountered an unexpected condition which prevented it from fulfilling the request.");
    }

    @Test
    void forbiddenIsShownWithTheTemplateFromConfig(WebClient client) {
        client.getPage("/error?code=403").assertStatus(403)
                .assertInBody("<h2>You can't do that!</h2>")
                .assertInBody("<title>403 Forbidden</title>");
    }

    @Test
    void anErrorsMessageIsOnItsPage(WebClient client) {
        client.getPage("/messageArg").assertStatus(500).assertInBody("If you construct an HttpError with a message");
    }

    @Test
    void aBrokenLinkIsNotFound(WebClient client) {
        client.getPage("/doesNotExist").assertStatus(404);
    }
}
