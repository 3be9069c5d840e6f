package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import dev.morello.test.WebResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The operations example's endpoints, each answer checked as the soak driver checks it. */
@MorelloTest
class OperationsTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Operations(), "", Operations.config(Operations.writeStaticFiles()));
    }

    @Test
    void plaintextIsAShortText(WebClient client) {
        client.getPage("/plaintext").assertStatus(200).assertBody("Hello, World!")
                .assertHeader("Content-Type", "text/plain;charset=utf-8");
    }

    @Test
    void formAnswersTheFieldsItGot(WebClient client) {
        client.getPage("/form", "POST", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        "name=ada&quantity=42&note=tea+%26+cake")
                .assertStatus(200)
                .assertBody("name=ada\nquantity=42\nnote=tea & cake\n");
    }

    @Test
    void formTakesPostOnly(WebClient client) {
        client.getPage("/form?name=ada&quantity=1&note=x").assertStatus(405).assertHeader("Allow", "POST");
    }

    @Test
    void uploadAnswersThePartsSize(WebClient client) {
        byte[] file = new byte[100 * 1024];
        Arrays.fill(file, (byte) 'u');
        String boundary = "operations-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        client.getPage("/upload", "POST", Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), body.toByteArray())
                .assertStatus(200)
                .assertBody("size=102400\n");
    }

    @Test
    void staticServesTheWrittenFile(WebClient client) {
        WebResponse r = client.getPage("/static/data-64k.bin").assertStatus(200).assertHeader("ETag");
        assertEquals(64 * 1024, r.bodyBytes().length);
        assertArrayEquals(Operations.staticFile(), r.bodyBytes());
    }

    @Test
    void pageIsGzippedForAClientThatAcceptsIt(WebClient client) throws IOException {
        WebResponse r = client.getPage("/page", "GET", Map.of("Accept-Encoding", "gzip"), (byte[]) null)
                .assertStatus(200)
                .assertHeader("Content-Encoding", "gzip");
        byte[] page = new GZIPInputStream(new ByteArrayInputStream(r.bodyBytes())).readAllBytes();
        assertEquals(Operations.PAGE, new String(page, StandardCharsets.UTF_8));
        assertTrue(r.bodyBytes().length < page.length / 2, "compressed to " + r.bodyBytes().length + " bytes");
    }

    @Test
    void pageIsAbout20KiBOfHtml(WebClient client) {
        WebResponse r = client.getPage("/page").assertStatus(200).assertNoHeader("Content-Encoding")
                .assertHeader("Content-Type", "text/html;charset=utf-8")
                .assertBody(Operations.PAGE);
        int size = r.bodyBytes().length;
        assertTrue(size > 19 * 1024 && size <= 20 * 1024, size + " bytes");
    }

    @Test
    void healthSaysLiveAndReady(WebClient client) {
        client.getPage("/health/live").assertStatus(200).assertBody("live\n");
        client.getPage("/health/ready").assertStatus(200).assertInBody("ready");
    }
}
