package dev.morello.internal.site;

import dev.morello.config.Keys;
import dev.morello.internal.Log;
import dev.morello.sessions.SessionTool;
import dev.morello.stats.StatsTool;
import dev.morello.tools.ToolProvider;
import dev.morello.tools.Toolbox;
import dev.morello.tools.std.auth.AuthBasic;
import dev.morello.tools.std.auth.AuthDigest;
import dev.morello.tools.std.auth.SessionAuth;
import dev.morello.tools.std.body.BodyTools;
import dev.morello.tools.std.caching.CachingTools;
import dev.morello.tools.std.gzip.CompressionTools;
import dev.morello.tools.std.cors.CorsTool;
import dev.morello.tools.std.encoding.EncodingTools;
import dev.morello.tools.std.headers.HeaderTools;
import dev.morello.tools.std.tls.TlsTools;
import dev.morello.tools.std.request.MiscTools;
import dev.morello.tools.std.proxy.ProxyTool;
import dev.morello.tools.std.request.RequestTools;
import dev.morello.tools.std.statics.StaticTools;
import java.util.HashSet;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The tools the framework itself is made of, put in the site's toolbox when the site is made:
 * each family registers its own, their keys are documented ({@link Keys#document}), then the
 * {@link ToolProvider}s on the module and class paths add theirs.
 */
public final class SiteTools {
    private static final Log LOG = Log.named("morello.error", "TOOLS");

    private SiteTools() {
    }

    /** Registers the built-in tools, documents their keys, and asks the tool providers for theirs. */
    public static void register(Toolbox tools) {
        RequestTools.register(tools);
        StaticTools.register(tools);
        ProxyTool.register(tools);
        CorsTool.register(tools);
        AuthBasic.register(tools);
        AuthDigest.register(tools);
        CachingTools.register(tools);
        HeaderTools.register(tools);
        MiscTools.register(tools);
        EncodingTools.register(tools);
        CompressionTools.register(tools);
        BodyTools.register(tools);
        SessionTool.register(tools);
        SessionAuth.register(tools);
        TlsTools.register(tools);
        StatsTool.register(tools);
        for (String name : tools.tools().keySet()) {
            Keys.document(tools.keys(name));
        }
        registerProvided(tools);
    }

    /**
     * Asks every {@link ToolProvider} to register its tools: those of the framework's module layer
     * (the module path), then those the framework's class loader and the thread's context loader
     * see (the class path, and an application or test runner with a loader of its own). A provider
     * found by more than one of them is asked once. One that fails to load is logged and skipped:
     * the framework still starts, without its tools.
     */
    private static void registerProvided(Toolbox tools) {
        Set<String> asked = new HashSet<>();
        ModuleLayer layer = SiteTools.class.getModule().getLayer();
        if (layer != null) {
            registerProvided(tools, ServiceLoader.load(layer, ToolProvider.class), asked);
        }
        ClassLoader own = SiteTools.class.getClassLoader();
        registerProvided(tools, ServiceLoader.load(ToolProvider.class, own), asked);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != own) {
            registerProvided(tools, ServiceLoader.load(ToolProvider.class, context), asked);
        }
    }

    private static void registerProvided(Toolbox tools, ServiceLoader<ToolProvider> loader, Set<String> asked) {
        Iterator<ServiceLoader.Provider<ToolProvider>> providers = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<ToolProvider> provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                // the loader may fail the same way again; the other loaders still get their turn
                LOG.warn("The tool providers could not be listed", e);
                return;
            }
            if (asked.add(provider.type().getName())) {
                try {
                    provider.get().register(tools);
                } catch (ServiceConfigurationError | RuntimeException e) {
                    LOG.warn("The tool provider {} failed to register its tools", provider.type().getName(), e);
                }
            }
        }
    }
}
