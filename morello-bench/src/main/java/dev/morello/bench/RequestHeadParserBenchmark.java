package dev.morello.bench;

import dev.morello.http.RequestException;
import dev.morello.http.ServerConfig;
import dev.morello.http.internal.RequestHead;
import dev.morello.http.internal.RequestHeadParser;
import dev.morello.http.internal.RequestRules;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Morello's request-head parser and the checks that follow it ({@link RequestRules}), on the
 * heads a server meets most: wrk's minimal GET, a browser's navigation, and a TechEmpower-style
 * buffer of 16 pipelined requests. Each operation is what a connection does per request before
 * the handler runs: reset, parse, bind, apply the rules. Times are per request.
 *
 * <pre>
 * java -jar morello-bench/target/morello-bench.jar jmh RequestHeadParser
 * java -jar morello-bench/target/morello-bench.jar jmh RequestHeadParser -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 *
 * <p>The internal package is not exported by Morello's module descriptor; the bench reaches it
 * because it runs on the class path, where descriptors do not apply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestHeadParserBenchmark {
    /** What wrk sends by default. */
    static final byte[] WRK_GET = ascii("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");

    /** A browser's navigation: 10 fields, about 500 bytes. */
    static final byte[] BROWSER_GET = ascii("""
            GET /articles/2024/http-parsing?page=2&sort=recent HTTP/1.1\r
            Host: www.example.com\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r
            Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r
            Accept-Language: en-US,en;q=0.5\r
            Accept-Encoding: gzip, deflate, br, zstd\r
            Referer: https://www.example.com/articles/2024\r
            Connection: keep-alive\r
            Cookie: session=3f9a1c0e7b2d4a6f8e1c3b5d7f9a2c4e; theme=dark; consent=1\r
            Upgrade-Insecure-Requests: 1\r
            Sec-Fetch-Mode: navigate\r
            \r
            """);

    static final int PIPELINE_DEPTH = 16;

    /** The TechEmpower plaintext request, {@value #PIPELINE_DEPTH} times back to back. */
    static final byte[] PIPELINED = ascii(("GET /plaintext HTTP/1.1\r\n"
            + "Host: tfb-server\r\n"
            + "Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7\r\n"
            + "Connection: keep-alive\r\n\r\n").repeat(PIPELINE_DEPTH));

    private RequestHeadParser parser;
    private RequestRules rules;

    @Setup
    public void setUp() throws RequestException {
        ServerConfig config = ServerConfig.defaults();
        parser = new RequestHeadParser(config);
        rules = new RequestRules(config.maxBodySize());
        // A head the parser refused or cut short would make every figure meaningless.
        check(wrkGet() == WRK_GET.length, "wrk GET");
        check(browserGet() == BROWSER_GET.length, "browser GET");
        check(pipelined16() == PIPELINED.length, "pipelined buffer");
    }

    @Benchmark
    public int wrkGet() throws RequestException {
        return parseOne(WRK_GET, 0);
    }

    @Benchmark
    public int browserGet() throws RequestException {
        return parseOne(BROWSER_GET, 0);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE_DEPTH)
    public int pipelined16() throws RequestException {
        int base = 0;
        while (base < PIPELINED.length) {
            base += parseOne(PIPELINED, base);
        }
        return base;
    }

    /** One request's head work, as the connection loop does it; returns the head's length. */
    private int parseOne(byte[] buf, int base) throws RequestException {
        parser.reset();
        int length = parser.parse(buf, base, buf.length);
        if (length == RequestHeadParser.NEED_MORE) {
            throw new IllegalStateException("incomplete head at " + base);
        }
        RequestHead head = parser.head();
        head.bind(buf, base);
        rules.apply(head);
        return length;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("the " + what + " did not parse to its full length");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
