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
    private final String contentTypeText;
    private HeaderElement contentType;
    private boolean contentTypeParsed;
    private String defaultContentType;
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
    /** Made when a processor fills them; most requests have no body to process. */
    private LinkedHashMap<String, Object> params;
    private List<Part> parts;
    private List<Part> created;
    private boolean processed;

    /**
     * The body of a request: {@code length} bytes of {@code raw} (-1 when chunked), of
     * {@code contentType} (null when none was sent).
     */
    public RequestBody(Request request, InputStream raw, String contentType, long length) {
        this.request = request;
        this.raw = raw;
        this.contentTypeText = contentType;
        this.length = length;
    }

    /** The media type, lower-cased, without parameters ({@code application/json}); null when none was sent. */
    public String mediaType() {
        HeaderElement ct = contentType();
        return ct == null ? null : ct.value().toLowerCase(Locale.ROOT);
    }

    /** The {@code Content-Type} with its parameters, or null. */
    public HeaderElement contentType() {
        if (!contentTypeParsed) {
            String text = contentTypeText != null ? contentTypeText : defaultContentType;
            contentType = text == null ? null : HeaderElement.parse(text);
            contentTypeParsed = true;
        }
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
            stream = new GuardedInputStream(raw, maxBytes);
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
        if (params == null) {
            params = new LinkedHashMap<>(4);
        }
        return params;
    }

    /** Parts of a multipart body that carried no name. */
    public List<Part> parts() {
        if (parts == null) {
            parts = new ArrayList<>(2);
        }
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

    /**
     * The media type assumed for a body sent without {@code Content-Type}
     * ({@code request.body.default_content_type}; none by default, so such a body is not processed).
     */
    public void defaultContentType(String type) {
        this.defaultContentType = type;
        this.contentTypeParsed = false;
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

    /**
     * Reads the body as its processor for the media type says (CherryPy's
     * {@code request.body.process()}); the request cycle calls it unless told not to.
     */
    public void process() throws Exception {
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
        for (Map.Entry<String, Object> e : params().entrySet()) {
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

    /** The largest urlencoded form read into memory, and the most fields it may hold. */
    static final int MAX_FORM_BYTES = 16 * 1024 * 1024;
    static final int MAX_FORM_FIELDS = 10_000;

    private static void processForm(RequestBody body) throws IOException {
        List<Charset> charsets = body.charsetsToTry(true);
        byte[] bytes = body.stream().readNBytes(MAX_FORM_BYTES + 1);
        if (bytes.length > MAX_FORM_BYTES) {
            throw new HttpError(413, "A form body may not exceed " + MAX_FORM_BYTES + " bytes.");
        }
        int fields = 1;
        for (byte b : bytes) {
            if (b == '&' || b == ';') {
                fields++;
            }
        }
        if (fields > MAX_FORM_FIELDS) {
            throw new HttpError(413, "A form body may not hold more than " + MAX_FORM_FIELDS + " fields.");
        }
        body.params().putAll(FormBody.parse(bytes, charsets));
    }

    private static void processMultipart(RequestBody body) throws IOException {
        String boundary = body.contentType().param("boundary");
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
        body.params().putAll(result.params());
        body.parts().addAll(result.parts());
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
        HeaderElement ct = contentType();
        String declared = ct == null ? null : ct.param("charset");
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
        HeaderElement ct = contentType();
        String declared = ct == null ? null : ct.param("charset");
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
    public void close() {
        if (created != null) {
            for (Part p : created) {
                p.delete();
            }
            created = null;
        }
    }

    /**
     * The body as handlers read it: counted against {@code request.body.maxbytes} (413 past it),
     * and with the server's refusals (a body too large, broken chunking) and a read timeout turned
     * into the HTTP errors they are, rather than I/O failures of the page.
     */
    private static final class GuardedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        GuardedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(buf, off, len);
            } catch (dev.morello.http.RequestException e) {
                throw new HttpError(e.status(), e.getMessage(), e);
            } catch (java.net.SocketTimeoutException e) {
                throw new HttpError(408, "The request body did not arrive in time.", e);
            }
            if (n > 0) {
                count += n;
                if (limit >= 0 && count > limit) {
                    throw new HttpError(413, "The entity sent with the request exceeds the maximum allowed bytes.");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
