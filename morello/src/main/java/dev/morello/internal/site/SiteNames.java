package dev.morello.internal.site;

import dev.morello.internal.config.Names;
import dev.morello.dispatch.MethodDispatcher;
import dev.morello.dispatch.ObjectDispatcher;
import dev.morello.dispatch.RoutesDispatcher;
import dev.morello.sessions.SessionStorage;

/**
 * The CherryPy names of the dispatchers and the session classes, given their meaning in config
 * when the site is made ({@code request.dispatch = cherrypy.dispatch.MethodDispatcher()},
 * {@code tools.sessions.storage_class = cherrypy.lib.sessions.FileSession}): config resolves
 * names, it does not know what they are. {@code MemcachedSession} has no equivalent (Redis is
 * the shared storage), so a config naming it is refused.
 */
public final class SiteNames {
    private SiteNames() {
    }

    /** Registers the dispatchers' names under both of CherryPy's modules, and the session classes'. */
    public static void register(Names names) {
        for (String module : new String[] {"cherrypy.dispatch.", "cherrypy._cpdispatch."}) {
            names.register(module + "Dispatcher", (args, kwargs) -> new ObjectDispatcher());
            names.register(module + "MethodDispatcher", (args, kwargs) -> new MethodDispatcher());
            names.register(module + "RoutesDispatcher", (args, kwargs) -> new RoutesDispatcher());
        }
        names.register("cherrypy.lib.sessions.RamSession", (args, kwargs) -> SessionStorage.named("ram"));
        names.register("cherrypy.lib.sessions.FileSession", (args, kwargs) -> SessionStorage.named("file"));
    }
}
