package dev.morello.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The bench on Jetty 12's core API (no servlets), HTTP/1.1, and h2c with {@code -Dbench.h2c=true}. The handler never blocks, and
 * says so ({@link Handler.Abstract.NonBlocking}), so Jetty may run it on the selector thread that
 * read the request instead of handing it to the pool.
 *
 * <p>The pool is Jetty's {@link VirtualThreadPool}: on the 2-core box the bench was written for
 * it beat the default {@link QueuedThreadPool} on every line of bench/run.sh (by 0-30%, most on
 * JSON and pipelining at 256 connections). {@code -Dbench.jetty.pool=queued} switches back to
 * compare. Jetty adds {@code Date} and {@code Server: Jetty(version)} itself.
 *
 * <p>Given a static directory ({@link BenchServer#staticDir()}), it also serves that directory's
 * files under {@code /static/} with Jetty's {@link ResourceHandler} in a {@code /static} context,
 * as a Jetty application serves its static files: Jetty's defaults (in-memory caching of small
 * files, ETags, ranges) except directory listings, which are off as in production. Requests
 * outside {@code /static} pass the context by and reach the endpoints.
 */
final class JettyServer implements BenchServer {
    private static final HttpField TEXT_PLAIN = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Payloads.TEXT_PLAIN);
    private static final HttpField APPLICATION_JSON =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Payloads.APPLICATION_JSON);

    private final boolean virtual = !"queued".equals(System.getProperty("bench.jetty.pool", "virtual"));
    private final Path staticDir;
    private final BenchTls tls;
    private Server server;

    JettyServer() {
        this(null, null);
    }

    /** With {@code staticDir} null, only the TechEmpower endpoints; over TLS when {@code tls} is given. */
    JettyServer(Path staticDir, BenchTls tls) {
        this.staticDir = staticDir;
        this.tls = tls;
    }

    @Override
    public void start(String host, int port) throws Exception {
        ThreadPool pool = virtual ? new VirtualThreadPool() : new QueuedThreadPool();
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(true);
        http.setSendDateHeader(true);
        ServerConnector connector;
        if (tls == null && BenchServer.h2c()) {
            // HTTP/1.1 and h2c: Jetty takes a connection that opens with HTTP/2's preface to h2c
            connector = new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        } else if (tls == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.load());
            ssl.setKeyStorePassword(tls.password());
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // wrk names 127.0.0.1, not the certificate's host
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        }
        connector.setHost(host);
        connector.setPort(port);
        // Jetty leaves the listen backlog at the JDK's 50; the other servers use about 1024. With
        // 50, a burst of connections (the idle test's 10,000) waits out SYN retransmissions.
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        if (staticDir == null) {
            server.setHandler(new Endpoints());
        } else {
            server.setHandler(new Handler.Sequence(staticContext(staticDir), new Endpoints()));
        }
        server.start();
    }

    private static ContextHandler staticContext(Path dir) {
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(files).newResource(dir));
        files.setDirAllowed(false);
        return new ContextHandler(files, "/static");
    }

    private static final class Endpoints extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            byte[] body;
            HttpField type;
            int status = 200;
            switch (request.getHttpURI().getPath()) {
                case Payloads.PLAINTEXT_PATH -> {
                    body = Payloads.PLAINTEXT;
                    type = TEXT_PLAIN;
                }
                case Payloads.JSON_PATH -> {
                    body = Payloads.json();
                    type = APPLICATION_JSON;
                }
                default -> {
                    body = Payloads.NOT_FOUND;
                    type = TEXT_PLAIN;
                    status = 404;
                }
            }
            response.setStatus(status);
            HttpFields.Mutable headers = response.getHeaders();
            headers.add(type);
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    @Override
    public String description() {
        return "Jetty 12 core handler, " + (virtual ? "VirtualThreadPool" : "QueuedThreadPool") + ", default selectors"
                + (tls == null ? "" : ", TLS (JDK provider)") + (BenchServer.h2c() ? ", HTTP/2 (HTTP2CServerConnectionFactory)" : "")
                + (staticDir == null ? "" : "; ResourceHandler for /static/ from " + staticDir);
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("Jetty did not stop cleanly", e);
            }
        }
    }
}
