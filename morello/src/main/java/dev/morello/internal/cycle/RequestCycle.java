package dev.morello.internal.cycle;

import dev.morello.Application;
import dev.morello.Cookie;
import dev.morello.HeaderMap;
import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.InternalRedirect;
import dev.morello.NotFound;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.RequestBody;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.config.GlobalConfig;
import dev.morello.dispatch.Dispatcher;
import dev.morello.dispatch.ObjectDispatcher;
import dev.morello.engine.Bus;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpVersion;
import dev.morello.http.RequestException;
import dev.morello.http.ResponseHeaders;
import dev.morello.http.websocket.WebSocket;
import dev.morello.http.websocket.WebSocketListener;
import dev.morello.internal.Log;
import dev.morello.internal.Logs;
import dev.morello.internal.Urls;
import dev.morello.internal.body.QueryString;
import dev.morello.internal.config.MergedConfig;
import dev.morello.internal.serving.Serving;
import dev.morello.tools.HookPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One request through an application, in CherryPy's order: process the headers, find the handler
 * and its config, apply the config, {@code on_start_resource}, parse the query string,
 * {@code before_request_body}, process the body, {@code before_handler}, the handler,
 * {@code before_finalize}, finalize; {@code on_end_resource} always; after an unexpected error
 * {@code before_error_response}, the 500 page, {@code after_error_response}; and after the
 * response went out, {@code on_end_request}. The request records its stage, so errors say where.
 */
public final class RequestCycle {
    private static final Log ERROR_LOG = Log.named("morello.error", "HTTP");
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_INTERNAL_REDIRECTS = 20;
    private static final Dispatcher DEFAULT_DISPATCHER = new ObjectDispatcher();

    /** What one exchange's requests share, and the plan of the request being served. */
    private static final class Call {
        final Logs logs;
        final GlobalConfig site;
        RequestPlan plan;

        Call(Logs logs, GlobalConfig site) {
            this.logs = logs;
            this.site = site;
        }
    }

    private RequestCycle() {
    }

    /**
     * Serves the exchange with the application; the path is already decoded. The engine hears
     * the request's channels; the application's logs and the site config are the ones it has.
     */
    public static void serve(HttpExchange exchange, Application app, String pathInfo, HttpVersion serverProtocol,
                             Clock clock, Logs logs, Bus bus, GlobalConfig site) throws IOException {
        // server.protocol_version caps HTTP/1.x; a request over HTTP/2 (server.http2) is HTTP/2.0
        HttpVersion protocol = exchange.version() == HttpVersion.HTTP_2_0 ? HttpVersion.HTTP_2_0
                : exchange.version().compareTo(serverProtocol) <= 0 ? exchange.version() : serverProtocol;
        Instant now = clock.instant();
        Response response = new Response(now.toEpochMilli());
        Request request = new Request(exchange, app, exchange.method(), protocol, app.scriptName(), pathInfo,
                exchange.query(), null, now, response);
        Call call = new Call(logs, site);
        Serving.bind(request, response);
        try {
            bus.publish("acquire_thread");
            bus.publish("before_request");
            List<String> visited = null;
            while (true) {
                try {
                    run(request, response, call);
                    break;
                } catch (InternalRedirect ir) {
                    if (visited == null) {
                        visited = new ArrayList<>(2);
                    }
                    visited.add(request.pathInfo() + "?" + request.queryString());
                    String path = ir.path().startsWith("/") ? ir.path()
                            : Urls.resolve(request.pathInfo().isEmpty() ? "/" : request.pathInfo(), ir.path());
                    Response nextResponse = new Response(now.toEpochMilli());
                    Request next = new Request(exchange, app, "GET", protocol, app.scriptName(), path,
                            ir.query(), request, now, nextResponse);
                    close(request, response);
                    request = next;
                    response = nextResponse;
                    Serving.bind(request, response);
                    String key = path + "?" + ir.query();
                    if (visited.contains(key) || visited.size() > MAX_INTERNAL_REDIRECTS) {
                        String message = "InternalRedirect visited the same URL twice: " + key;
                        ERROR_LOG.error(message);
                        bareError(request, response, new IllegalStateException(message));
                        break;
                    }
                }
            }
            if (request.webSocketUpgrade() != null && response.status() < 300) {
                upgrade(exchange, request, response, logs, bus);
                return;
            }
            send(exchange, request, response);
            AccessLog.log(logs, request, response);
        } finally {
            finish(request, response, bus);
        }
    }

    /** after_request, on_end_request hooks, and the request's files: once, however the request ended. */
    private static void finish(Request request, Response response, Bus bus) {
        if (request.stage().equals(FINISHED)) {
            return;
        }
        try {
            bus.publish("after_request");
        } catch (RuntimeException e) {
            ERROR_LOG.error("an after_request listener failed", e);
        } finally {
            close(request, response);
            request.stage(FINISHED);
            Serving.clear();
        }
    }

    private static final String FINISHED = "finished";

    /**
     * The request became a WebSocket: the handshake goes out with the response's headers (its
     * cookies, say); when the connection opens, the request is over (logged as 101, its
     * {@code on_end_request} hooks run, a session lock released) and the listener takes the
     * connection on this thread until it ends.
     */
    private static void upgrade(HttpExchange ex, Request request, Response response, Logs logs, Bus bus) throws IOException {
        Request.WebSocketUpgrade upgrade = request.webSocketUpgrade();
        for (int i = 0, n = response.headers().size(); i < n; i++) {
            String name = response.headers().name(i);
            // the server leaves out what describes a body: a 101 has none
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
                ex.responseHeaders().add(name, response.headers().value(i));
            }
        }
        for (Cookie c : response.cookies()) {
            ex.responseHeaders().add("Set-Cookie", c.toHeader());
        }
        WebSocketListener app = upgrade.listener();
        boolean opened = ex.upgradeToWebSocket(upgrade.config(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) throws Exception {
                AccessLog.log(logs, request, response, 101);
                finish(request, response, bus);
                app.onOpen(socket);
            }

            @Override
            public void onText(WebSocket socket, String text) throws Exception {
                app.onText(socket, text);
            }

            @Override
            public void onBinary(WebSocket socket, byte[] data) throws Exception {
                app.onBinary(socket, data);
            }

            @Override
            public void onPong(WebSocket socket, byte[] payload) throws Exception {
                app.onPong(socket, payload);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason) {
                app.onClose(socket, code, reason);
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                app.onError(socket, error);
            }
        });
        if (!opened) {
            // refused with 400 or 426 by the server, which said why
            AccessLog.log(logs, request, response, 400);
        }
    }

    /** Runs the stages; anything escaping them becomes CherryPy's bare 500. */
    private static void run(Request request, Response response, Call call) {
        try {
            respond(request, response, call);
        } catch (InternalRedirect ir) {
            throw ir;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            call.logs.error("Unrecoverable error at stage '" + request.stage() + "' of " + request.requestLine(), t);
            bareError(request, response, t);
        }
    }

    private static void respond(Request request, Response response, Call call) throws Exception {
        String failedAt = null;
        call.plan = null;
        try {
            try {
                doRespond(request, response, call);
            } catch (HttpError e) {
                ErrorPages.setError(request, response, e);
                finalizeAfterSet(request, response, "before_finalize (HttpError)");
            } catch (HttpRedirect e) {
                ErrorPages.setRedirect(request, response, e);
                finalizeAfterSet(request, response, "before_finalize (HttpRedirect)");
            } catch (InternalRedirect ir) {
                throw ir;
            } catch (Exception | Error e) {
                // remember where it failed: on_end_resource changes the stage before it is logged
                failedAt = request.stage();
                throw e;
            } finally {
                request.stage("on_end_resource");
                request.hooks().run(HookPoint.ON_END_RESOURCE, request);
            }
        } catch (InternalRedirect ir) {
            throw ir;
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            if (failedAt != null) {
                request.stage(failedAt);
            }
            handleError(request, response, e, call);
        }
    }

    private static void finalizeAfterSet(Request request, Response response, String stage) throws Exception {
        request.stage(stage);
        request.hooks().run(HookPoint.BEFORE_FINALIZE, request);
        finalizeBody(request, response);
    }

    private static void doRespond(Request request, Response response, Call call) throws Exception {
        Application app = request.app();
        HttpExchange ex = request.exchange();

        request.stage("process_headers");
        if (request.protocol().compareTo(HttpVersion.HTTP_1_1) >= 0 && request.prev() == null
                && (ex.host() == null || ex.host().isEmpty()) && !ex.headers().contains("Host")) {
            throw new HttpError(400, "HTTP/1.1 requires a 'Host' request header.");
        }

        request.stage("get_resource");
        dispatcher(app, request.pathInfo()).dispatch(request, request.pathInfo());

        if (request.prev() == null) {
            request.body(new RequestBody(request, ex.body(), ex.headers().get("Content-Type"), ex.contentLength()));
        } else {
            request.body(new RequestBody(request, InputStream.nullInputStream(), null, 0));
        }

        request.stage("apply_config");
        Map<String, Object> config = request.config();
        RequestPlan plan = config instanceof MergedConfig mc ? mc.derived(c -> RequestPlan.of(c, call.site))
                : RequestPlan.of(config, call.site);
        plan.apply(request, response);
        call.plan = plan;

        request.stage("on_start_resource");
        request.hooks().run(HookPoint.ON_START_RESOURCE, request);

        request.stage("process_query_string");
        String qs = request.queryString();
        if (!qs.isEmpty()) {
            Map<String, Object> parsed = QueryString.parse(qs, plan.queryCharset());
            request.params().putAll(parsed);
            request.queryParamNames(parsed.keySet());
        }

        request.stage("before_request_body");
        if (request.processRequestBody() && !request.methodsWithBodies().contains(request.method())) {
            request.processRequestBody(false);
        }
        request.hooks().run(HookPoint.BEFORE_REQUEST_BODY, request);

        if (request.processRequestBody()) {
            request.stage("process_body");
            if (request.prev() == null && !ex.headers().contains("Content-Length")
                    && !ex.headers().contains("Transfer-Encoding")) {
                throw new HttpError(411);
            }
            try {
                request.body().process();
            } catch (RequestException e) {
                throw new HttpError(e.status(), e.getMessage(), e);
            }
        }

        request.stage("before_handler");
        request.hooks().run(HookPoint.BEFORE_HANDLER, request);

        PageHandler handler = request.handler();
        if (handler != null) {
            request.stage("handler");
            Object result = handler.handle(request);
            if (result != null || response.body() instanceof ResponseBody.Empty) {
                response.body(result);
            }
        }

        request.stage("before_finalize");
        request.hooks().run(HookPoint.BEFORE_FINALIZE, request);
        finalizeBody(request, response);
    }

    private static void handleError(Request request, Response response, Throwable error, Call call) throws Exception {
        RequestPlan plan = call.plan;
        if (plan == null || plan.logTracebacks) {
            call.logs.error("Error at stage '" + request.stage() + "' of " + request.requestLine(), error);
        }
        if (plan == null || plan.logHeaders) {
            StringBuilder b = new StringBuilder("Request Headers:");
            request.headers().forEach((n, v) -> b.append("\n  ").append(n).append(": ").append(v));
            call.logs.error(b.toString(), null);
        }
        try {
            request.stage("before_error_response");
            request.hooks().run(HookPoint.BEFORE_ERROR_RESPONSE, request);
            if (request.errorResponse() != null) {
                request.errorResponse().run(request);
            } else {
                ErrorPages.setUnexpected(request, response, error);
            }
            request.stage("after_error_response");
            request.hooks().run(HookPoint.AFTER_ERROR_RESPONSE, request);
            finalizeBody(request, response);
        } catch (HttpRedirect r) {
            ErrorPages.setRedirect(request, response, r);
            finalizeBody(request, response);
        }
    }

    /** The dispatcher {@code request.dispatch} names for the path, else the object dispatcher. */
    private static Dispatcher dispatcher(Application app, String pathInfo) {
        Object d = app.dispatcherSetting(pathInfo);
        if (d == null) {
            return DEFAULT_DISPATCHER;
        }
        if (d instanceof Dispatcher dispatcher) {
            return dispatcher;
        }
        throw new IllegalStateException("request.dispatch must be a Dispatcher, not " + d);
    }

    /** CherryPy's bare error: a plain-text 500 when the error machinery itself failed. */
    private static void bareError(Request request, Response response, Throwable t) {
        response.headers().clear();
        response.clearCookies();
        response.status(500);
        response.stream(false);
        response.headers().set("Content-Type", "text/plain;charset=utf-8");
        String body = "Unrecoverable error in the server.";
        if (request.showTracebacks()) {
            body += "\n" + ErrorPages.stackTrace(t);
        }
        response.body(body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- finalize: the body as bytes (unless streamed), the headers as the wire needs them ----

    private static void finalizeBody(Request request, Response response) throws Exception {
        request.stage("finalize");
        int status = response.status();
        if (status == 204 || status == 304) {
            response.body(null);
        } else {
            switch (response.body()) {
                case ResponseBody.Text t -> response.body(t.text().getBytes(response.charset()));
                case ResponseBody.File f when f.channel() == null -> {
                    // opened now, so a missing or unreadable file is this request's error, not the send's
                    if (!Files.isRegularFile(f.path())) {
                        throw new NotFound();
                    }
                    response.body(f.opened());
                }
                case ResponseBody.Chunks c when !response.stream() -> {
                    try (c) {
                        response.body(c.bytes(response.charset()));
                    }
                }
                default -> {
                    // sent as it is
                }
            }
        }
        cleanHeaders(response.headers());
    }

    /**
     * Header values as CherryPy sends them: control characters (a split response's tools)
     * removed, and text beyond Latin-1 encoded per RFC 2047.
     */
    static void cleanHeaders(HeaderMap headers) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            String v = headers.value(i);
            if (v == Response.DEFAULT_CONTENT_TYPE) {
                continue;
            }
            boolean clean = true;
            boolean latin1 = true;
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c < 0x20 || c == 0x7f) {
                    clean = false;
                } else if (c > 0xff) {
                    latin1 = false;
                }
            }
            if (clean && latin1) {
                continue;
            }
            StringBuilder b = new StringBuilder(v.length());
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if (c >= 0x20 && c != 0x7f) {
                    b.append(c);
                }
            }
            String cleaned = b.toString();
            if (!latin1) {
                cleaned = "=?utf-8?b?" + Base64.getEncoder().encodeToString(cleaned.getBytes(StandardCharsets.UTF_8)) + "?=";
            }
            headers.setValue(i, cleaned);
        }
    }

    // ---- send --------------------------------------------------------------------------------

    private static void send(HttpExchange ex, Request request, Response response) throws IOException {
        int status = response.status();
        ResponseHeaders out = ex.responseHeaders();
        HeaderMap h = response.headers();
        try {
            for (int i = 0, n = h.size(); i < n; i++) {
                String name = h.name(i);
                if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                    continue;
                }
                out.add(name, h.value(i));
            }
            for (Cookie c : response.cookies()) {
                out.add("Set-Cookie", c.toHeader());
            }
        } catch (IllegalArgumentException e) {
            // a header name the wire cannot carry: the page's own fault, reported as a 500
            ERROR_LOG.error("Invalid response header in {}", request.requestLine(), e);
            out.clear();
            bareError(request, response, e);
            ex.responseHeaders().set("Content-Type", "text/plain;charset=utf-8");
            status = 500;
        }
        if (response.reason() != null) {
            ex.reason(response.reason());
        }
        switch (response.body()) {
            case ResponseBody.Empty e -> ex.send(status, EMPTY);
            case ResponseBody.Bytes bytes -> sendBytes(ex, request, status, bytes.bytes());
            case ResponseBody.File f -> {
                try (FileChannel ch = f.opened().channel()) {
                    long size = ch.size();
                    long count = f.count() < 0 ? size - f.position() : Math.min(f.count(), Math.max(0, size - f.position()));
                    ex.sendFile(status, ch, f.position(), count);
                }
            }
            case ResponseBody.Stream s -> {
                try (InputStream in = s.in(); OutputStream o = ex.start(status, -1)) {
                    if (!"HEAD".equals(ex.method())) {
                        in.transferTo(o);
                    }
                }
            }
            case ResponseBody.Text t -> sendBytes(ex, request, status, t.text().getBytes(response.charset()));
            case ResponseBody.Chunks c -> sendStreamed(ex, request, response, status, c);
        }
    }

    private static void sendBytes(HttpExchange ex, Request request, int status, byte[] b) throws IOException {
        if (request.hooks().at(HookPoint.ON_END_REQUEST).isEmpty()) {
            ex.send(status, b);
        } else {
            // on_end_request hooks run after the response went out, so push it out now
            // rather than when the handler returns
            try (OutputStream o = ex.start(status, b.length)) {
                o.write(b);
                o.flush();
            }
        }
    }

    private static void sendStreamed(HttpExchange ex, Request request, Response response, int status,
                                     ResponseBody.Chunks body) throws IOException {
        try (OutputStream o = ex.start(status, -1)) {
            if ("HEAD".equals(ex.method())) {
                return;
            }
            Iterator<byte[]> it = body.chunks(response.charset());
            while (it.hasNext()) {
                byte[] b = it.next();
                if (b.length > 0) {
                    o.write(b);
                    o.flush();
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            // too late for an error page: log it and cut the response short, so the client
            // sees an incomplete message rather than a complete wrong one
            ERROR_LOG.error("Error while streaming the body of {}", request.requestLine(), e);
            throw new IOException("streamed body failed", e);
        } finally {
            try {
                body.close();
            } catch (Exception e) {
                ERROR_LOG.warn("closing a streamed body failed", e);
            }
        }
    }

    /** {@code on_end_request} hooks (after the response went out), then the upload files. */
    private static void close(Request request, Response response) {
        request.stage("on_end_request");
        try {
            request.hooks().run(HookPoint.ON_END_REQUEST, request);
        } catch (Exception e) {
            ERROR_LOG.error("an on_end_request hook failed for {}", request.requestLine(), e);
        }
        RequestBody body = request.body();
        if (body != null) {
            body.close();
        }
        if (!(response.body() instanceof ResponseBody.Empty)) {
            try {
                response.body().close();
            } catch (Exception e) {
                ERROR_LOG.debug("closing a response body failed", e);
            }
        }
    }
}
