package dev.morello.cherrypy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.Morello;
import dev.morello.testing.Site;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The words of the default error page, through a real server: CherryPy's explanation of each
 * status ({@code httputil.response_codes}: Python's {@code BaseHTTPRequestHandler.responses},
 * with CherryPy's own 500 and 503), and a reason phrase of the error's own
 * ({@code HTTPError('410 Gone Away')}) on the status line and in the page.
 */
class ErrorMessagesTest {
    public static class Root {
        @Expose public void code(int c) {
            throw new HttpError(c);
        }

        @Expose public void status(String s) {
            throw new HttpError(s);
        }

        @Expose public void gone() {
            throw new HttpError("410 Gone Away");
        }

        @Expose public void members() {
            throw new HttpError("403 Members Only", "Log in to see the album.");
        }

        @Expose public void unexpected() {
            throw new IllegalStateException("a bug");
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> Morello.tree().mount(new Root(), "",
                Map.of("/", Map.of("request.show_tracebacks", false))));
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    /** The page's message paragraph, as the default page writes it. */
    private static String paragraph(String message) {
        return "<p>" + message + "</p>";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        400 | 400 Bad Request | Bad request syntax or unsupported method
        401 | 401 Unauthorized | No permission -- see authorization schemes
        403 | 403 Forbidden | Request forbidden -- authorization will not help
        404 | 404 Not Found | Nothing matches the given URI
        405 | 405 Method Not Allowed | Specified method is invalid for this resource
        406 | 406 Not Acceptable | URI not available in preferred format
        408 | 408 Request Timeout | Request timed out; try again later
        409 | 409 Conflict | Request conflict
        410 | 410 Gone | URI no longer exists and has been permanently removed
        411 | 411 Length Required | Client must specify Content-Length
        412 | 412 Precondition Failed | Precondition in headers is false
        413 | 413 Content Too Large | Entity is too large
        414 | 414 URI Too Long | URI is too long
        415 | 415 Unsupported Media Type | Entity body in unsupported format
        416 | 416 Range Not Satisfiable | Cannot satisfy request range
        417 | 417 Expectation Failed | Expect condition could not be satisfied
        429 | 429 Too Many Requests | The user has sent too many requests in a given amount of time (&quot;rate limiting&quot;)
        431 | 431 Request Header Fields Too Large | The server is unwilling to process the request because its header fields are too large
        500 | 500 Internal Server Error | The server encountered an unexpected condition which prevented it from fulfilling the request.
        501 | 501 Not Implemented | Server does not support this operation
        502 | 502 Bad Gateway | Invalid responses from another server/proxy
        503 | 503 Service Unavailable | The server is currently unable to handle the request due to a temporary overloading or maintenance of the server.
        504 | 504 Gateway Timeout | The gateway server did not receive a timely response
        505 | 505 HTTP Version Not Supported | Cannot fulfill request
        """)
    void anErrorWithoutMessageExplainsItsStatusInCherryPysWords(int code, String status, String message)
            throws IOException {
        Site.Reply r = Site.get("/code?c=" + code);
        assertEquals(code, r.status());
        assertTrue(r.body().contains("<title>" + status + "</title>"), r.body());
        assertTrue(r.body().contains(paragraph(message)), r.body());
    }

    @ParameterizedTest
    @ValueSource(ints = {422, 423, 426, 499, 599})
    void aStatusCherryPyHasNoExplanationForShowsAnEmptyMessage(int code) throws IOException {
        // CherryPy: a code Python describes with '' (422-426, 506-510) or does not know (499)
        Site.Reply r = Site.get("/code?c=" + code);
        assertEquals(code, r.status());
        assertTrue(r.body().contains(paragraph("")), r.body());
    }

    @Test
    void anUnexpectedExceptionExplainsThe500InCherryPysWords() throws IOException {
        Site.Reply r = Site.get("/unexpected");
        assertEquals(500, r.status());
        assertTrue(r.body().contains(paragraph(
                "The server encountered an unexpected condition which prevented it from fulfilling the request.")),
                r.body());
        assertFalse(r.body().contains("Server got itself in trouble"), r.body());
    }

    @Test
    void aReasonPhraseOfItsOwnIsSentOnTheStatusLineAndShownInThePage() throws IOException {
        Site.Reply r = Site.get("/gone");
        assertEquals("HTTP/1.1 410 Gone Away", r.statusLine());
        assertTrue(r.body().contains("<title>410 Gone Away</title>"), r.body());
        assertTrue(r.body().contains("<h2>410 Gone Away</h2>"), r.body());
        // as in CherryPy, the reason does not change the explanation of the code
        assertTrue(r.body().contains(paragraph("URI no longer exists and has been permanently removed")), r.body());
    }

    @Test
    void aReasonPhraseOfItsOwnGoesWithAMessage() throws IOException {
        Site.Reply r = Site.get("/members");
        assertEquals("HTTP/1.1 403 Members Only", r.statusLine());
        assertTrue(r.body().contains("<title>403 Members Only</title>"), r.body());
        assertTrue(r.body().contains(paragraph("Log in to see the album.")), r.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        404                   | HTTP/1.1 404 Not Found
        '404 '                | HTTP/1.1 404 Not Found
        '  418   I Am Busy  ' | HTTP/1.1 418 I Am Busy
        451 Not Here, Sorry   | HTTP/1.1 451 Not Here, Sorry
        """)
    void aStringStatusIsReadAsCherryPyReadsIt(String status, String statusLine) throws IOException {
        Site.Reply r = Site.get("/status?s=" + status.replace(" ", "+").replace(",", "%2C"));
        assertEquals(statusLine, r.statusLine());
        assertTrue(r.body().contains("<title>" + statusLine.substring(9) + "</title>"), r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Gone", "+410", "41O Gone", "4100 Big", "200 OK", "399", "600 Far", "\u0664\u0661\u0660"})
    void aStringStatusWithoutACodeIn400To599IsRefused(String status) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpError(status));
        assertTrue(e.getMessage().contains("400-599"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"410 Gone\r\nSet-Cookie: a=b", "410 Gone\0", "410 \u001b[31mRed"})
    void aReasonPhraseWithControlCharactersIsRefusedWhenTheErrorIsMade(String status) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpError(status));
        assertTrue(e.getMessage().contains("control characters"), e.getMessage());
        assertFalse(e.getMessage().contains("\r") || e.getMessage().contains("\u001b"), e.getMessage());
    }

    @Test
    void theStatusTextOfAnErrorCombinesCodeAndReason() {
        assertEquals("410 Gone Away", new HttpError("410 Gone Away").statusText());
        assertEquals("Gone Away", new HttpError("410 Gone Away").reason());
        assertEquals("410 Gone", new HttpError(410).statusText());
        assertEquals("499", new HttpError(499).statusText());
        assertEquals(410, new HttpError("410 Gone Away", "moved on").status());
        assertEquals("moved on", new HttpError("410 Gone Away", "moved on").pageMessage());
    }
}
