package dev.morello.bench;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The bench app on Javalin 7, a framework peer for Morello's object dispatcher: two routes
 * declared through Javalin's routing API, on Javalin's defaults. Those are Jetty 12 with the
 * EE10 servlet layer and Jetty's queued pool of platform threads (virtual threads are opt-in in
 * Javalin, so they stay off here). Jetty adds {@code Date}; the handlers add {@code Server}, which
 * Javalin does not send.
 *
 * <p>Javalin's JSON support ({@code ctx.json}) is not used: the body comes from
 * {@link Payloads#json()} like every other server's, so that the serialization costs the same.
 */
final class JavalinServer implements BenchServer {
    private static final String SERVER = "Javalin";

    private Javalin app;

    @Override
    public void start(String host, int port) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get(Payloads.PLAINTEXT_PATH, ctx -> answer(ctx, Payloads.TEXT_PLAIN, Payloads.PLAINTEXT));
            config.routes.get(Payloads.JSON_PATH, ctx -> answer(ctx, Payloads.APPLICATION_JSON, Payloads.json()));
        });
        app.start(host, port);
    }

    private static void answer(Context ctx, String type, byte[] body) {
        ctx.header("Server", SERVER).contentType(type).result(body);
    }

    @Override
    public String description() {
        return "Javalin 7 routes, defaults (Jetty 12, queued pool of platform threads)";
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
