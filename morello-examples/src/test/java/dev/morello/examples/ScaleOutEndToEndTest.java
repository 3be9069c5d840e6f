package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scale-out deployment for real: a {@code redis-server}, two instances of the
 * {@code scaleout} example in JVMs of their own, and nginx in front of them with the committed
 * {@code deploy/nginx.conf}. Twenty visitors, each an HTTP client with its own cookies, log in
 * through nginx and load the counting page a hundred times each. Halfway through, one instance is
 * killed with SIGKILL.
 *
 * <p>What must hold: both instances serve (round robin) until the kill, only the survivor after
 * it; every visitor's counter goes up by exactly one per page it got, so no visit is lost and no
 * session or login either, across instances and across the kill. A request in flight on the
 * killed instance is the one exception: it may fail (at most one per visitor), or nginx may send
 * it again to the survivor after the dead one had counted it already, so that the visit counts
 * twice (a GET is retried; see the sample's {@code proxy_next_upstream}).
 */
@Timeout(600)
class ScaleOutEndToEndTest {
    private static final int CLIENTS = 20;
    private static final int REQUESTS = 100;
    private static final Pattern PAGE = Pattern.compile("<p>(\\w+), visit (\\d+), served by (\\w+)\\.</p>");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    /** One load of the counting page, as its visitor saw it. {@code error} is null when it got the page. */
    private record Outcome(long start, long end, String instance, int visit, String error) {
        boolean inFlightDuring(long from, long to) {
            return start < to && end > from;
        }
    }

    /** A visitor: its login and its page loads, in order. */
    private record Visitor(String user, List<Outcome> outcomes) {
    }

    @Test
    void everyVisitorKeepsItsSessionAcrossInstancesAndThroughTheLossOfOne() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                SiteInstance a = SiteInstance.launch("a", redis.url());
                SiteInstance b = SiteInstance.launch("b", redis.url())) {
            int portA = a.awaitServing();
            int portB = b.awaitServing();
            try (NginxProcess nginx = NginxProcess.start(port -> sampleConfig(port, portA, portB))) {
                loadAndKill(nginx, a, b);
            }
        }
    }

    /** The committed sample, its ports replaced by those the test got. */
    static String sampleConfig(int nginxPort, int portA, int portB) {
        Path sample = Path.of("deploy", "nginx.conf");
        String text;
        try {
            text = Files.readString(sample);
        } catch (IOException e) {
            throw new AssertionError("the sample nginx config " + sample.toAbsolutePath() + " cannot be read", e);
        }
        text = once(text, "server 127.0.0.1:8081 ", "server 127.0.0.1:" + portA + " ");
        text = once(text, "server 127.0.0.1:8082 ", "server 127.0.0.1:" + portB + " ");
        return once(text, "listen 8080;", "listen 127.0.0.1:" + nginxPort + ";");
    }

    private static String once(String text, String what, String with) {
        int at = text.indexOf(what);
        assertTrue(at >= 0 && text.indexOf(what, at + 1) < 0, "deploy/nginx.conf should hold '" + what + "' once");
        return text.replace(what, with);
    }

    private static void loadAndKill(NginxProcess nginx, SiteInstance a, SiteInstance b) throws Exception {
        String base = "http://127.0.0.1:" + nginx.port();
        List<Visitor> visitors = new ArrayList<>();
        AtomicInteger succeeded = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        Queue<Throwable> broken = new ConcurrentLinkedQueue<>();
        for (int c = 0; c < CLIENTS; c++) {
            String user = c % 2 == 0 ? "alice" : "bob";
            Visitor visitor = new Visitor(user, new ArrayList<>());
            visitors.add(visitor);
            Thread.ofPlatform().daemon().name("visitor-" + c).start(() -> {
                try {
                    visit(base, visitor, succeeded);
                } catch (Throwable e) {
                    broken.add(e);
                } finally {
                    done.countDown();
                }
            });
        }

        // halfway: as many pages served as remain to be
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (succeeded.get() < CLIENTS * REQUESTS / 2 && done.getCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(succeeded.get() >= CLIENTS * REQUESTS / 2 && done.getCount() > 0,
                "the load did not get halfway: " + succeeded.get() + " pages, " + broken + "\n" + nginx.log());
        int beforeKill = succeeded.get();
        long killStart = System.nanoTime();
        a.kill();
        long killEnd = System.nanoTime();

        assertTrue(done.await(300, TimeUnit.SECONDS), "the visitors did not finish: " + succeeded.get() + " pages");
        if (!broken.isEmpty()) {
            AssertionError e = new AssertionError("a visitor broke down: " + broken.peek() + "\n" + nginx.log(), broken.peek());
            broken.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }

        List<String> wrong = new ArrayList<>();
        Map<String, Integer> servedBefore = new TreeMap<>(Map.of("a", 0, "b", 0));
        Map<String, Integer> servedAfter = new TreeMap<>(Map.of("a", 0, "b", 0));
        int sent = 0;
        int failed = 0;
        int inFlight = 0;
        int countedTwice = 0;
        long slowestInFlight = 0;
        int continued = 0;
        for (int c = 0; c < CLIENTS; c++) {
            Visitor v = visitors.get(c);
            int last = 0;
            int unsureSince = 0;
            int afterKill = 0;
            for (Outcome o : v.outcomes()) {
                sent++;
                boolean atKill = o.inFlightDuring(killStart, killEnd);
                if (atKill) {
                    inFlight++;
                    unsureSince++;
                    slowestInFlight = Math.max(slowestInFlight, o.end() - o.start());
                }
                if (o.error() != null) {
                    failed++;
                    if (!atKill) {
                        wrong.add("visitor " + c + ": a request failed away from the kill: " + o.error());
                    }
                    continue;
                }
                // a request in flight at the kill may have been counted by the dead instance
                // before nginx sent it again to the survivor, or before it failed
                int step = o.visit() - last;
                if (step < 1 || step > 1 + unsureSince) {
                    wrong.add("visitor " + c + ": visit " + o.visit() + " after visit " + last
                            + (unsureSince > 0 ? " and " + unsureSince + " request(s) in flight at the kill" : ""));
                }
                countedTwice += Math.max(0, step - 1);
                last = o.visit();
                unsureSince = 0;
                if (o.end() < killStart) {
                    servedBefore.merge(o.instance(), 1, Integer::sum);
                } else if (o.start() > killEnd) {
                    servedAfter.merge(o.instance(), 1, Integer::sum);
                    afterKill++;
                }
            }
            continued += afterKill > 0 ? 1 : 0;
        }
        int ok = sent - failed;
        System.out.printf(Locale.ROOT, "scale-out through nginx: %d visitors logged in, then %d GETs each: %d sent,"
                        + " %d succeeded, %d failed; before the kill served by a %d, b %d; instance a SIGKILLed after"
                        + " %d pages; after it served by a %d, b %d; in flight while a was killed %d (failed %d, counted"
                        + " twice %d, the slowest took %d ms); %d visitors went on after the kill%n",
                CLIENTS, REQUESTS, sent, ok, failed, servedBefore.get("a"), servedBefore.get("b"), beforeKill,
                servedAfter.get("a"), servedAfter.get("b"), inFlight, failed, countedTwice,
                TimeUnit.NANOSECONDS.toMillis(slowestInFlight), continued);

        assertTrue(wrong.isEmpty(), wrong.size() + " wrong: " + wrong.subList(0, Math.min(20, wrong.size()))
                + "\nnginx:\n" + nginx.log() + "\nb:\n" + b.output());
        assertEquals(CLIENTS * REQUESTS, sent);
        assertTrue(failed <= CLIENTS, "more failures than visitors, who have one request in flight each: " + failed);
        assertTrue(servedBefore.get("a") > 0 && servedBefore.get("b") > 0, "both instances serve: " + servedBefore);
        assertEquals(0, servedAfter.get("a"), "the killed instance served after its death");
        assertTrue(servedAfter.get("b") > 0 && continued > 0, "the survivor serves: " + servedAfter);
    }

    /** One visitor: logs in, then loads the counting page {@link #REQUESTS} times. */
    private static void visit(String base, Visitor visitor, AtomicInteger succeeded) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + visitor.user() + "&password="
                            + LoginSite.USERS.get(visitor.user())))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, login.statusCode(), login.body());
            // the proxy tool made the instance see nginx's address: the redirect goes back there
            assertEquals(base + "/", login.headers().firstValue("Location").orElse(null));
            HttpRequest page = HttpRequest.newBuilder(URI.create(base + "/")).timeout(REQUEST_TIMEOUT).build();
            for (int i = 0; i < REQUESTS; i++) {
                long start = System.nanoTime();
                String instance = null;
                int visit = 0;
                String error;
                try {
                    HttpResponse<String> r = http.send(page, HttpResponse.BodyHandlers.ofString());
                    instance = r.headers().firstValue("X-Instance").orElse("?");
                    Matcher m = PAGE.matcher(r.body());
                    if (r.statusCode() != 200) {
                        error = "status " + r.statusCode() + " from " + instance;
                    } else if (!m.find() || !m.group(1).equals(visitor.user()) || !m.group(3).equals(instance)) {
                        // the login form, or another's page: a lost session is no failure in flight
                        throw new AssertionError(visitor.user() + "'s page " + i + " is not theirs: " + r.body());
                    } else {
                        visit = Integer.parseInt(m.group(2));
                        error = null;
                        succeeded.incrementAndGet();
                    }
                } catch (IOException e) {
                    error = e.toString();
                }
                visitor.outcomes().add(new Outcome(start, System.nanoTime(), instance, visit, error));
            }
        }
    }
}
