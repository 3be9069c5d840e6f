package dev.morello.http.internal.h2;

import java.util.Objects;

/**
 * One parameter of a SETTINGS frame (RFC 9113 §6.5.1).
 *
 * @param id which parameter
 * @param value its value, an unsigned 32-bit number
 */
public record Setting(SettingId id, long value) {
    public Setting {
        Objects.requireNonNull(id, "id");
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException("a setting is an unsigned 32-bit value: " + value);
        }
    }
}
