package dev.morello.examples;

import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.Morello;
import dev.morello.Param;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The seed's string generator, CherryPy's tutorial in Java: a plain class whose exposed methods
 * are pages.
 *
 * <pre>
 * GET /                  → Hello! How are you?
 * GET /generate          → 9 distinct characters drawn from 0-9, a-f and A-F
 * GET /generate?length=4 → 4 of them, as does GET /generate/4
 * </pre>
 */
public class StringMaker {
    /** The characters drawn from (Python's {@code string.hexdigits}). */
    static final String HEXDIGITS = "0123456789abcdefABCDEF";

    private final RandomGenerator random;

    public StringMaker() {
        this(new SecureRandom());
    }

    StringMaker(RandomGenerator random) {
        this.random = random;
    }

    @Expose
    public String index() {
        return "Hello! How are you?";
    }

    /** {@code length} distinct characters, as Python's {@code random.sample(string.hexdigits, length)}. */
    @Expose
    public String generate(@Param(defaultValue = "9") int length) {
        if (length < 0 || length > HEXDIGITS.length()) {
            throw new HttpError(400, "length must be between 0 and " + HEXDIGITS.length());
        }
        List<Character> pool = new ArrayList<>(HEXDIGITS.length());
        for (char c : HEXDIGITS.toCharArray()) {
            pool.add(c);
        }
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(pool.size() - i);
            Collections.swap(pool, pick, pool.size() - 1 - i);
            b.append(pool.get(pool.size() - 1 - i));
        }
        return b.toString();
    }

    public static void main(String[] args) {
        Morello.quickstart(new StringMaker());
    }
}
