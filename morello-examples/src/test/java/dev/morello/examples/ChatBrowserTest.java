package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat room in a real browser: two tabs of headless Chromium join the room, each says
 * something, and both show both messages, in the order the server sent them.
 */
@MorelloTest
@Timeout(120)
class ChatBrowserTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Chat());
    }

    @Test
    void twoTabsSeeEachOthersMessages(WebClient client) {
        ChromeDriver browser = Browsers.headlessChromium();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(client.uri("/").toString());
            String first = browser.getWindowHandle();
            wait.until(b -> b.findElement(By.id("send")).isEnabled());
            browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            String second = browser.getWindowHandle();
            browser.get(client.uri("/").toString());
            wait.until(b -> b.findElement(By.id("send")).isEnabled());

            say(browser, "hello from the second tab");
            wait.until(b -> lines(b).size() == 1);
            browser.switchTo().window(first);
            wait.until(b -> lines(b).size() == 1);
            say(browser, "and hello from the first");
            wait.until(b -> lines(b).size() == 2);
            List<String> expected = List.of("hello from the second tab", "and hello from the first");
            assertEquals(expected, lines(browser));
            browser.switchTo().window(second);
            wait.until(b -> lines(b).size() == 2);
            assertEquals(expected, lines(browser));
        } finally {
            browser.quit();
        }
    }

    private static void say(WebDriver b, String text) {
        WebElement input = b.findElement(By.id("text"));
        input.sendKeys(text);
        b.findElement(By.id("send")).click();
    }

    private static List<String> lines(WebDriver b) {
        return b.findElements(By.cssSelector("#log li")).stream().map(WebElement::getText).toList();
    }
}
