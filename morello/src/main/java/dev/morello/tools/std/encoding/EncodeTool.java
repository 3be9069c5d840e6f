package dev.morello.tools.std.encoding;

import dev.morello.HeaderElement;
import dev.morello.HttpError;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.internal.Log;
import dev.morello.tools.HandlerWrapperTool;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.std.body.BodyClose;
import dev.morello.tools.std.body.BodyVary;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/** {@code tools.encode}: see {@link EncodingTools}. */
final class EncodeTool extends HandlerWrapperTool {
    private static final Log LOG = Log.named("morello.tools.encode", "TOOLS.ENCODE");
    private static final String DEFAULT_CONTENT_TYPE = "text/html;charset=utf-8";

    /** The arguments, read once per config path. */
    record Settings(String encoding, String defaultEncoding, Charset defaultCharset, EncText.Errors errors,
            boolean textOnly, boolean addCharset, boolean debug) {
        static Settings of(ToolArgs args) {
            String encoding = args.string("encoding", null);
            if (encoding != null && (encoding.isBlank() || encoding.equalsIgnoreCase("None"))) {
                encoding = null;
            }
            String def = args.string("default_encoding", "utf-8").trim().toLowerCase(Locale.ROOT);
            return new Settings(encoding == null ? null : encoding.trim().toLowerCase(Locale.ROOT), def,
                    EncCharsets.lookup(def), EncText.Errors.of(args.string("errors", "strict")),
                    args.bool("text_only", true), args.bool("add_charset", true), args.bool("debug", false));
        }
    }

    EncodeTool() {
        super("encode", 70, (inner, request, args) -> encode(inner, request, Settings.of(args)));
    }

    @Override
    public List<Setup> setups(ToolArgs args, int priority) {
        Settings settings = Settings.of(args);
        Hook hook = new Hook(request -> {
            PageHandler inner = request.handler();
            if (inner != null) {
                request.handler(r -> encode(inner, r, settings));
            }
        }, false, priority);
        return List.of(request -> request.hooks().attach(HookPoint.BEFORE_HANDLER, hook));
    }

    static Object encode(PageHandler inner, Request request, Settings s) throws Exception {
        Object result = inner.handle(request);
        if (!s.addCharset()) {
            return result;
        }
        Response response = request.response();
        String ct = response.headers().get("Content-Type");
        if (ct == null || (s.textOnly() && !ct.regionMatches(true, 0, "text/", 0, 5))) {
            if (s.debug()) {
                LOG.info("[{}] not encoding: Content-Type {}", request.uniqueId(), ct);
            }
            return result;
        }
        ResponseBody body = result != null ? ResponseBody.of(result) : response.body();
        ResponseBody encoded = negotiate(request, response, ct, body, s);
        if (result != null) {
            return encoded;
        }
        response.body(encoded);
        return null;
    }

    /** Picks the charset, sets it on the Content-Type, and returns the body to send. */
    private static ResponseBody negotiate(Request request, Response response, String ct, ResponseBody body, Settings s)
            throws Exception {
        BodyVary.record(request, "Accept-Charset");
        // the request's own headers are copied only when the client sent Accept-Charset at all
        List<HeaderElement> elements = request.exchange().headers().get("Accept-Charset") == null
                ? List.of() : request.headers().elements("Accept-Charset");
        List<EncCharsets.Candidate> candidates;
        boolean serverFault;
        if (s.encoding() != null) {
            candidates = EncCharsets.accepts(elements, s.encoding())
                    ? List.of(new EncCharsets.Candidate(s.encoding(), EncCharsets.lookup(s.encoding())))
                    : List.of();
            serverFault = !candidates.isEmpty();
        } else if (elements.isEmpty()) {
            candidates = List.of(new EncCharsets.Candidate(s.defaultEncoding(), s.defaultCharset()));
            serverFault = true;
        } else {
            candidates = EncCharsets.acceptable(elements, s.defaultEncoding());
            serverFault = false;
        }
        List<String> tried = new ArrayList<>(candidates.size());

        if (body instanceof ResponseBody.Text text) {
            for (EncCharsets.Candidate c : candidates) {
                tried.add(c.label());
                if (c.charset() == null) {
                    continue;
                }
                byte[] bytes = EncText.encode(text.text(), c.charset(), s.errors());
                if (bytes != null) {
                    label(response, ct, c.label(), request, s);
                    return new ResponseBody.Bytes(bytes);
                }
            }
        } else if (body instanceof ResponseBody.Chunks chunked) {
            if (response.stream()) {
                // encoded as the chunks are produced: a failure then can only cut the response short
                for (EncCharsets.Candidate c : candidates) {
                    tried.add(c.label());
                    if (c.charset() != null) {
                        label(response, ct, c.label(), request, s);
                        Lazy lazy = new Lazy(chunked.chunks(), chunked, c, s.errors());
                        return new ResponseBody.Chunks(lazy, lazy);
                    }
                }
            } else {
                List<Object> chunks = collect(chunked);
                for (EncCharsets.Candidate c : candidates) {
                    tried.add(c.label());
                    if (c.charset() == null) {
                        continue;
                    }
                    List<Object> encoded = encodeAll(chunks, c, s.errors());
                    if (encoded != null) {
                        label(response, ct, c.label(), request, s);
                        return new ResponseBody.Chunks(encoded.iterator(), null);
                    }
                }
            }
        } else {
            // bytes, a stream or a file: already encoded by whoever made them. A charset the
            // Content-Type names is theirs to declare; otherwise the first acceptable one is named.
            if (EncCharsets.charsetParam(ct) != null) {
                return body;
            }
            for (EncCharsets.Candidate c : candidates) {
                tried.add(c.label());
                if (c.charset() != null) {
                    label(response, ct, c.label(), request, s);
                    return body;
                }
            }
        }

        if (serverFault) {
            String label = s.encoding() != null ? s.encoding() : s.defaultEncoding();
            throw new HttpError(500, "Response body could not be encoded with '" + label + "'.");
        }
        String ac = request.headers().get("Accept-Charset");
        String msg = ac == null ? "Your client did not send an Accept-Charset header."
                : "Your client sent this Accept-Charset header: " + ac + ".";
        List<String> sorted = new ArrayList<>(tried.isEmpty() && s.encoding() != null ? List.of(s.encoding()) : tried);
        sorted.sort(null);
        throw new HttpError(406, msg + " We tried these charsets: " + String.join(", ", sorted) + ".");
    }

    private static void label(Response response, String ct, String label, Request request, Settings s) {
        // the framework's default Content-Type already says utf-8: nothing to rewrite then
        if (!(label.equals("utf-8") && ct.equals(DEFAULT_CONTENT_TYPE))) {
            response.headers().set("Content-Type", EncCharsets.withCharset(ct, label));
        }
        response.headers().remove("Content-Length");
        if (s.debug()) {
            LOG.info("[{}] encoding in {}", request.uniqueId(), label);
        }
    }

    /** A collected body's chunks, read once so that each charset can be tried on all of them. */
    private static List<Object> collect(ResponseBody.Chunks body) throws Exception {
        List<Object> out = new ArrayList<>();
        try (body) {
            for (Iterator<?> it = body.chunks(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
        return out;
    }

    /**
     * The chunks with their text encoded, or null when one fails. Bytes pass as they are, and so
     * does anything else (nested chunks for {@code tools.flatten}, encoded later in the same
     * charset).
     */
    private static List<Object> encodeAll(List<Object> chunks, EncCharsets.Candidate c, EncText.Errors errors) {
        EncText.Chunks enc = new EncText.Chunks(c.charset(), errors);
        List<Object> out = new ArrayList<>(chunks.size() + 1);
        for (Object chunk : chunks) {
            if (chunk instanceof CharSequence t) {
                byte[] b = enc.text(t);
                if (b == null) {
                    return null;
                }
                out.add(b);
            } else {
                if (enc.holding()) {
                    byte[] b = enc.finish();
                    if (b == null) {
                        return null;
                    }
                    out.add(b);
                }
                out.add(chunk);
            }
        }
        byte[] rest = enc.finish();
        if (rest == null) {
            return null;
        }
        if (rest.length > 0) {
            out.add(rest);
        }
        return out;
    }

    /** A streamed body's text chunks encoded as they come; closing it closes the source. */
    static final class Lazy implements Iterator<Object>, AutoCloseable {
        private final Iterator<?> source;
        private final AutoCloseable closeable;
        private final EncText.Chunks enc;
        private final String label;
        private boolean finished;

        Lazy(Iterator<?> source, AutoCloseable body, EncCharsets.Candidate c, EncText.Errors errors) {
            this.source = source;
            this.closeable = body;
            this.enc = new EncText.Chunks(c.charset(), errors);
            this.label = c.label();
        }

        @Override
        public boolean hasNext() {
            if (source.hasNext()) {
                return true;
            }
            return !finished && enc.holding();
        }

        @Override
        public Object next() {
            if (!source.hasNext()) {
                if (finished || !enc.holding()) {
                    throw new NoSuchElementException();
                }
                finished = true;
                return check(enc.finish());
            }
            Object chunk = source.next();
            if (chunk instanceof CharSequence t) {
                return check(enc.text(t));
            }
            if (enc.holding() && chunk instanceof byte[] b) {
                byte[] held = check(enc.finish());
                byte[] both = java.util.Arrays.copyOf(held, held.length + b.length);
                System.arraycopy(b, 0, both, held.length, b.length);
                return both;
            }
            return chunk;
        }

        private byte[] check(byte[] b) {
            if (b == null) {
                throw new UncheckedIOException(new CharacterCodingException() {
                    @Override
                    public String getMessage() {
                        return "a streamed chunk could not be encoded with '" + label + "'";
                    }
                });
            }
            return b;
        }

        @Override
        public void close() throws java.io.IOException {
            BodyClose.close(closeable);
        }
    }
}
