package dev.morello.sessions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session can hold, and how its values become the bytes a store keeps: a closed set of
 * types, written in a small tagged format and read back without ever naming a class. Nothing
 * read from storage can make the server run code, as Java serialization (or CherryPy's pickle)
 * could for anyone able to write to the store.
 *
 * <p>A value is one of: {@code null}, {@link String}, {@link Boolean}, {@link Integer},
 * {@link Long}, {@link Double}, {@code byte[]}, {@link Instant}, a {@link List} (or any
 * {@link Collection}, read back as a list) of values, or a {@link Map} with {@code String} keys
 * and values. Anything else is refused when it is put in the session, not when it is saved, so
 * an application that runs on RAM storage also runs on files and Redis. Lists and maps come back
 * as mutable {@code ArrayList} and {@code LinkedHashMap}; smaller integers stay {@code Integer}.
 */
public final class SessionValues {
    private static final int VERSION = 1;
    private static final int MAX_DEPTH = 64;

    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int TRUE = 2;
    private static final int FALSE = 3;
    private static final int INT = 4;
    private static final int LONG = 5;
    private static final int DOUBLE = 6;
    private static final int BYTES = 7;
    private static final int LIST = 8;
    private static final int MAP = 9;
    private static final int INSTANT = 10;

    private SessionValues() {
    }

    /**
     * Refuses a value a session cannot hold, saying which part and why.
     *
     * @throws IllegalArgumentException naming the value's type, or the key whose value it is
     */
    public static void check(String name, Object value) {
        check(name, value, 0);
    }

    private static void check(String where, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("session value '" + where + "' nests deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof byte[] || value instanceof Instant) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                check(where + "[" + i++ + "]", item, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new IllegalArgumentException("session value '" + where + "' is a map with a key that is not a String: "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
                }
                check(where + "." + k, e.getValue(), depth + 1);
            }
            return;
        }
        throw new IllegalArgumentException("a session cannot hold '" + where + "', a " + value.getClass().getName()
                + ": it holds null, String, Boolean, Integer, Long, Double, byte[], Instant, and lists and maps of them");
    }

    /** The bytes of a session's values (each already passed {@link #check}). */
    public static byte[] encode(Map<String, ?> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(VERSION);
        writeMap(out, values);
        return out.toByteArray();
    }

    /**
     * A session's values from their bytes.
     *
     * @throws IOException when the bytes are not a record this format wrote (cut short, a type
     *     tag it does not know, lengths past the end, text that is not UTF-8)
     */
    public static Map<String, Object> decode(byte[] record) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(record);
        try {
            int version = in.get();
            if (version != VERSION) {
                throw new IOException("a session record of format " + version + ", not " + VERSION);
            }
            Object map = read(in, 0);
            if (!(map instanceof Map<?, ?>) || in.hasRemaining()) {
                throw new IOException("a session record is not one map");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) map;
            return values;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IOException("a session record ends too early", e);
        }
    }

    private static void writeMap(ByteArrayOutputStream out, Map<?, ?> m) {
        out.write(MAP);
        writeLength(out, m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            writeText(out, (String) e.getKey());
            write(out, e.getValue());
        }
    }

    private static void write(ByteArrayOutputStream out, Object v) {
        switch (v) {
            case null -> out.write(NULL);
            case String s -> {
                out.write(STRING);
                writeText(out, s);
            }
            case Boolean b -> out.write(b ? TRUE : FALSE);
            case Integer i -> {
                out.write(INT);
                writeLong(out, i, 4);
            }
            case Long l -> {
                out.write(LONG);
                writeLong(out, l, 8);
            }
            case Double d -> {
                out.write(DOUBLE);
                writeLong(out, Double.doubleToRawLongBits(d), 8);
            }
            case byte[] b -> {
                out.write(BYTES);
                writeLength(out, b.length);
                out.writeBytes(b);
            }
            case Instant t -> {
                out.write(INSTANT);
                writeLong(out, t.getEpochSecond(), 8);
                writeLong(out, t.getNano(), 4);
            }
            case Collection<?> c -> {
                out.write(LIST);
                writeLength(out, c.size());
                for (Object item : c) {
                    write(out, item);
                }
            }
            case Map<?, ?> m -> writeMap(out, m);
            default -> throw new IllegalArgumentException("a session cannot hold a " + v.getClass().getName());
        }
    }

    private static void writeText(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeLength(out, b.length);
        out.writeBytes(b);
    }

    private static void writeLength(ByteArrayOutputStream out, int n) {
        // unsigned LEB128: small lengths take one byte
        while ((n & ~0x7F) != 0) {
            out.write((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.write(n);
    }

    private static void writeLong(ByteArrayOutputStream out, long v, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    private static Object read(ByteBuffer in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("a session record nests deeper than " + MAX_DEPTH + " levels");
        }
        int tag = in.get();
        return switch (tag) {
            case NULL -> null;
            case STRING -> readText(in);
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case INT -> in.getInt();
            case LONG -> in.getLong();
            case DOUBLE -> in.getDouble();
            case BYTES -> {
                byte[] b = new byte[readLength(in)];
                in.get(b);
                yield b;
            }
            case INSTANT -> {
                long seconds = in.getLong();
                int nanos = in.getInt();
                if (nanos < 0 || nanos > 999_999_999) {
                    throw new IOException("a session record holds an instant with " + nanos + " nanoseconds");
                }
                try {
                    yield Instant.ofEpochSecond(seconds, nanos);
                } catch (java.time.DateTimeException e) {
                    throw new IOException("a session record holds an instant out of range", e);
                }
            }
            case LIST -> {
                int n = readLength(in);
                List<Object> list = new ArrayList<>(Math.min(n, 16));
                for (int i = 0; i < n; i++) {
                    list.add(read(in, depth + 1));
                }
                yield list;
            }
            case MAP -> {
                int n = readLength(in);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String key = readText(in);
                    map.put(key, read(in, depth + 1));
                }
                yield map;
            }
            default -> throw new IOException("a session record holds an unknown type tag " + tag);
        };
    }

    private static int readLength(ByteBuffer in) throws IOException {
        int n = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.get() & 0xFF;
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (n < 0 || n > in.remaining()) {
                    throw new IOException("a session record gives a length past its end");
                }
                return n;
            }
        }
        throw new IOException("a session record gives a length that does not end");
    }

    private static String readText(ByteBuffer in) throws IOException {
        int n = readLength(in);
        ByteBuffer slice = in.slice(in.position(), n);
        in.position(in.position() + n);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("a session record holds text that is not UTF-8", e);
        }
    }
}
