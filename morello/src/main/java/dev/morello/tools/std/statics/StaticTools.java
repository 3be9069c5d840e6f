package dev.morello.tools.std.statics;

import dev.morello.config.Key;
import dev.morello.statics.Static;
import dev.morello.tools.HandlerTool;
import dev.morello.tools.Toolbox;

/**
 * The static content tools, CherryPy's {@code staticdir} and {@code staticfile}: handler tools
 * over {@link Static}.
 *
 * <pre>
 * [/static]
 * tools.staticdir.on = True
 * tools.staticdir.dir = "/srv/site/public"
 * </pre>
 */
public final class StaticTools {
    private StaticTools() {
    }

    /** Registers {@code staticdir} and {@code staticfile}. */
    public static void register(Toolbox tools) {
        tools.register(new HandlerTool("staticdir", 50, (request, args) -> Static.staticdir(request,
                args.string("section", "/"), args.string("dir", null), args.string("root", ""),
                args.string("match", ""), args.stringMap("content_types"), args.string("index", "")))
                .arg("dir", Key.Type.STRING, null, "the directory served (absolute, or relative to root)")
                .arg("root", Key.Type.STRING, "", "the directory a relative dir is relative to")
                .arg("section", Key.Type.STRING, null, "the path the directory is served at (set from the config section)")
                .arg("match", Key.Type.STRING, "", "a regex the path must match to be served")
                .arg("content_types", Key.Type.OBJECT, null, "a dict of file extension to media type, overriding the table")
                .arg("index", Key.Type.STRING, "", "the file that answers for a directory (e.g. index.html)"));
        tools.register(new HandlerTool("staticfile", 50, (request, args) -> Static.staticfile(request,
                args.string("filename", null), args.string("root", null), args.string("match", ""),
                args.stringMap("content_types")))
                .arg("filename", Key.Type.STRING, null, "the file served (absolute, or relative to root)")
                .arg("root", Key.Type.STRING, null, "the directory a relative filename is relative to")
                .arg("match", Key.Type.STRING, "", "a regex the path must match to be served")
                .arg("content_types", Key.Type.OBJECT, null, "a dict of file extension to media type, overriding the table"));
    }
}
