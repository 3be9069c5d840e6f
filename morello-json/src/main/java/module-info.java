/**
 * The JSON tools, {@code json_in} and {@code json_out}, with Jackson: on the module path or the
 * class path beside the framework, they register themselves in {@code Morello.tools()} (as a
 * {@link dev.morello.tools.ToolProvider}); {@link dev.morello.json.JsonTools} reads the parsed
 * request body and replaces the mapper. It also writes the JSON access lines of
 * {@code log.access_format = "json"} (with Jackson too).
 *
 * <p>Jackson binds records and other classes by reflection: a module whose types it reads or
 * writes opens their package to {@code com.fasterxml.jackson.databind}.
 */
module dev.morello.json {
    requires transitive dev.morello;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.morello.json;

    provides dev.morello.tools.ToolProvider with dev.morello.json.JsonToolProvider;
    provides dev.morello.internal.JsonLines with dev.morello.json.internal.JacksonLines;
}
