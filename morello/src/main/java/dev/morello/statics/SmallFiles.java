package dev.morello.statics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The contents of small static files, kept in memory so a hit costs no open, read or file
 * transfer: one write then carries headers and body. An entry is used only while the file's size
 * and modification time are those it was read with (checked on every request from the attributes
 * already read); files above {@value #MAX_FILE} bytes are never kept, and the whole cache stays
 * under {@value #MAX_TOTAL} bytes (it is emptied when it would grow past that).
 */
final class SmallFiles {
    static final int MAX_FILE = 32 * 1024;
    static final long MAX_TOTAL = 16L * 1024 * 1024;

    private record Entry(long size, long modified, byte[] bytes) {
    }

    private static final Map<Path, Entry> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong TOTAL = new AtomicLong();

    private SmallFiles() {
    }

    /** The file's bytes when it is small enough to keep, else null (send it from the file). */
    static byte[] get(Path file, BasicFileAttributes attrs) {
        long size = attrs.size();
        if (size > MAX_FILE) {
            return null;
        }
        long modified = attrs.lastModifiedTime().toMillis();
        Entry e = CACHE.get(file);
        if (e != null && e.size == size && e.modified == modified) {
            return e.bytes;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException ex) {
            return null; // let the file transfer report it
        }
        if (bytes.length != size) {
            return null; // changing while read: do not keep it
        }
        if (TOTAL.addAndGet(bytes.length) > MAX_TOTAL) {
            CACHE.clear();
            TOTAL.set(bytes.length);
        }
        Entry old = CACHE.put(file, new Entry(size, modified, bytes));
        if (old != null) {
            TOTAL.addAndGet(-old.bytes.length);
        }
        return bytes;
    }
}
