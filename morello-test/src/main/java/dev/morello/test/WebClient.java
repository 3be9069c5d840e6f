package dev.morello.test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A client of the site under test, CherryPy's {@code getPage} in Java: it asks with
 * {@link #getPage(String)} (or any method, header fields and body), returns a {@link WebResponse}
 * to assert on, and keeps the cookies the site sets for the next call, so that a session goes on
 * from one page to the next.
 *
 * <pre>{@code
 * @Test
 * void countsVisits(WebClient client) {
 *     client.getPage("/").assertBody("1");
 *     client.getPage("/").assertBody("2");      // the session cookie went along
 *     client.getPage("/login", "POST", Map.of(), "user=alice&password=wonderland")
 *             .assertStatus(303)
 *             .assertHeader("Location");
 * }
 * }</pre>
 *
 * <p>A {@link MorelloTest} class gets one per test method as a parameter; {@link #create(URI)}
 * makes one for any server. Requests go by HTTP/1.1 with the JDK's {@link HttpClient}, which
 * follows no redirect; {@link #httpClient()} is that client, cookies included, for anything else.
 * What the JDK's client will not send (its own {@code Content-Length}, {@code Host},
 * {@code Connection} ...) goes through {@link #openRaw()} instead, byte for byte.
 *
 * <p>The calls throw no checked exception: an I/O failure is an {@link UncheckedIOException},
 * and fails the test that way.
 */
public final class WebClient implements AutoCloseable {
    /** How long a connection, a reply, or a raw read may take before the call fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The fields java.net.http sets itself and refuses from callers (jdk.internal.net.http.common.Utils). */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    private WebClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT)
                .cookieHandler(cookies)
                .build();
    }

    /** A client of the server at {@code base} ({@code http://127.0.0.1:8080}), with no cookies. */
    public static WebClient create(URI base) {
        String path = base.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("the base is a server, without a path: " + base);
        }
        return new WebClient(URI.create(base.getScheme() + "://" + base.getRawAuthority()));
    }

    /** The server's URL: scheme, host and port, no path ({@code http://127.0.0.1:41234}). */
    public URI baseUri() {
        return base;
    }

    /** The port the site listens on. */
    public int port() {
        return base.getPort();
    }

    /** The URL of {@code path} (which may have a query) on the server: {@code uri("/a?b=1")}. */
    public URI uri(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a path on the site starts with '/': " + path);
        }
        return URI.create(base + path);
    }

    /** The JDK client this one sends with: HTTP/1.1, no redirects followed, sharing {@link #cookies()}. */
    public HttpClient httpClient() {
        return http;
    }

    /** The cookies kept so far; {@code cookies().removeAll()} forgets them (a new visitor). */
    public CookieStore cookies() {
        return cookies.getCookieStore();
    }

    /** {@code GET path}. */
    public WebResponse getPage(String path) {
        return getPage(path, "GET", Map.of(), (byte[]) null);
    }

    /**
     * Sends {@code method} to {@code path} with the header fields and body given, as CherryPy's
     * {@code getPage(url, headers, method, body)}. A body without a {@code Content-Type} goes
     * as {@code application/x-www-form-urlencoded}, as there. The body is sent as UTF-8.
     *
     * @param body null for none
     * @throws IllegalArgumentException for a field the JDK's client sets itself ({@code Host},
     *         {@code Connection}, {@code Expect}, {@code Upgrade}, or a {@code Content-Length}
     *         other than the body's): send those with {@link #openRaw()}
     */
    public WebResponse getPage(String path, String method, Map<String, String> headers, String body) {
        return getPage(path, method, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code method} to {@code path} with the header fields and the body's bytes, as
     * {@link #getPage(String, String, Map, String)}.
     *
     * @param body null for none
     */
    public WebResponse getPage(String path, String method, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        boolean typed = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") && body != null && h.getValue().strip().equals(Integer.toString(body.length))) {
                continue;  // the client sends the same one
            }
            if (RESTRICTED.contains(name)) {
                throw new IllegalArgumentException("java.net.http sets " + h.getKey() + " itself: to send "
                        + h.getKey() + ": " + h.getValue() + ", write the request with openRaw()");
            }
            typed |= name.equals("content-type");
            request.header(h.getKey(), h.getValue());
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(request.build());
    }

    /** Sends a request made with the JDK's builder (cookies go along) and returns what came. */
    public WebResponse send(HttpRequest request) {
        String target = request.uri().getRawPath() + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
        String described = request.method() + " " + target;
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new WebResponse(described, r.statusCode(), "", r.headers().map(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("interrupted waiting for " + described));
        } catch (IOException e) {
            throw new UncheckedIOException(described + " failed: " + e, e);
        }
    }

    /**
     * Sends the text as bytes (ISO-8859-1) on a new connection and reads one response:
     * {@code client.sendRaw("GET / HTTP/1.0\r\n\r\n").assertStatus(200)}. The response to a
     * request that starts {@code "HEAD "} is read without a body. Cookies are not added.
     */
    public WebResponse sendRaw(String request) {
        try (RawConnection c = openRaw()) {
            c.send(request);
            return request.startsWith("HEAD ") ? c.readResponseToHead() : c.readResponse();
        }
    }

    /** A new socket to the site, to send exact bytes and read the replies ({@link RawConnection}). */
    public RawConnection openRaw() {
        return RawConnection.open(base, TIMEOUT);
    }

    /** Closes the JDK client's connections. */
    @Override
    public void close() {
        http.close();
    }

    /** The server this client asks. */
    @Override
    public String toString() {
        return "WebClient(" + base + ")";
    }
}
