package dev.morello.internal.body;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartTest {
    @TempDir
    Path dir;

    @Test
    void looksUpHeadersWhateverTheirCaseAndKeepsThemAsSent() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-TYPE", "text/csv");
        headers.put("X-A", "1");
        Part part = Part.of("f", "a.txt", headers, new byte[0]);
        assertEquals("text/csv", part.header("Content-Type"));
        assertEquals("text/csv", part.contentType());
        assertEquals(List.of("content-TYPE", "X-A"), List.copyOf(part.headers().keySet()));
        assertNull(part.header("X-B"));
        assertThrows(UnsupportedOperationException.class, () -> part.headers().put("X-B", "2"));
    }

    @Test
    void defaultsContentTypeByKindOfPart() {
        assertEquals("application/octet-stream", Part.of("f", "a", Map.of(), new byte[0]).contentType());
        assertEquals("text/plain", Part.of(null, null, Map.of(), new byte[0]).contentType());
    }

    @Test
    void decodesTextWithPartCharsetElseUtf8() throws IOException {
        byte[] latin = "café".getBytes(ISO_8859_1);
        assertEquals("café", Part.of(null, null, Map.of("Content-Type", "text/plain; charset=latin1"), latin).text());
        assertEquals("café", Part.of(null, null, Map.of(), "café".getBytes(UTF_8)).text());
        assertEquals("café", Part.of(null, null, Map.of("Content-Type", "text/plain; broken"),
                "café".getBytes(UTF_8)).text());
    }

    @Test
    void transfersMemoryContentToTarget() throws IOException {
        Part part = Part.of("f", "a.txt", Map.of(), "hello".getBytes(UTF_8));
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old and longer");
        part.transferTo(target);
        assertEquals("hello", Files.readString(target));
        assertTrue(part.inMemory());
    }

    @Test
    void movesTemporaryFileToTargetWhichDeleteThenLeaves() throws IOException {
        Path temp = Files.createTempFile(dir, "morello-upload-", ".part");
        Files.writeString(temp, "big content");
        Part part = Part.ofFile("f", "a.bin", Map.of(), temp, 11);
        Path target = dir.resolve("kept.bin");

        part.transferTo(target);
        assertFalse(Files.exists(temp));
        assertEquals(target, part.file());
        assertEquals("big content", part.text());

        part.delete();
        assertTrue(Files.exists(target));
        Path copy = dir.resolve("copy.bin");
        part.transferTo(copy);
        assertEquals("big content", Files.readString(copy));
        assertTrue(Files.exists(target));
    }

    @Test
    void deleteRemovesTemporaryFileOnce() throws IOException {
        Path temp = Files.createTempFile(dir, "morello-upload-", ".part");
        Files.write(temp, new byte[] {1, 2, 3});
        Part part = Part.ofFile("f", "a.bin", Map.of(), temp, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, part.bytes());
        part.delete();
        assertFalse(Files.exists(temp));
        Files.writeString(temp, "someone else's file now");
        part.delete();
        assertTrue(Files.exists(temp));
    }

    @Test
    void copiesContentGivenToIt() throws IOException {
        byte[] content = {1, 2};
        Part part = Part.of(null, null, Map.of(), content);
        content[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, part.bytes());
        part.bytes()[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, part.bytes());
    }
}
