package dev.morello.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.http.websocket.WebSocket;
import dev.morello.http.websocket.WebSocketGroup;
import dev.morello.testing.Site;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * WebSocket endpoints in the tree: reached through dispatch, with the tools of their path run
 * before the upgrade (authentication, sessions), origins checked, config applied, and a group
 * sending to every member.
 */
@Timeout(60)
class WebSocketEndpointTest {
    /** Everyone in one room: what one says, all hear; "who" answers with the session's name. */
    public static class ChatRoom extends WebSocketEndpoint {
        final WebSocketGroup everyone = new WebSocketGroup();

        @Override
        public void onOpen(WebSocket ws) {
            everyone.add(ws);
        }

        @Override
        public void onText(WebSocket ws, String text) throws Exception {
            everyone.sendText(text);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            everyone.remove(ws);
        }
    }

    public static class Root {
        public final ChatRoom chat = new ChatRoom();
        public final ChatRoom members = new ChatRoom();

        @Expose
        public String login(String name) {
            Morello.session().put("name", name);
            return "hello " + name;
        }

        @Expose
        public String whoami() {
            return String.valueOf(Morello.session().get("name"));
        }
    }

    @AfterEach
    void stop() {
        Site.stop();
        Morello.reset();
    }

    private static void serve(Map<String, Map<String, Object>> config) {
        Site.start(() -> Morello.tree().mount(new Root(), "", config));
    }

    /** Collects what a JDK client receives. */
    static final class Received implements java.net.http.WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            messages.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
            messages.add("closed " + statusCode);
            return null;
        }

        String next() throws InterruptedException {
            String m = messages.poll(20, TimeUnit.SECONDS);
            assertTrue(m != null, "nothing received in time");
            return m;
        }
    }

    private static java.net.http.WebSocket connect(String path, Received listener, Map<String, String> headers) throws Exception {
        var b = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(b::header);
        return b.buildAsync(URI.create("ws://127.0.0.1:" + Site.port() + path), listener).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aRoomSendsWhatOneSaysToAll() throws Exception {
        serve(Map.of());
        Received alice = new Received();
        Received bob = new Received();
        java.net.http.WebSocket a = connect("/chat", alice, Map.of());
        connect("/chat", bob, Map.of());
        waitFor(() -> new Root().chat != null);
        a.sendText("hello, room", true).get(10, TimeUnit.SECONDS);
        assertEquals("hello, room", alice.next());
        assertEquals("hello, room", bob.next());
    }

    @Test
    void aPlainRequestToAnEndpointIsToldToUpgrade() throws Exception {
        serve(Map.of());
        Site.Reply r = Site.get("/chat");
        assertEquals(426, r.status());
        assertEquals("websocket", r.header("Upgrade"));
    }

    @Test
    void theToolsOfThePathRunBeforeTheUpgrade() throws Exception {
        serve(Map.of("/members", Map.of("tools.auth_basic.on", true, "tools.auth_basic.realm", "club",
                "tools.auth_basic.checkpassword", Map.of("ann", "secret"))));
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + Site.port() + "/members"), new Received()).join());
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException h && h.getResponse().statusCode() == 401,
                String.valueOf(refused.getCause()));
        Received ann = new Received();
        java.net.http.WebSocket ws = connect("/members", ann, Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("ann:secret".getBytes(StandardCharsets.UTF_8))));
        ws.sendText("in", true).get(10, TimeUnit.SECONDS);
        assertEquals("in", ann.next());
    }

    @Test
    void theSessionCookieComesWithTheHandshakeAndItsLockIsLetGo() throws Exception {
        serve(Map.of("/", Map.of("tools.sessions.on", true, "tools.sessions.locking", "early")));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Site.port() + "/login?name=ann"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        String session = cookie.substring(0, cookie.indexOf(';'));
        Received r = new Received();
        connect("/chat", r, Map.of("Cookie", session));
        // the WebSocket is open; a page of the same session is served, not held behind its lock
        HttpResponse<String> who = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Site.port() + "/whoami"))
                .header("Cookie", session).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ann", who.body());
    }

    @Test
    void aPageOfAnotherOriginIsRefusedUnlessAllowed() throws Exception {
        serve(Map.of("/members", Map.of("websocket.allowed_origins", List.of("https://app.example"))));
        int port = Site.port();
        assertEquals(403, handshakeStatus("/chat", "http://evil.example"));
        assertEquals(101, handshakeStatus("/chat", "http://127.0.0.1:" + port), "the site's own pages are let in");
        assertEquals(101, handshakeStatus("/chat", null), "a client that is not a browser is let in");
        assertEquals(101, handshakeStatus("/members", "https://app.example"));
        assertEquals(403, handshakeStatus("/members", "http://127.0.0.1:" + port), "the list replaces the default");
    }

    /** The status a raw handshake gets. */
    private static int handshakeStatus(String path, String origin) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", Site.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = new byte[12];
            int n = s.getInputStream().readNBytes(head, 0, 12);
            assertEquals(12, n);
            return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theConfigOfThePathSetsTheLimits() throws Exception {
        serve(Map.of("/chat", Map.of("websocket.max_message_size", 200)));
        Received r = new Received();
        java.net.http.WebSocket ws = connect("/chat", r, Map.of());
        ws.sendText("x".repeat(100), true).get(10, TimeUnit.SECONDS);
        assertEquals("x".repeat(100), r.next());
        ws.sendText("y".repeat(300), true).get(10, TimeUnit.SECONDS);
        assertEquals("closed 1009", r.next());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
    }
}
