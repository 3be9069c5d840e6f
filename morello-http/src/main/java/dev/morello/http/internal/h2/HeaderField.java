package dev.morello.http.internal.h2;

import java.util.Objects;

/**
 * One field of a header list: a name and a value, each char standing for one octet
 * (ISO-8859-1), as HPACK carries them.
 *
 * @param name the name; lower case in HTTP/2, but this record does not check it (see
 *     {@link FieldRules})
 * @param value the value
 */
public record HeaderField(String name, String value) {
    /** What RFC 7541 §4.1 adds to an entry's octets for its overhead in a table. */
    public static final int ENTRY_OVERHEAD = 32;

    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * The field's size as HPACK's tables (RFC 7541 §4.1) and SETTINGS_MAX_HEADER_LIST_SIZE (RFC
     * 9113 §6.5.2) count it: name octets + value octets + 32.
     */
    public long size() {
        return size(name.length(), value.length());
    }

    static long size(int nameLength, int valueLength) {
        return (long) nameLength + valueLength + ENTRY_OVERHEAD;
    }
}
