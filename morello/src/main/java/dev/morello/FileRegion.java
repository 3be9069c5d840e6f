package dev.morello;

import java.nio.file.Path;

/**
 * A response body that is part of a file: {@code count} bytes from {@code position}. Sent straight
 * from the file system, as a whole {@link Path} body is (static files use it for ranges).
 *
 * <pre>{@code
 * response.status(206);
 * response.headers().set("Content-Range", "bytes 100-199/1000");
 * return new FileRegion(file, 100, 100);
 * }</pre>
 */
public record FileRegion(Path path, long position, long count) {
    public FileRegion {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("a file region needs a position and count of 0 or more");
        }
    }
}
