package dev.morello.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code redis_url}, read: {@code redis://[[user]:password@]host[:port][/database]}, or
 * {@code rediss://} for TLS. As Jedis and redis-py read it, a user part without a colon is a
 * password alone; user and password are percent-decoded.
 *
 * <p>Its {@link #toString()} is what messages and logs show: the server and database, never the
 * user part, so that a password in the URL cannot reach a log or an error page.
 */
record RedisUrl(boolean tls, String host, int port, String user, String password, int database) {
    static final int DEFAULT_PORT = 6379;

    /**
     * Reads the URL.
     *
     * @throws IllegalArgumentException saying what is wrong with it, without repeating it (it may
     *                                  hold a password)
     */
    static RedisUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw refused("it is not a URL");
        }
        String scheme = uri.getScheme();
        boolean tls;
        if ("redis".equalsIgnoreCase(scheme)) {
            tls = false;
        } else if ("rediss".equalsIgnoreCase(scheme)) {
            tls = true;
        } else {
            throw refused(scheme == null ? "it has no scheme" : "its scheme is not redis or rediss");
        }
        // URI leaves the host null for an authority it cannot read as host and port
        if (uri.getHost() == null) {
            throw refused("it names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw refused("it has a query or a fragment, which the store does not read");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();

        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
            if (password != null && password.isEmpty()) {
                password = null;
            }
        }
        return new RedisUrl(tls, host, port, user, password, database(uri.getRawPath()));
    }

    /** {@code ""} or {@code "/"}: 0; {@code "/7"}: 7. */
    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        if (path.length() > 1 + 9) {
            throw refused("its database is not a number from 0 up");
        }
        int n = 0;
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                throw refused("its database is not a number from 0 up");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Percent-decoding as RFC 3986 §2.1 has it; unlike {@code URLDecoder}, {@code +} stays {@code +}. */
    private static String decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw refused("its user part has a % not followed by two hex digits");
                }
                out.write(hi << 4 | lo);
                i += 3;
            } else {
                int end = raw.indexOf('%', i);
                end = end < 0 ? raw.length() : end;
                out.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException refused(String why) {
        return new IllegalArgumentException("tools.sessions." + RedisStorage.URL
                + " must be redis://[[user]:password@]host[:port][/database] (rediss:// for TLS), but " + why);
    }

    /** The server and database, as messages show them: no user, no password. */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + h + ":" + port + "/" + database;
    }
}
