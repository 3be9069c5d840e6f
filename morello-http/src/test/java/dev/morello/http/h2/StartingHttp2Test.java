package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.HttpVersion;
import dev.morello.http.ServerConfig;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.internal.h2.Frames;
import dev.morello.http.internal.h2.Setting;
import dev.morello.http.internal.h2.SettingId;
import dev.morello.http.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 9113 §3: starting HTTP/2 with prior knowledge (h2c, §3.3), the connection preface both ways
 * (§3.4), and the setting that turns it on.
 */
@Timeout(60)
class StartingHttp2Test {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private HttpServer h2Server() {
        return servers.start(b -> b.http2(true), ex -> ex.send(200, ("hello " + ex.version()).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void http2IsOffByDefaultAndIsNoProtocolVersion() {
        assertEquals(false, ServerConfig.builder().build().http2());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().protocolVersion(HttpVersion.HTTP_2_0).build());
        assertThrows(IllegalArgumentException.class, () -> HttpVersion.of("HTTP/2.0"));
    }

    @Test
    void thePrefaceStartsHttp2OnAPlainConnection() throws Exception {
        try (H2Client c = H2Client.open(h2Server())) {
            c.get(1, "/");
            H2Client.Response r = c.response(1);
            assertEquals(200, r.status());
            assertEquals("hello HTTP/2.0", r.text());
        }
    }

    @Test
    void theServerAnnouncesItsLimitsInItsFirstSettings() throws Exception {
        try (H2Client c = H2Client.open(servers.start(b -> b.http2(true).maxHeaderSize(16_384), ex -> ex.send(204, new byte[0])))) {
            assertTrue(c.serverSettings.contains(new Setting(SettingId.MAX_CONCURRENT_STREAMS, 100)), c.serverSettings.toString());
            assertTrue(c.serverSettings.contains(new Setting(SettingId.ENABLE_PUSH, 0)), c.serverSettings.toString());
            assertTrue(c.serverSettings.contains(new Setting(SettingId.INITIAL_WINDOW_SIZE, 1 << 20)), c.serverSettings.toString());
            assertTrue(c.serverSettings.contains(new Setting(SettingId.MAX_HEADER_LIST_SIZE, 16_384)), c.serverSettings.toString());
        }
    }

    @Test
    void theClientsSettingsAreAcknowledged() throws Exception {
        try (H2Client c = H2Client.open(h2Server(), new Setting(SettingId.MAX_FRAME_SIZE, 1 << 15))) {
            H2Client.Frame ack = c.await(FrameType.SETTINGS, 0);
            assertTrue(ack.has(Frames.FLAG_ACK));
            assertEquals(0, ack.payload().length);
        }
    }

    @Test
    void aPingIsAnsweredWithItsPayload() throws Exception {
        try (H2Client c = H2Client.open(h2Server())) {
            c.frames(b -> dev.morello.http.internal.h2.FrameWriter.ping(b, false, 0x0102030405060708L));
            H2Client.Frame pong = c.await(FrameType.PING, 0);
            assertTrue(pong.has(Frames.FLAG_ACK));
            assertEquals(0x01020304, H2Client.readInt(pong.payload(), 0));
            assertEquals(0x05060708, H2Client.readInt(pong.payload(), 4));
        }
    }

    @Test
    void aFirstFrameOtherThanSettingsIsAProtocolError() throws Exception {
        try (H2Client c = H2Client.connect(h2Server())) {
            c.frames(b -> {
                b.write(Frames.CONNECTION_PREFACE);
                dev.morello.http.internal.h2.FrameWriter.ping(b, false, 1);
            });
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.goAway());
        }
    }

    @Test
    void withoutTheSettingThePrefaceIsRefusedAsToday() throws Exception {
        HttpServer s = servers.start(b -> { }, ex -> ex.send(200, new byte[0]));
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(Frames.CONNECTION_PREFACE);
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 505 "), answer);
        }
    }

    @Test
    void withTheSettingHttp11IsStillServed() throws Exception {
        HttpServer s = h2Server();
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(answer.endsWith("hello HTTP/1.1"), answer);
        }
    }

    @Test
    void aPrefaceArrivingByteByByteIsStillRecognised() throws Exception {
        try (H2Client c = H2Client.connect(h2Server())) {
            for (byte b : Frames.CONNECTION_PREFACE) {
                c.raw(new byte[] {b});
            }
            c.frames(b -> dev.morello.http.internal.h2.FrameWriter.settings(b, List.of()));
            assertTrue(c.next().is(FrameType.SETTINGS));
            c.get(1, "/");
            assertEquals(200, c.response(1).status());
        }
    }

    private static byte[] readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            in.transferTo(b);
        } catch (java.net.SocketException e) {
            // a reset after the answer
        }
        return b.toByteArray();
    }
}
