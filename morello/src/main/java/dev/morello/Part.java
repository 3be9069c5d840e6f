package dev.morello;

import dev.morello.internal.Log;
import dev.morello.internal.body.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One part of a {@code multipart/form-data} body: an uploaded file, or a part the form did not
 * name. A handler receives an upload as a parameter named after the form field:
 *
 * <pre>{@code
 * public String upload(Part photo) throws IOException {
 *     photo.transferTo(Path.of("albums", "incoming.jpg"));
 *     return photo.filename() + ": " + photo.size() + " bytes of " + photo.contentType();
 * }
 * }</pre>
 *
 * <p>Small contents stay in memory; larger ones are kept in a temporary file that the framework
 * deletes when the request ends, so a handler that wants to keep the upload must
 * {@link #transferTo} it (or copy from {@link #open}) before returning. The file is named for
 * the process that spooled it, so one left by a process that died mid-request is deleted when the
 * next site starts.
 */
public final class Part {
    private static final Log LOG = Log.named(Part.class.getName(), "HTTP");
    private static final String CONTENT_TYPE = "Content-Type";

    private final String name;
    private final String filename;
    private final Map<String, String> headers;
    private final long size;
    private final byte[] content;
    private Path file;
    /** Whether {@link #file} is our temporary file, to be deleted with the request. */
    private boolean ownsFile;

    private Part(String name, String filename, Map<String, String> headers, byte[] content, Path file, long size) {
        this.name = name;
        this.filename = filename;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.content = content;
        this.file = file;
        this.ownsFile = file != null;
        this.size = size;
    }

    /**
     * A part held in memory.
     *
     * @param name the form field name, or null
     * @param filename the file name sent, or null for a part that is not a file
     * @param headers the part's headers, names as sent
     */
    public static Part of(String name, String filename, Map<String, String> headers, byte[] content) {
        return new Part(name, filename, headers, content.clone(), null, content.length);
    }

    /**
     * A part whose {@code size} bytes are in {@code file}, a temporary file the part now owns:
     * {@link #delete} removes it.
     */
    public static Part ofFile(String name, String filename, Map<String, String> headers, Path file, long size) {
        return new Part(name, filename, headers, null, file, size);
    }

    /** The form field name from {@code Content-Disposition}, or null when the part has none. */
    public String name() {
        return name;
    }

    /** The client's file name (possibly empty), or null when the part is not a file. */
    public String filename() {
        return filename;
    }

    /**
     * The part's {@code Content-Type} as sent, else {@code application/octet-stream} for a file
     * and {@code text/plain} for other parts (RFC 7578 §4.4).
     */
    public String contentType() {
        String type = header(CONTENT_TYPE);
        if (type != null) {
            return type;
        }
        return filename != null ? "application/octet-stream" : "text/plain";
    }

    /** The part's headers in the order sent, names as sent. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The value of header {@code name}, whatever its case, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The content length in bytes. */
    public long size() {
        return size;
    }

    /** Whether the content is held in memory rather than in a file. */
    public boolean inMemory() {
        return content != null;
    }

    /** The file holding the content, or null while it is in memory. */
    public Path file() {
        return file;
    }

    /** A new stream over the content. */
    public InputStream open() throws IOException {
        return content != null ? new ByteArrayInputStream(content) : Files.newInputStream(file);
    }

    /** The whole content; mind {@link #size} before calling it on a large upload. */
    public byte[] bytes() throws IOException {
        return content != null ? content.clone() : Files.readAllBytes(file);
    }

    /** The content as text, in the charset of its Content-Type, else UTF-8. */
    public String text() throws IOException {
        return new String(content != null ? content : Files.readAllBytes(file), charset());
    }

    private Charset charset() {
        String type = header(CONTENT_TYPE);
        if (type == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return MediaType.parse(type).charset(StandardCharsets.UTF_8);
        } catch (HttpError malformed) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * Writes the content to {@code target}, replacing any file there. A temporary file is moved
     * rather than copied when the file system allows; the part then reads from {@code target},
     * which stays after the request.
     */
    public void transferTo(Path target) throws IOException {
        if (content != null) {
            Files.write(target, content);
        } else if (ownsFile) {
            // Files.move copies and deletes when target is on another file store.
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            file = target;
            ownsFile = false;
        } else {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes the temporary file, if the part has one. The framework calls this when the request
     * ends; calling it again does nothing.
     */
    public void delete() {
        if (!ownsFile) {
            return;
        }
        ownsFile = false;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the upload file {} at the end of the request", file, e);
        }
    }

    @Override
    public String toString() {
        return "Part[name=" + name + ", filename=" + filename + ", size=" + size + "]";
    }
}
