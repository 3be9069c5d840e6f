package dev.morello.tools.std.gzip;

import dev.morello.config.Key;
import dev.morello.tools.Toolbox;
import java.util.List;

/**
 * Response compression: CherryPy's {@code gzip}, and {@code deflate} beside it.
 *
 * <pre>
 * [/]
 * tools.gzip.on = True
 * tools.gzip.mime_types = ["text/*", "application/json", "application/*+xml"]
 * tools.deflate.on = True          # offered too; the client's preference decides
 * </pre>
 *
 * <p>Both run at {@code before_finalize} (priority 80), after the handler and the other tools
 * have made the body, with the same arguments: {@code compress_level} (0-9, default 5),
 * {@code mime_types} (default {@code text/html} and {@code text/plain}; a pattern may be
 * {@code type/*} or {@code type/*+suffix}) and {@code debug} (log each decision to
 * {@code morello.tools.gzip}). When both are on for a path they are one mechanism: the coding
 * the client prefers by q-value is used, a tie going to the one it listed first, then to gzip.
 *
 * <p>Every response gets {@code Vary: Accept-Encoding} (merged into any {@code Vary} already
 * there), compressed or not, since a cache must not hand a compressed copy to a client that did
 * not ask for one. The body is left alone when:
 * <ul>
 * <li>the request has no {@code Accept-Encoding};
 * <li>the response is not a 2xx with a body (errors, redirects, 204 and 304 are not compressed),
 *     is a 206 or has a {@code Content-Range} (a range is of the uncompressed representation), or
 *     already has a {@code Content-Encoding};
 * <li>its media type is not in the tool's {@code mime_types};
 * <li>the client refuses the coding ({@code gzip;q=0}; for gzip an explicit {@code x-gzip;q=0}
 *     too, the two names being one coding) or does not name it (nor {@code *});
 * <li>the client prefers {@code identity} (q > 0) to the coding: at a higher q, or at the same q
 *     when the coding is named {@code gzip}, {@code deflate} or {@code *} (but not {@code x-gzip}),
 *     wherever each is listed. That is how CherryPy reads the field: sorted by q, then by the
 *     elements' text, highest first.
 * </ul>
 * When no offered coding is acceptable and identity is refused too ({@code identity;q=0}, or
 * {@code *;q=0} without an entry for identity), the answer is a 406 {@code identity, gzip}
 * (listing what the server offers).
 *
 * <p>A {@code String} or {@code byte[]} body is compressed in one go; a streamed body
 * ({@code response.stream = True}), an {@code InputStream}, a file ({@code Path},
 * {@link dev.morello.FileRegion}) or an iterable of chunks is compressed lazily, chunk by chunk,
 * into one gzip member, never held whole: streamed chunks are each pushed out with a sync flush
 * so the client sees them as they are produced, and streams and files are sent chunked. The
 * {@code Content-Length} is dropped (the framework sets the compressed one when it collects the
 * body). A HEAD response gets the same headers as GET; a lazily compressed body is then never
 * read. gzip's header carries no time stamp, so equal bodies compress to equal bytes.
 *
 * <p>Better than CherryPy: a client that names only other codings ({@code Accept-Encoding: br})
 * gets the uncompressed body, not a 406 (RFC 9110 §12.5.3: identity is acceptable unless
 * refused); error pages and partial responses are not compressed; q-values of {@code *} count.
 * CherryPy's skip of a response served from its cache is not needed: a cached response is
 * already compressed and carries {@code Content-Encoding}. {@code deflate} is not in CherryPy;
 * it is the zlib format, as RFC 9110 §8.4.1.2 defines it.
 */
public final class CompressionTools {
    private CompressionTools() {
    }

    /** Registers {@code gzip} and {@code deflate}. */
    public static void register(Toolbox tools) {
        for (GzipCoding coding : GzipCoding.values()) {
            tools.register(new GzipTool(coding)
                    .arg("compress_level", Key.Type.INTEGER, 5, "0 (store) to 9 (smallest, slowest)", Key.Check.range(0, 9))
                    .arg("mime_types", Key.Type.LIST, List.of("text/html", "text/plain"),
                            "media types compressed; type/* and type/*+suffix patterns allowed")
                    .arg("debug", Key.Type.BOOLEAN, false, "log each decision to morello.tools.gzip"));
        }
    }
}
