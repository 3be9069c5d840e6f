package dev.morello.http;

/**
 * The whole contract between the server and what it serves, as WSGI is between Cheroot and
 * CherryPy. The server calls it once per request, on the connection's own virtual thread.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(ServerConfig.builder().port(0).build(),
 *         exchange -> exchange.send(200, "Hello".getBytes(StandardCharsets.US_ASCII)));
 * server.start();
 * }</pre>
 *
 * <p>A handler that returns without sending gets an empty {@code 200} response. A handler that throws before sending gets a {@code 500} (or the status of
 * a {@link RequestException} from the body stream); one that throws after the response started
 * has its connection aborted, so the client never takes a truncated response for a complete one.
 */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpExchange exchange) throws Exception;
}
