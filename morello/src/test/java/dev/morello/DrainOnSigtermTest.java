package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, as a process manager stops a site: 32 clients on keep-alive connections
 * send requests as fast as they are answered, each recording the fate of every request; the site
 * records each request it handled. Over 20 stops, no request the site handled goes unanswered.
 */
@Timeout(600)
class DrainOnSigtermTest {
    private static final int CLIENTS = 32;
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void sigtermUnderLoadAnswersEveryRequestTheSiteReceived() throws Exception {
        assumeTrue(SiteProcess.procAvailable(), "needs Linux's kill");
        int answeredTotal = 0;
        int unansweredTotal = 0;
        List<String> report = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path handledFile = dir.resolve("handled-" + round);
            Files.createFile(handledFile);
            String tag = UUID.randomUUID().toString();
            List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Dmorello.test.tag=" + tag, "-Ddrain.handled=" + handledFile,
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), DrainSite.class.getName(),
                    "-i", DrainSite.class.getName(),
                    "--set", "server.socket_host='127.0.0.1'", "--set", "server.socket_port=0");
            try (SiteProcess site = SiteProcess.wrap(command, tag)) {
                int port = site.awaitServing(1).port();
                Set<String> answered = ConcurrentHashMap.newKeySet();
                Set<String> unanswered = ConcurrentHashMap.newKeySet();
                AtomicInteger sent = new AtomicInteger();
                CountDownLatch done = new CountDownLatch(CLIENTS);
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            load(port, client, answered, unanswered, sent);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                // under load, then the stop
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                while (sent.get() < CLIENTS * 20 || System.nanoTime() - until < 0) {
                    Thread.sleep(5);
                }
                SiteProcess.signal(site.process().pid(), "TERM");
                assertEquals(0, site.awaitExit(), site.output());
                assertTrue(done.await(60, TimeUnit.SECONDS), "the clients saw the site go");
                Set<String> handled = new HashSet<>(Files.readAllLines(handledFile));
                Set<String> lost = new HashSet<>(handled);
                lost.removeAll(answered);
                assertTrue(lost.isEmpty(), "round " + round + ": handled but never answered: " + lost);
                Set<String> strange = new HashSet<>(answered);
                strange.removeAll(handled);
                assertTrue(strange.isEmpty(), "answered but not handled: " + strange);
                answeredTotal += answered.size();
                unansweredTotal += unanswered.size();
                report.add(answered.size() + "/" + unanswered.size());
            }
        }
        System.out.printf(Locale.ROOT, "drain: %d stops with %d clients; %d requests answered, 0 handled and lost;"
                        + " %d sent as the site closed and never received (answered/unreceived per stop: %s)%n",
                ROUNDS, CLIENTS, answeredTotal, unansweredTotal, String.join(" ", report));
        assertTrue(answeredTotal > ROUNDS * CLIENTS * 20, "the load ran: " + answeredTotal);
    }

    /** One client: requests one after another, a new connection when one ends; stops when refused. */
    private static void load(int port, int client, Set<String> answered, Set<String> unanswered, AtomicInteger sent) {
        int n = 0;
        while (true) {
            Socket s;
            try {
                s = new Socket("127.0.0.1", port);
                s.setSoTimeout(30_000);
            } catch (IOException refused) {
                return;
            }
            try (s) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                while (true) {
                    String id = "c" + client + "-" + n++;
                    try {
                        out.write(("GET /r?id=" + id + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        sent.incrementAndGet();
                    } catch (IOException e) {
                        unanswered.add(id);
                        break;
                    }
                    String[] reply = read(in);
                    if (reply == null) {
                        unanswered.add(id);
                        break;
                    }
                    if (!reply[1].equals(id)) {
                        throw new AssertionError("request " + id + " answered with " + reply[1]);
                    }
                    answered.add(id);
                    if (reply[0].toLowerCase(Locale.ROOT).contains("connection: close")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // closed under us: the last request is already counted
            }
        }
    }

    /** The head and body of one response, or null when the connection ended before one came. */
    private static String[] read(InputStream in) {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int at = text.toLowerCase(Locale.ROOT).indexOf("content-length:");
            int end = text.indexOf('\r', at);
            int length = Integer.parseInt(text.substring(at + "content-length:".length(), end).trim());
            byte[] body = in.readNBytes(length);
            return body.length < length ? null : new String[] {text, new String(body, StandardCharsets.UTF_8)};
        } catch (IOException e) {
            return null;
        }
    }
}
