package dev.morello.config;

import java.util.Locale;

/**
 * One known config key: its name, the type its value must have, its default, where it may be
 * set, and a one-line meaning. The registry of keys ({@link Keys}) drives value conversion, the
 * checker, and the generated config reference.
 */
public record Key(String name, Type type, Object defaultValue, Scope scope, String meaning) {

    /** The kinds of value a key takes. Text from files converts to them; Java maps may give them typed. */
    public enum Type {
        BOOLEAN("True or False"),
        INTEGER("integer"),
        NUMBER("number"),
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

    /** The namespace: the part before the first dot. */
    public String namespace() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The default as a config file would write it. */
    public String defaultText() {
        return Keys.literal(defaultValue);
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + ", default " + defaultText() + ")";
    }
}
