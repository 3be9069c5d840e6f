package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our HPACK against another implementation: Python's {@code hpack} package, run as a child
 * process. Random header lists encoded by Python decode to the same lists here, and ours decode
 * the same there, over a run of blocks on one connection (so the dynamic tables, evictions and a
 * size change are crossed too). Fails when no {@code python3} with {@code hpack} is installed
 * (Debian: {@code apt-get install python3-hpack}, as CI does).
 */
class PythonHpackCrossCheckTest {
    /** Reads a mode line, then one block or header list per line; writes one line per block. */
    private static final String SCRIPT = """
            import sys, hpack
            mode = sys.stdin.readline().strip()
            out = []
            if mode == 'decode':
                d = hpack.Decoder()
                d.max_header_list_size = 1 << 30
                for line in sys.stdin:
                    fields = d.decode(bytes.fromhex(line.strip()), raw=True)
                    out.append(' '.join(n.hex() + ':' + v.hex() for n, v in fields))
            else:
                e = hpack.Encoder()
                for line in sys.stdin:
                    line = line.strip()
                    if line.startswith('size '):
                        e.header_table_size = int(line[5:])
                        continue
                    pairs = [p.split(':') for p in line.split(' ') if p]
                    out.append(e.encode([(bytes.fromhex(n), bytes.fromhex(v)) for n, v in pairs]).hex())
            sys.stdout.write(''.join(o + '\\n' for o in out))
            """;

    private static final int BLOCKS = 400;
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void pythonEncodesWeDecode() throws Exception {
        String python = findPython();
        Random random = new Random(7541_1);
        List<List<HeaderField>> lists = new ArrayList<>();
        StringBuilder input = new StringBuilder("encode\n");
        for (int i = 0; i < BLOCKS; i++) {
            if (i == BLOCKS / 2) {
                input.append("size 1000\n");
            }
            List<HeaderField> fields = randomList(random);
            lists.add(fields);
            input.append(line(fields)).append('\n');
        }
        List<String> blocks = run(python, input.toString());
        assertEquals(BLOCKS, blocks.size());
        HpackDecoder decoder = HpackDecoder.create(4096, Long.MAX_VALUE);
        for (int i = 0; i < BLOCKS; i++) {
            byte[] block = HEX.parseHex(blocks.get(i));
            assertEquals(lists.get(i), decoder.decode(block, 0, block.length), "block " + i);
        }
    }

    @Test
    void weEncodePythonDecodes() throws Exception {
        String python = findPython();
        Random random = new Random(7541_2);
        HpackEncoder encoder = HpackEncoder.create();
        List<String> expected = new ArrayList<>();
        StringBuilder input = new StringBuilder("decode\n");
        for (int i = 0; i < BLOCKS; i++) {
            if (i == BLOCKS / 2) {
                encoder.peerMaxTableSize(700);
            }
            List<HeaderField> fields = randomList(random);
            expected.add(line(fields));
            WireBuffer out = new WireBuffer(256);
            encoder.encode(fields, out);
            input.append(Hex.of(out)).append('\n');
        }
        assertEquals(expected, run(python, input.toString()));
    }

    private static List<HeaderField> randomList(Random random) {
        String[] common = {":status", "content-type", "set-cookie", "cache-control", "date", "content-length", "etag",
            "x-request-id", "vary", "server"};
        List<HeaderField> fields = new ArrayList<>();
        for (int n = 1 + random.nextInt(10); n > 0; n--) {
            String name = random.nextInt(4) == 0 ? "x-" + token(random) : common[random.nextInt(common.length)];
            fields.add(new HeaderField(name, value(random)));
        }
        return fields;
    }

    private static String token(Random random) {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~";
        char[] cs = new char[1 + random.nextInt(12)];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = chars.charAt(random.nextInt(chars.length()));
        }
        return new String(cs);
    }

    private static String value(Random random) {
        // Mostly a few values that repeat (so that entries get reused), else random octets.
        if (random.nextBoolean()) {
            return "value-" + random.nextInt(8);
        }
        char[] cs = new char[random.nextInt(60)];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = (char) (random.nextInt(5) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f));
        }
        return new String(cs);
    }

    private static String line(List<HeaderField> fields) {
        StringBuilder b = new StringBuilder();
        for (HeaderField f : fields) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(HEX.formatHex(f.name().getBytes(StandardCharsets.ISO_8859_1))).append(':')
                    .append(HEX.formatHex(f.value().getBytes(StandardCharsets.ISO_8859_1)));
        }
        return b.toString();
    }

    /** Each line Python decoded, turned back into fields, compared in {@link #line} form. */
    private static List<String> run(String python, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c", SCRIPT).start();
        CompletableFuture<byte[]> stdout = readAll(p.getInputStream());
        CompletableFuture<byte[]> stderr = readAll(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish");
        }
        String err = new String(stderr.join(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        String out = new String(stdout.join(), StandardCharsets.US_ASCII);
        return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, (int) out.chars().filter(c -> c == '\n').count());
    }

    private static CompletableFuture<byte[]> readAll(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return s.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** The first of {@code python3} on the path and Debian's own that can import hpack. */
    private static String findPython() throws InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import hpack").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed: try the next
            }
        }
        // CI installs it: a machine without it must not pass by skipping the check
        throw new AssertionError("no python3 with the hpack package (Debian: apt-get install python3-hpack)");
    }
}
