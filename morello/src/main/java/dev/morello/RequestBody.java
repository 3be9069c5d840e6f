package dev.morello;

import dev.morello.internal.body.FormBody;
import dev.morello.internal.body.Multipart;
import dev.morello.internal.body.MultipartLimits;
import dev.morello.internal.body.Params;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request body, as CherryPy's {@code request.body}. Before the handler runs, a body whose
 * media type has a processor is processed: {@code application/x-www-form-urlencoded} and
 * {@code multipart/form-data} bodies become {@link Request#params()} (uploaded files as
 * {@link Part}s). A body no processor claims stays unread, for the handler to read from
 * {@link #stream()}.
 *
 * <pre>{@code
 * @Expose public String upload(Part file) { return "Size: " + file.size(); }
 * @Expose public String raw(Request request) throws IOException { return new String(request.body().bytes()); }
 * }</pre>
 *
 * <p>Processors are looked up by full media type, then by major type ({@code multipart}); config
 * keys {@code request.body.maxbytes}, {@code request.body.attempt_charsets} and
 * {@code request.body.maxrambytes} tune them, and {@link #processor} replaces or adds one.
 */
public final class RequestBody {
    private final Request request;
    private final InputStream raw;
    private final HeaderElement contentType;
    private final long length;
    private static final Map<String, BodyProcessor> DEFAULT_PROCESSORS = Map.of(
            "application/x-www-form-urlencoded", RequestBody::processForm,
            "multipart/form-data", RequestBody::processMultipart,
            "multipart", RequestBody::processMultipart);

    /** The defaults until someone changes them; then a copy of its own. */
    private Map<String, BodyProcessor> processors = DEFAULT_PROCESSORS;
    private long maxBytes = -1;
    private List<String> attemptCharsets = List.of("utf-8");
    private int maxRamBytes = 1000;
    private InputStream stream;
    private final LinkedHashMap<String, Object> params = new LinkedHashMap<>(4);
    private final List<Part> parts = new ArrayList<>(0);
    private List<Part> created;
    private boolean processed;

    RequestBody(Request request, InputStream raw, String contentType, long length) {
        this.request = request;
        this.raw = raw;
        this.contentType = contentType == null ? null : HeaderElement.parse(contentType);
        this.length = length;
    }

    /** The media type, lower-cased, without parameters ({@code application/json}); null when none was sent. */
    public String mediaType() {
        return contentType == null ? null : contentType.value().toLowerCase(Locale.ROOT);
    }

    /** The {@code Content-Type} with its parameters, or null. */
    public HeaderElement contentType() {
        return contentType;
    }

    /** The declared length, -1 when chunked, 0 when there is no body. */
    public long length() {
        return length;
    }

    /**
     * The body as sent, decoded from its transfer coding; limited to {@code request.body.maxbytes}
     * (past it, 413). Read it once.
     */
    public InputStream stream() {
        if (stream == null) {
            stream = maxBytes < 0 ? raw : new LimitedInputStream(raw, maxBytes);
        }
        return stream;
    }

    /** Reads the whole body. */
    public byte[] bytes() throws IOException {
        return stream().readAllBytes();
    }

    /** Reads the whole body as text in its declared charset, UTF-8 by default. */
    public String text() throws IOException {
        return new String(bytes(), charsetOr(StandardCharsets.UTF_8));
    }

    /** The parameters the body held (also merged into {@link Request#params()}). */
    public Map<String, Object> params() {
        return params;
    }

    /** Parts of a multipart body that carried no name. */
    public List<Part> parts() {
        return parts;
    }

    /** Whether a processor consumed the body. */
    public boolean processed() {
        return processed;
    }

    /** Sets the processor for a media type ({@code type/subtype}, or a major type); null removes it. */
    public void processor(String mediaType, BodyProcessor processor) {
        String key = mediaType.toLowerCase(Locale.ROOT);
        if (processors == DEFAULT_PROCESSORS) {
            processors = new HashMap<>(DEFAULT_PROCESSORS);
        }
        if (processor == null) {
            processors.remove(key);
        } else {
            processors.put(key, processor);
        }
    }

    /** The processors by media type (read-only; change them with {@link #processor}). */
    public Map<String, BodyProcessor> processors() {
        return java.util.Collections.unmodifiableMap(processors);
    }

    /** The largest body accepted, in bytes (-1: only the server's limit). */
    public void maxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The charsets tried, in order, to decode form data (CherryPy's {@code attempt_charsets}). */
    public void attemptCharsets(List<String> charsets) {
        this.attemptCharsets = List.copyOf(charsets);
    }

    public List<String> attemptCharsets() {
        return attemptCharsets;
    }

    /** Uploads above this size go to a temporary file. */
    public void maxRamBytes(int bytes) {
        this.maxRamBytes = bytes;
    }

    /** Records a part whose temporary file the end of the request must remove. */
    public void track(Part part) {
        if (created == null) {
            created = new ArrayList<>(2);
        }
        created.add(part);
    }

    // ---- processing ------------------------------------------------------------------------

    void process() throws Exception {
        String type = mediaType();
        if (type == null) {
            return; // CherryPy reads no body without a Content-Type
        }
        BodyProcessor p = processors.get(type);
        if (p == null) {
            int slash = type.indexOf('/');
            p = processors.get(slash < 0 ? type : type.substring(0, slash));
        }
        if (p == null) {
            return;
        }
        processed = true;
        p.process(this);
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Object v = e.getValue();
            if (v instanceof List<?> list) {
                for (Object item : list) {
                    Params.add(request.params(), e.getKey(), item);
                }
            } else {
                Params.add(request.params(), e.getKey(), v);
            }
        }
    }

    private static void processForm(RequestBody body) throws IOException {
        List<Charset> charsets = body.charsetsToTry(true);
        body.params.putAll(FormBody.parse(body.bytes(), charsets));
    }

    private static void processMultipart(RequestBody body) throws IOException {
        String boundary = body.contentType.param("boundary");
        if (boundary == null) {
            throw new HttpError(400, "A multipart body needs a boundary parameter in its Content-Type.");
        }
        MultipartLimits d = MultipartLimits.defaults();
        var result = Multipart.parse(body.stream(), boundary,
                new MultipartLimits(body.maxRamBytes, d.maxFieldBytes(), d.maxPartHeaderBytes(), d.maxParts()));
        for (Object v : result.params().values()) {
            trackParts(body, v);
        }
        for (Part p : result.parts()) {
            body.track(p);
        }
        body.params.putAll(result.params());
        body.parts.addAll(result.parts());
    }

    private static void trackParts(RequestBody body, Object v) {
        if (v instanceof Part p) {
            body.track(p);
        } else if (v instanceof List<?> list) {
            for (Object o : list) {
                trackParts(body, o);
            }
        }
    }

    /** The declared charset first, then the attempt list (plus ISO-8859-1 for text types). */
    private List<Charset> charsetsToTry(boolean form) {
        List<Charset> out = new ArrayList<>(3);
        String declared = contentType == null ? null : contentType.param("charset");
        if (declared != null) {
            addCharset(out, declared);
        }
        for (String c : attemptCharsets) {
            addCharset(out, c);
        }
        String type = mediaType();
        if (!form && type != null && type.startsWith("text/")) {
            addCharset(out, "iso-8859-1");
        }
        return out;
    }

    private Charset charsetOr(Charset fallback) {
        String declared = contentType == null ? null : contentType.param("charset");
        if (declared != null) {
            try {
                return Charset.forName(declared);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static void addCharset(List<Charset> out, String name) {
        try {
            Charset c = Charset.forName(name);
            if (!out.contains(c)) {
                out.add(c);
            }
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            // a charset this JVM does not know cannot decode anything; skip it
        }
    }

    /** Removes the temporary files of uploaded parts. */
    void close() {
        if (created != null) {
            for (Part p : created) {
                p.delete();
            }
            created = null;
        }
    }

    /** Counts what is read and refuses to go past the limit with 413. */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++count > limit) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw tooLarge();
                }
            }
            return n;
        }

        private HttpError tooLarge() {
            return new HttpError(413, "The entity sent with the request exceeds the maximum allowed bytes.");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
