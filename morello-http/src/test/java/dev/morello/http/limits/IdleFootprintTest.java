package dev.morello.http.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.Requests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a keep-alive connection costs while it waits for its next request: a thread parked with
 * nothing on its stack, and no buffers once it has waited a moment, so thousands of held connections weigh little on the
 * heap (and on each young collection, which would otherwise copy them). Weighed in a process of
 * its own, after full collections, so nothing else in the test JVM counts.
 */
@Timeout(120)
class IdleFootprintTest {
    private static final int CONNECTIONS = 2000;
    /**
     * The connection's state, its parked thread, the JDK's socket objects and its selection key
     * come to about 3.5 KiB. A thread parked in a socket read, with the buffers kept, held 8.7 KiB.
     */
    private static final long MAX_BYTES_PER_CONNECTION = 4500;

    private Process child;
    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        Children.end(child, clients);
    }

    @Test
    void anIdleKeepAliveConnectionHoldsLittleHeap() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        child = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FootprintChild.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
        PrintStream commands = new PrintStream(child.getOutputStream(), true, StandardCharsets.US_ASCII);
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("PORT "), "the child server did not start: " + first);
        var address = new InetSocketAddress("127.0.0.1", Integer.parseInt(first.substring(5)));

        // every code path a connection takes has run once before the baseline is weighed
        try (RawClient warm = RawClient.connect(address)) {
            warm.send(Requests.get("/warm"));
            assertEquals(200, warm.readResponse().status());
        }
        long before = heap(commands, out);
        for (int i = 0; i < CONNECTIONS; i++) {
            RawClient c = RawClient.connect(address);
            clients.add(c);
            c.send(Requests.get("/c" + i));
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            assertEquals("/c" + i, clients.get(i).readResponse().bodyText());
        }
        // past the moment an idle connection gives its buffers back
        Thread.sleep(2000);
        long after = heap(commands, out);
        long perConnection = (after - before) / CONNECTIONS;
        assertTrue(perConnection < MAX_BYTES_PER_CONNECTION,
                "each idle connection holds " + perConnection + " bytes of heap (before " + before + ", after " + after + ")");

        // and each still serves at once
        for (int i = 0; i < CONNECTIONS; i += 97) {
            clients.get(i).send(Requests.get("/again" + i));
            assertEquals("/again" + i, clients.get(i).readResponse().bodyText());
        }
    }

    private static long heap(PrintStream commands, BufferedReader out) throws IOException {
        commands.println("heap");
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("HEAP "), "the child did not weigh its heap: " + line);
        return Long.parseLong(line.substring(5));
    }
}
