package dev.morello.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the files TLS is configured with, turning every way that fails into a
 * {@link TlsConfigException} that names the file and says what it was meant to hold.
 */
final class MaterialFiles {
    /**
     * Larger than any key, certificate chain or CA bundle (a system's whole CA bundle is a few
     * hundred KB); a setting that points at a huge file, or at a device, fails here rather than
     * filling the heap.
     */
    static final int MAX_BYTES = 4 << 20;

    private static final byte[] PEM_START = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);

    private MaterialFiles() {
    }

    /** The bytes of {@code file}; {@code what} names its role in messages ("private key"). */
    static byte[] read(Path file, String what) throws TlsConfigException {
        if (Files.isDirectory(file)) {
            throw new TlsConfigException(file, "the " + what + " file is a directory");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new TlsConfigException(file, "the " + what + " file is larger than " + (MAX_BYTES >> 20)
                        + " MiB, which no " + what + " file is");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(file, "the " + what + " file does not exist");
        } catch (AccessDeniedException e) {
            throw new TlsConfigException(file, "the " + what + " file cannot be read: permission denied");
        } catch (IOException e) {
            throw new TlsConfigException(file, "the " + what + " file cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The PEM blocks of {@code file}, which must hold at least one. */
    static List<Pem.Block> readPem(Path file, String what) throws TlsConfigException {
        byte[] bytes = read(file, what);
        List<Pem.Block> blocks;
        try {
            // ISO-8859-1 maps every byte to a char: explanatory text in any encoding passes
            // through unharmed, and anything but ASCII inside a block fails the base64 check.
            blocks = Pem.parse(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (Pem.MalformedException e) {
            throw new TlsConfigException(file, "the " + what + " file is not well-formed PEM: " + e.getMessage());
        }
        if (blocks.isEmpty()) {
            // A DER file starts with a SEQUENCE's tag; say how to get the textual form.
            String hint = bytes.length > 0 && bytes[0] == Der.SEQUENCE
                    ? " (it looks like binary DER: convert it to PEM, e.g. with openssl x509 -inform DER or"
                            + " openssl pkey -inform DER)"
                    : "";
            throw new TlsConfigException(file, "the " + what + " file holds no PEM block (no '-----BEGIN ...-----'"
                    + " line)" + hint);
        }
        return blocks;
    }

    /** Whether the bytes start as a PEM file does (a PEM file given where a PKCS#12 store is expected). */
    static boolean looksLikePem(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        if (bytes.length - i < PEM_START.length) {
            return false;
        }
        for (int j = 0; j < PEM_START.length; j++) {
            if (bytes[i + j] != PEM_START[j]) {
                return false;
            }
        }
        return true;
    }
}
