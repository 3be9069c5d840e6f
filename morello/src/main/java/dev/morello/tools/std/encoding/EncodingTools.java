package dev.morello.tools.std.encoding;

import dev.morello.Request;
import dev.morello.RequestBody;
import dev.morello.config.Key;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CherryPy's charset tools: {@code encode} (on by default) for responses and {@code decode} for
 * request bodies.
 *
 * <h2>{@code tools.encode}: the response's charset, negotiated</h2>
 * A handler wrapper ({@code before_handler}, priority 70) that, once the page handler has
 * returned, picks the charset its text is sent in and names it on the {@code Content-Type}
 * ({@code text/html;charset=iso-8859-1}, any other charset parameter replaced). It acts when the
 * response's {@code Content-Type} is {@code text/*} (any type with {@code text_only = False}) and
 * {@code add_charset} is on. Responses made without the page handler (a handler tool such as
 * {@code staticfile}, an error page) are left alone, as in CherryPy.
 *
 * <p>Which charsets are tried, in order:
 * <ul>
 * <li>no {@code Accept-Charset}: {@code default_encoding} (UTF-8); when the text cannot be encoded in
 *     it, a 500 {@code Response body could not be encoded with 'utf-8'.};
 * <li>{@code Accept-Charset}: each charset with q > 0, best first, {@code *} standing for
 *     {@code default_encoding}; then ISO-8859-1 when neither it nor {@code *} is named (RFC 2616's
 *     rule, kept by CherryPy). A charset named with q=0 is never tried. When none can encode the
 *     text: a 406 {@code Your client sent this Accept-Charset header: ... We tried these charsets:
 *     ...} (the charsets sorted);
 * <li>{@code encoding = "..."} forces one charset: a 406 when the client's {@code Accept-Charset}
 *     refuses it, a 500 when the text does not fit it.
 * </ul>
 *
 * <p>What is encoded: a {@code String} result is encoded here (the body becomes bytes); a collected
 * {@code Iterable}/{@code Iterator}/{@code Stream} of chunks is read once and each charset tried on
 * all its text chunks; a streamed one ({@code response.stream = True}) is encoded lazily as the
 * chunks come, in the first acceptable charset Java has, so a chunk that does not fit can only cut
 * the response short (CherryPy's "just pray it works"). A surrogate pair split across two chunks is
 * kept whole. Bytes, streams and files are already encoded: their {@code Content-Type}'s charset is
 * kept, and one is named only when there is none.
 *
 * <p>{@code errors} says what to do with a character the charset cannot hold, with Python's names:
 * {@code strict} (try the next charset), {@code replace} ({@code ?}), {@code ignore}, or
 * {@code xmlcharrefreplace} ({@code &#8364;}).
 *
 * <p>Better than CherryPy: a charset named with q=0 is not tried through {@code *}; a forced
 * {@code encoding} that cannot encode the text is the server's fault (500, not 406); a collected
 * generator is not half-consumed by a failed first charset; bytes whose {@code Content-Type} names
 * a charset are not relabelled; charsets Java does not know are skipped rather than failing
 * mid-stream.
 *
 * <h2>{@code tools.decode}: the charsets to decode a request body with</h2>
 * At {@code before_request_body} (priority 50): {@code encoding} (a charset or a list) replaces
 * the charsets attempted to decode the body's text ({@link RequestBody#attemptCharsets()});
 * otherwise {@code default_encoding} (a charset or a list, default {@code utf-8}) is added to the
 * end of them, each once. Unlike CherryPy, a charset the body itself declares
 * ({@code Content-Type: ...;charset=}) is still tried first: the sender's word beats a guess.
 *
 * <pre>
 * [/legacy]
 * tools.encode.encoding = "iso-8859-1"
 * tools.decode.encoding = ["windows-1252", "iso-8859-1"]
 * </pre>
 */
public final class EncodingTools {
    private EncodingTools() {
    }

    /** Registers {@code encode} and {@code decode}. */
    public static void register(Toolbox tools) {
        tools.register(new EncodeTool()
                .arg("encoding", Key.Type.STRING, null, "force this charset (406 if the client refuses it, 500 if the text does not fit)")
                .arg("default_encoding", Key.Type.STRING, "utf-8", "the charset used without Accept-Charset, and for its *")
                .arg("errors", Key.Type.STRING, "strict", "what to do with characters the charset lacks",
                        Key.Check.oneOf("strict", "replace", "ignore", "xmlcharrefreplace"))
                .arg("text_only", Key.Type.BOOLEAN, true, "only text/* responses get a charset")
                .arg("add_charset", Key.Type.BOOLEAN, true, "name the chosen charset on the Content-Type (off: do nothing)")
                .arg("debug", Key.Type.BOOLEAN, false, "log each decision to morello.tools.encode"));
        tools.register(new Tool("decode", HookPoint.BEFORE_REQUEST_BODY, 50, EncodingTools::decode)
                .arg("encoding", Key.Type.LIST, null, "the charsets to decode the request body with, replacing the others")
                .arg("default_encoding", Key.Type.LIST, List.of("utf-8"), "charsets added to those attempted"));
    }

    /** CherryPy's {@code decode}: replaces or extends the charsets the request body is decoded with. */
    static void decode(Request request, ToolArgs args) {
        RequestBody body = request.body();
        if (body == null) {
            return;
        }
        List<String> forced = args.get("encoding") == null ? null : args.strings("encoding", null);
        if (forced != null && !forced.isEmpty()) {
            body.attemptCharsets(forced);
            return;
        }
        List<String> more = args.strings("default_encoding", List.of("utf-8"));
        if (more.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(body.attemptCharsets());
        for (String cs : more) {
            boolean present = false;
            for (String have : all) {
                present |= have.equalsIgnoreCase(cs);
            }
            if (!present) {
                all.add(cs.toLowerCase(Locale.ROOT));
            }
        }
        body.attemptCharsets(all);
    }
}
