package dev.morello;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site killed with {@code kill -9} in the middle of an upload leaves the spooled part in its
 * temporary directory; the next site to start with that directory deletes it before it serves.
 */
class UploadCrashTest {
    private static final Duration PATIENCE = SiteProcess.PATIENCE;
    private static final Pattern SERVING = Pattern.compile("Serving on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String BOUNDARY = "crash-test-boundary";

    /** The sites' java.io.tmpdir, where their spool files go. */
    @TempDir
    Path tmp;

    /** The sites' console output, apart from the directory watched. */
    @TempDir
    Path logs;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Process startSite(String name) throws IOException {
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Djava.io.tmpdir=" + tmp,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                UploadSite.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".out").toFile()).start();
        children.add(p);
        return p;
    }

    private String output(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".out"), StandardCharsets.UTF_8);
    }

    /** The port the site says it serves on, once it does; fails if it ends first. */
    private int awaitServing(Process site, String name) throws Exception {
        int port = await(() -> {
            try {
                Matcher serving = SERVING.matcher(output(name));
                if (serving.find()) {
                    return Optional.of(Integer.parseInt(serving.group(1)));
                }
            } catch (IOException notYet) {
                // the output file is made as the process starts
            }
            return site.isAlive() ? Optional.empty() : Optional.of(-1);
        }, "the site to serve");
        if (port < 0) {
            fail("the site ended before it served:\n" + output(name));
        }
        return port;
    }

    /** The spool files in the sites' temporary directory. */
    private List<Path> spoolFiles() {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith("morello-upload-") && n.endsWith(".part");
            }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Polls until {@code condition} gives a value; fails after {@link #PATIENCE}. */
    private static <T> T await(Supplier<Optional<T>> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(50);
        }
        return fail("waited in vain for " + what);
    }

    @Test
    void spoolFileOfASiteKilledMidUploadIsDeletedWhenTheNextSiteStarts() throws Exception {
        Process first = startSite("first");
        int port = awaitServing(first, "first");

        int contentLength = 1 << 20;
        byte[] partHead = ("--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(US_ASCII);
        byte[] partEnd = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(US_ASCII);
        long bodyLength = partHead.length + contentLength + partEnd.length;
        Path left;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                    + "Content-Length: " + bodyLength + "\r\n\r\n").getBytes(US_ASCII));
            out.write(partHead);
            // Far more than the 1000 bytes kept in memory, far less than the whole: the site
            // spools, then waits for the rest, which never comes.
            out.write(new byte[64 << 10]);
            out.flush();

            left = await(() -> spoolFiles().stream().findFirst(), "a spool file in " + tmp);
            assertTrue(left.getFileName().toString().startsWith("morello-upload-" + first.pid() + "-"), left.toString());

            first.destroyForcibly();
            assertTrue(first.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "the first site did not die");
        }
        assertEquals(137, first.exitValue(), "killed with SIGKILL");
        assertTrue(Files.exists(left), "a killed site cannot delete its spool file");
        long spooled = Files.size(left);
        assertTrue(spooled > 0, "the upload had been spooled");

        Process second = startSite("second");
        awaitServing(second, "second");
        await(() -> Files.exists(left) ? Optional.empty() : Optional.of(true), "the sweep of " + left);
        assertEquals(List.of(), spoolFiles());
        String said = output("second");
        assertTrue(said.contains("ENGINE Deleted 1 upload file (" + spooled + " bytes) left in " + tmp), said);
    }
}
