package dev.morello.http.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server whose process runs out of file descriptors, in a child JVM started with a lowered
 * {@code ulimit -n}: other clients are still served, and the acceptor says so in a line or two
 * rather than a stack trace per try.
 */
@Timeout(120)
class DescriptorExhaustionTest {
    private static final int DESCRIPTORS = 256;

    private Process child;
    private final List<RawClient> clients = new ArrayList<>();
    private final StringBuffer stderr = new StringBuffer();

    @AfterEach
    void tearDown() throws Exception {
        Children.end(child, clients);
    }

    /** Starts the child server under the lowered limit; returns its port and the limit it chose. */
    private int[] startChild(String limit) throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/limits")) && Files.isExecutable(Path.of("/bin/sh")),
                "needs Linux and a shell to lower the descriptor limit");
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "ulimit -n " + DESCRIPTORS + " && exec \"$0\" -cp \"$1\" " + ChildServer.class.getName() + " " + limit;
        child = new ProcessBuilder("/bin/sh", "-c", command, java, System.getProperty("java.class.path")).start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException e) {
                // the child ended
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        Matcher m = first == null ? null : Pattern.compile("PORT (\\d+) LIMIT (\\d+)").matcher(first);
        assertTrue(m != null && m.matches(), "the child server did not start: " + first + "\n" + stderr);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static RawResponse get(int port, String path) throws IOException {
        try (RawClient c = RawClient.connect(new InetSocketAddress("127.0.0.1", port))) {
            c.timeout(Duration.ofSeconds(10));
            c.send(Requests.get(path));
            return c.readResponse();
        }
    }

    /**
     * The default limit comes from the descriptor limit, below it: a crowd of idle connections
     * cannot use up the descriptors, the longest idle makes room, and a new client is served.
     */
    @Test
    void theDefaultLimitKeepsDescriptorsInHandAndNewClientsAreServed() throws Exception {
        int[] started = startChild("auto");
        int port = started[0];
        int limit = started[1];
        assertEquals(DESCRIPTORS - 64, limit, "a limit of " + DESCRIPTORS + " descriptors leaves 64 in hand");
        for (int i = 0; i < DESCRIPTORS + 50; i++) {
            RawClient c = RawClient.connect(new InetSocketAddress("127.0.0.1", port));
            c.timeout(Duration.ofSeconds(10));
            clients.add(c);
            c.send(Requests.get("/idle" + i));
            RawResponse r = c.readResponse();
            assertTrue(r.status() == 200 || r.status() == 503, r::toString);
        }
        RawResponse r = get(port, "/newcomer");
        assertEquals(200, r.status(), r::toString);
        assertEquals("/newcomer", r.bodyText());
        assertTrue(!stderr.toString().contains("accepting connections failed"),
                "the descriptors never ran out:\n" + stderr);
    }

    /**
     * A limit set above what the process can open: accept fails with "too many open files". The
     * acceptor backs off and says so once, and once descriptors are free again new clients are
     * served, without a restart.
     */
    @Test
    void runningOutOfDescriptorsBacksOffWithOneLineAndRecovers() throws Exception {
        int port = startChild("100000")[0];
        // connections that send nothing: each holds a descriptor until its head deadline
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (clients.size() < DESCRIPTORS * 2 && System.nanoTime() - until < 0) {
            clients.add(RawClient.connect(new InetSocketAddress("127.0.0.1", port)));
        }
        // wait until the acceptor has met the limit
        until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!stderr.toString().contains("accepting connections failed") && System.nanoTime() - until < 0) {
            Thread.sleep(50);
        }
        assertTrue(stderr.toString().contains("accepting connections failed"), "the limit was reached:\n" + stderr);
        Thread.sleep(2000);
        long lines = stderr.toString().lines().filter(l -> l.contains("accepting connections failed")).count();
        assertTrue(lines <= 2, "one line now and then, not one per try: " + lines + " lines\n" + stderr);
        assertTrue(!stderr.toString().contains("\tat "), "no stack traces:\n" + stderr);
        // the crowd leaves; a newcomer is served
        for (RawClient c : clients) {
            c.close();
        }
        clients.clear();
        RawResponse r = get(port, "/after");
        assertEquals(200, r.status(), r::toString);
        assertEquals("/after", r.bodyText());
    }
}
