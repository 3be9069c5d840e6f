package dev.morello.internal.body;

import dev.morello.Part;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Collects the content of a part kept as a {@link Part}: in memory up to a threshold, then in a
 * temporary file ({@link SpoolFiles}), so an upload costs the same small heap whatever its size.
 */
final class Spool implements MultipartReader.Sink {
    private final int maxRamBytes;
    private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private long size;
    private Path file;
    private OutputStream out;

    Spool(int maxRamBytes) {
        this.maxRamBytes = maxRamBytes;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (out == null && size + length > maxRamBytes) {
            // Named for this process, so a sweep can delete it should the process die with it.
            file = SpoolFiles.create();
            out = new BufferedOutputStream(Files.newOutputStream(file));
            memory.writeTo(out);
            memory.reset();
        }
        if (out != null) {
            out.write(bytes, offset, length);
        } else {
            memory.write(bytes, offset, length);
        }
        size += length;
    }

    /** The part, once its content is complete; it owns the temporary file, if any. */
    Part finish(String name, String filename, Map<String, String> headers) throws IOException {
        if (out == null) {
            return Part.of(name, filename, headers, memory.toByteArray());
        }
        out.close();
        return Part.ofFile(name, filename, headers, file, size);
    }

    /** Drops the content of a part that will not be finished, temporary file included. */
    void discard() {
        if (file == null) {
            return;
        }
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // The file goes anyway.
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Nothing more to do: the failure that made us discard is the one to report.
        }
    }
}
