package dev.morello.internal.body;

/**
 * Bounds on what one {@code multipart/form-data} body may cost; the body's total size is bounded
 * by the server.
 *
 * @param maxRamBytes file content up to this size stays in memory, beyond it goes to a temporary
 *     file (CherryPy's {@code maxrambytes}, 1000)
 * @param maxFieldBytes the largest form field (a part without file name), 413 beyond it
 * @param maxPartHeaderBytes the most bytes of header lines one part may have, 400 beyond it
 * @param maxParts the most parts a body may have, 413 beyond it
 */
public record MultipartLimits(int maxRamBytes, int maxFieldBytes, int maxPartHeaderBytes, int maxParts) {
    public MultipartLimits {
        if (maxRamBytes < 0 || maxFieldBytes < 0 || maxPartHeaderBytes < 0 || maxParts < 0) {
            throw new IllegalArgumentException("multipart limits cannot be negative");
        }
    }

    /** 1000 bytes in memory, 1 MiB per field, 8 KiB of headers per part, 1000 parts. */
    public static MultipartLimits defaults() {
        return new MultipartLimits(1000, 1 << 20, 8 << 10, 1000);
    }
}
