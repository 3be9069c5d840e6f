package dev.morello;

import java.util.List;

/**
 * Sends the client elsewhere, as CherryPy's {@code HTTPRedirect}.
 *
 * <pre>{@code
 * throw new HttpRedirect("/login");                 // 303 to an HTTP/1.1 client, 302 to 1.0
 * throw new HttpRedirect("new-page", 301);          // relative to the current URL
 * }</pre>
 *
 * <p>Relative URLs are resolved against the current request's URL. Without a status, HTTP/1.1
 * clients get 303 See Other and HTTP/1.0 clients 302 Found. The statuses 300, 301, 302, 303, 307
 * and 308 send {@code Location} (the first URL) and a short HTML body linking every URL; 304 sends
 * neither; 305 sends {@code Location} only.
 */
public class HttpRedirect extends RuntimeException {
    private final List<String> urls;
    private final int status;

    public HttpRedirect(String url) {
        this(List.of(url), 0);
    }

    public HttpRedirect(String url, int status) {
        this(List.of(url), status);
    }

    /** Several URLs (listed in the body; the first one is the {@code Location}); status 0 = default. */
    public HttpRedirect(List<String> urls, int status) {
        super(urls.isEmpty() ? "" : urls.get(0), null, false, false);
        if (status != 0 && (status < 300 || status > 399)) {
            throw new IllegalArgumentException("a redirect status must be within 300-399: " + status);
        }
        if (urls.isEmpty() && status != 304) {
            throw new IllegalArgumentException("a redirect needs a URL");
        }
        this.urls = List.copyOf(urls);
        this.status = status;
    }

    /** The URLs as given (before resolution against the request URL). */
    public List<String> urls() {
        return urls;
    }

    /** The status asked for, or 0 for the protocol's default (303 on HTTP/1.1, 302 on 1.0). */
    public int status() {
        return status;
    }
}
