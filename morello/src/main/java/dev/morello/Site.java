package dev.morello;

import dev.morello.config.GlobalConfig;
import dev.morello.engine.Bus;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpVersion;
import dev.morello.internal.Logs;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * What the tree and its applications share with the site they belong to, handed to them when
 * the site is made: the engine, the site config, the site's logs, and the machinery below them
 * that serves and checks applications. The facade fills in the machinery, so the tree and the
 * applications call down into it without knowing it.
 */
record Site(Bus engine, GlobalConfig config, Logs logs, Cycle cycle, Checks checks) {
    /** Serves one request for an application: the request cycle. */
    @FunctionalInterface
    interface Cycle {
        void serve(HttpExchange exchange, Application app, String pathInfo, HttpVersion protocol, Clock clock)
                throws IOException;
    }

    /** The checks an application passes before it is served; each throws to refuse it. */
    interface Checks {
        /** An application about to be mounted: its handlers, and its config on a running site. */
        void mounting(Application app, boolean started);

        /** Every application, as the engine starts, before a server opens its port. */
        void starting(List<Application> apps);

        /** Whether config merged into a mounted application is checked as it comes (the site runs). */
        boolean running();

        /** A mounted application whose config changed on a running site. */
        void merged(Application app);
    }
}
