package dev.morello.internal.site;

import dev.morello.internal.config.Names;
import dev.morello.dispatch.MethodDispatcher;
import dev.morello.dispatch.ObjectDispatcher;
import dev.morello.dispatch.RoutesDispatcher;

/**
 * The CherryPy names of the dispatchers, given their meaning in config when the site is made
 * ({@code request.dispatch = cherrypy.dispatch.MethodDispatcher()}): config resolves names,
 * it does not know what the dispatchers are.
 */
public final class SiteNames {
    private SiteNames() {
    }

    /** Registers the dispatchers' names under both of CherryPy's modules. */
    public static void register(Names names) {
        for (String module : new String[] {"cherrypy.dispatch.", "cherrypy._cpdispatch."}) {
            names.register(module + "Dispatcher", (args, kwargs) -> new ObjectDispatcher());
            names.register(module + "MethodDispatcher", (args, kwargs) -> new MethodDispatcher());
            names.register(module + "RoutesDispatcher", (args, kwargs) -> new RoutesDispatcher());
        }
    }
}
