package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live clock in a real browser: headless Chromium loads the page, its EventSource receives
 * ticks, and the page shows them as they come. The clock ticks every 100 ms here.
 */
@MorelloTest
@Timeout(120)
class LiveClockBrowserTest {
    @Mount
    static void site() {
        Morello.tree().mount(new LiveClock(Duration.ofMillis(100)));
    }

    @Test
    void thePageShowsTheTicksAsTheyArrive(WebClient client) {
        ChromeDriver browser = Browsers.headlessChromium();
        try {
            browser.get(client.uri("/").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(b -> "live".equals(b.findElement(By.id("state")).getText()));
            wait.until(b -> tick(b) >= 3);
            long seen = tick(browser);
            String time = browser.findElement(By.id("time")).getText();
            assertTrue(time.matches("\\d\\d:\\d\\d:\\d\\d"), "the page shows a time: " + time);
            // later ticks keep coming on the same EventSource
            wait.until(b -> tick(b) > seen + 2);
            assertEquals(1L, browser.executeScript("return source.readyState"), "the EventSource is open");
        } finally {
            browser.quit();
        }
    }

    @Test
    void aReconnectingBrowserGoesOnFromItsLastTick(WebClient client) throws Exception {
        // what an EventSource sends when it reconnects after tick 41
        try (java.net.Socket socket = new java.net.Socket(client.baseUri().getHost(), client.baseUri().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /ticks HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                    + "Last-Event-ID: 41\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("id: ")) {
                // the head, a chunk size, the event's name
            }
            assertEquals("id: 42", line, "the stream goes on after the last tick the browser saw");
        }
    }

    private static long tick(org.openqa.selenium.WebDriver b) {
        return Long.parseLong(b.findElement(By.id("tick")).getText());
    }
}
