package dev.morello.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One known config key: its name, the type its value must have, its default, where it may be
 * set, a one-line meaning, and the check its value must pass beyond the type. The registry of
 * keys ({@link Keys}) drives value conversion, the checks made before the site serves, the
 * checker, and the generated config reference.
 *
 * <pre>{@code
 * Keys.register(new Key("tools.mytool.level", Key.Type.INTEGER, 5, Key.Scope.ANY, "how hard", Key.Check.range(0, 9)));
 * }</pre>
 */
public record Key(String name, Type type, Object defaultValue, Scope scope, String meaning, Check check) {

    public Key {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(check, "check");
    }

    /** A key whose value only has to be of its type. */
    public Key(String name, Type type, Object defaultValue, Scope scope, String meaning) {
        this(name, type, defaultValue, scope, meaning, Check.NONE);
    }

    /** The kinds of value a key takes. Text from files converts to them; Java maps may give them typed. */
    public enum Type {
        BOOLEAN("True or False"),
        INTEGER("integer"),
        NUMBER("number"),
        /** A duration: a number of seconds, or a {@code java.time.Duration} from a Java map. */
        SECONDS("seconds"),
        STRING("string"),
        LIST("list of strings"),
        OBJECT("object"),
        ANY("any value");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** Where a key belongs. */
    public enum Scope {
        /** the site config only ({@code [global]}) */
        GLOBAL,
        /** the site config, or an application's {@code [/]} section */
        GLOBAL_OR_APP_ROOT,
        /** anywhere: site config, any application section, {@code @Config} */
        ANY;

        public String description() {
            return switch (this) {
                case GLOBAL -> "global";
                case GLOBAL_OR_APP_ROOT -> "global, app [/]";
                case ANY -> "any";
            };
        }
    }

    /**
     * What a value must be beyond its type. A value that fails is refused before the site serves
     * (see {@code docs/configuration.md}), with a message built from {@link #description()}.
     *
     * <pre>{@code
     * Key.Check.range(0, 9)                                   // an integer or number within bounds
     * Key.Check.oneOf("strict", "replace", "ignore")          // a string (or each item of a list), case ignored
     * Key.Check.valid("a charset name", v -> Charset.forName(v.toString()))   // anything a validator accepts
     * Key.Check.ignored()                                      // a CherryPy key Morello accepts and ignores
     * }</pre>
     */
    public sealed interface Check permits Check.Unchecked, Check.Range, Check.OneOf, Check.Valid, Check.Ignored {
        /** No check beyond the type. */
        Check NONE = new Unchecked();

        /** What a passing value is, for messages and the reference ({@code "0 to 9"}); empty for none. */
        String description();

        /** Inclusive bounds of an integer, number or duration (in seconds). */
        static Check range(double min, double max) {
            return new Range(min, max);
        }

        /** At least {@code min}. */
        static Check atLeast(double min) {
            return new Range(min, Double.POSITIVE_INFINITY);
        }

        /** One of these words (case ignored); for a list, each of its items. */
        static Check oneOf(String... values) {
            return new OneOf(List.of(values));
        }

        /** Whatever the validator accepts: it throws (with a message saying why) for a bad value. */
        static Check valid(String description, Validator validator) {
            return new Valid(description, validator);
        }

        /**
         * A key CherryPy has and Morello deliberately ignores: any value is accepted, so CherryPy
         * config files load, and a note is logged when the site starts.
         */
        static Check ignored() {
            return new Ignored();
        }

        /** Tests a value that already has the key's type; throws, saying why, when it does not pass. */
        @FunctionalInterface
        interface Validator {
            void validate(Object value) throws Exception;
        }

        /** See {@link Check#NONE}. */
        record Unchecked() implements Check {
            @Override
            public String description() {
                return "";
            }
        }

        /** See {@link Check#range}. */
        record Range(double min, double max) implements Check {
            public Range {
                if (!(min <= max)) {
                    throw new IllegalArgumentException("an empty range: " + min + " to " + max);
                }
            }

            public boolean contains(double value) {
                return value >= min && value <= max;
            }

            @Override
            public String description() {
                return max == Double.POSITIVE_INFINITY ? number(min) + " or more" : number(min) + " to " + number(max);
            }

            private static String number(double d) {
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
            }
        }

        /** See {@link Check#oneOf}. */
        record OneOf(List<String> values) implements Check {
            public OneOf {
                values = List.copyOf(values);
            }

            public boolean contains(String value) {
                for (String v : values) {
                    if (v.equalsIgnoreCase(value.trim())) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public String description() {
                List<String> quoted = new ArrayList<>();
                for (String v : values) {
                    quoted.add("'" + v + "'");
                }
                return "one of " + String.join(", ", quoted);
            }
        }

        /** See {@link Check#valid}. */
        record Valid(String description, Validator validator) implements Check {
            public Valid {
                Objects.requireNonNull(description, "description");
                Objects.requireNonNull(validator, "validator");
            }
        }

        /** See {@link Check#ignored}. */
        record Ignored() implements Check {
            @Override
            public String description() {
                return "accepted for CherryPy files; no effect";
            }
        }
    }

    /** The namespace: the part before the first dot. */
    public String namespace() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The default as a config file would write it. */
    public String defaultText() {
        return Keys.literal(defaultValue);
    }

    /** Whether Morello accepts the key from CherryPy files and does nothing with it. */
    public boolean ignored() {
        return check instanceof Check.Ignored;
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + ", default " + defaultText() + ")";
    }
}
