package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} under load, then a new process on the same port with the same PID file, as a
 * process manager restarts a crashed site: the new one binds the port at once (the connections
 * the dead one held do not keep it), overwrites the stale PID file with its own PID, and serves.
 */
@Timeout(300)
class KillAndRestartTest {
    private static final int CLIENTS = 16;

    @TempDir
    Path dir;

    private List<String> command(String tag, int port, Path pidFile, Path handled) {
        return List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dmorello.test.tag=" + tag, "-Ddrain.handled=" + handled,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), DrainSite.class.getName(),
                "-i", DrainSite.class.getName(), "-p", pidFile.toString(),
                "--set", "server.socket_host='127.0.0.1'", "--set", "server.socket_port=" + port);
    }

    @Test
    void aSiteKilledUnderLoadIsReplacedOnItsPortAtOnce() throws Exception {
        assumeTrue(SiteProcess.procAvailable(), "needs Linux's kill");
        Path pidFile = dir.resolve("site.pid");
        Path handled = dir.resolve("handled");
        Files.createFile(handled);
        int port = freePort();
        String firstTag = UUID.randomUUID().toString();
        try (SiteProcess first = SiteProcess.wrap(command(firstTag, port, pidFile, handled), firstTag)) {
            assertEquals(port, first.awaitServing(1).port());
            assertEquals(first.process().pid(), pid(pidFile));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(Thread.ofPlatform().daemon().start(() -> load(port, client, stop, answered)));
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (answered.get() < CLIENTS * 20 || System.nanoTime() - until < 0) {
                Thread.sleep(5);
            }
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook, the PID file stays
            assertTrue(first.process().waitFor(SiteProcess.PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(first.process().pid(), pid(pidFile), "a killed site leaves its PID file");

            String nextTag = UUID.randomUUID().toString();
            long started = System.nanoTime();
            try (SiteProcess next = SiteProcess.wrap(command(nextTag, port, pidFile, handled), nextTag)) {
                assertEquals(port, next.awaitServing(1).port(), next.output());
                long servingMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertEquals(next.process().pid(), pid(pidFile), "the stale PID file now names the new site");
                assertEquals("after-restart", SiteProcess.get(port, "/r?id=after-restart"));
                int before = answered.get();
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (answered.get() <= before + CLIENTS && System.nanoTime() - wait < 0) {
                    Thread.sleep(5);
                }
                assertTrue(answered.get() > before + CLIENTS, "the clients are served by the new site");
                stop.set(true);
                for (Thread t : clients) {
                    t.join(SiteProcess.PATIENCE.toMillis());
                }
                System.out.printf(Locale.ROOT, "kill -9 under load (%d clients, %d answers): the next site served on the"
                        + " same port %d ms after its launch%n", CLIENTS, answered.get(), servingMs);
            }
        }
    }

    private static long pid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** One client: keep-alive requests, a new connection whenever one breaks, until told to stop. */
    private static void load(int port, int client, AtomicBoolean stop, AtomicInteger answered) {
        int n = 0;
        while (!stop.get()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                while (!stop.get()) {
                    String id = "k" + client + "-" + n++;
                    out.write(("GET /r?id=" + id + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (!readReply(in, id)) {
                        break;
                    }
                    answered.incrementAndGet();
                }
            } catch (IOException refusedOrBroken) {
                // the site is down or going: try again shortly
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Reads one response whose body should be {@code id}; false at the end of the stream. */
    private static boolean readReply(InputStream in, String id) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n")) {
            if ((b = in.read()) < 0) {
                return false;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.US_ASCII);
        if (!body.equals(id)) {
            throw new IOException("request " + id + " answered with " + body);
        }
        return true;
    }
}
