package dev.morello.sessions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The session value format: what it holds, what it refuses, and bytes it will not read. */
class SessionValuesTest {
    @Test
    void everyTypeComesBackAsItWent() throws IOException {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("text", "héllo ✓ 𝄞");
        in.put("empty", "");
        in.put("nothing", null);
        in.put("yes", true);
        in.put("no", false);
        in.put("int", Integer.MIN_VALUE);
        in.put("long", Long.MAX_VALUE);
        in.put("double", -0.1);
        in.put("instant", Instant.parse("2030-01-02T03:04:05.123456789Z"));
        in.put("list", List.of(1, "two", List.of(3L)));
        in.put("map", Map.of("k", Map.of("deep", 1.5)));
        Map<String, Object> out = SessionValues.decode(SessionValues.encode(in));
        byte[] bytes = {0, 1, -1};
        Map<String, Object> withBytes = SessionValues.decode(SessionValues.encode(Map.of("b", bytes)));
        assertArrayEquals(bytes, (byte[]) withBytes.get("b"));
        assertEquals(in, out);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.keySet()), "the order is kept");
        assertTrue(out.get("list") instanceof ArrayList<?>, "lists come back mutable");
    }

    @Test
    void aSetIsKeptAsAList() throws IOException {
        Map<String, Object> out = SessionValues.decode(SessionValues.encode(Map.of("s", Set.of("only"))));
        assertEquals(List.of("only"), out.get("s"));
    }

    @Test
    void otherTypesAreRefusedNamingWhere() {
        record Point(int x, int y) implements Serializable {
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionValues.check("cart", List.of("ok", new Point(1, 2))));
        assertTrue(e.getMessage().contains("cart[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("Point"), e.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> SessionValues.check("m", Map.of(1, "x")));
        assertTrue(key.getMessage().contains("not a String"), key.getMessage());
    }

    @Test
    void aStructureNestedTooDeepIsRefused() {
        Object v = "leaf";
        for (int i = 0; i < 100; i++) {
            v = List.of(v);
        }
        Object deep = v;
        assertThrows(IllegalArgumentException.class, () -> SessionValues.check("deep", deep));
    }

    @Test
    void bytesItDidNotWriteAreRefusedNotTrusted() {
        byte[] good = SessionValues.encode(Map.of("a", "text", "b", List.of(1, 2, 3)));
        for (int cut = 0; cut < good.length; cut++) {
            byte[] shorter = Arrays.copyOf(good, cut);
            assertThrows(IOException.class, () -> SessionValues.decode(shorter), "cut at " + cut);
        }
        assertThrows(IOException.class, () -> SessionValues.decode(new byte[] {1, 9, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}),
                "a count past the end");
        assertThrows(IOException.class, () -> SessionValues.decode(new byte[] {1, 42}), "an unknown tag");
        assertThrows(IOException.class, () -> SessionValues.decode(new byte[] {2, 9, 0}), "another format");
        // what Java serialization writes is not a record
        assertThrows(IOException.class, () -> SessionValues.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}));
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButIOException() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            if (b.length > 0) {
                b[0] = 1;
            }
            try {
                SessionValues.decode(b);
            } catch (IOException expected) {
                // refused cleanly
            }
        }
    }
}
