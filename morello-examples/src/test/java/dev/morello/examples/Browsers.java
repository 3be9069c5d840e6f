package dev.morello.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium for the examples' pages: the system's {@code chromium} and
 * {@code chromedriver} (Debian's {@code chromium} and {@code chromium-driver}), never a download.
 */
final class Browsers {
    private Browsers() {
    }

    static ChromeDriver headlessChromium() {
        return headlessChromium(new String[0]);
    }

    /** With extra command-line arguments ({@code --ignore-certificate-errors} for a test certificate). */
    static ChromeDriver headlessChromium(String... extraArguments) {
        Path browser = first("chromium", List.of("/usr/bin/chromium", "/usr/bin/chromium-browser"));
        Path driver = first("chromedriver", List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // no sandbox: the tests may run as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1024,768");
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Path first(String what, List<String> candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no " + what + " installed (Debian: apt-get install chromium chromium-driver); looked at "
                + candidates);
    }
}
