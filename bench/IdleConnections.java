import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Latency of one client's requests to a running server, quiet and then while N other keep-alive
 * connections sit idle on it (each having made one request). Run against a server started on its
 * own, e.g. the StringMaker example:
 *
 *   java -jar morello-examples/target/morello-examples.jar stringmaker --port 18080 >/dev/null &
 *   java bench/IdleConnections.java 18080 10000
 *
 * Prints p50, p99 and p99.9 in milliseconds for each phase.
 */
public class IdleConnections {
    static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int idle = Integer.parseInt(args[1]);
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        report("quiet", measure(address, samples));
        List<Socket> held = new ArrayList<>(idle);
        for (int i = 0; i < idle; i++) {
            Socket s = new Socket();
            s.connect(address);
            s.getOutputStream().write(REQUEST);
            readResponse(s.getInputStream());
            held.add(s);
        }
        report(idle + " idle", measure(address, samples));
        for (Socket s : held) {
            s.close();
        }
    }

    static long[] measure(InetSocketAddress address, int samples) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(address);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < samples / 4; i++) { // warm up
                out.write(REQUEST);
                readResponse(in);
            }
            long[] t = new long[samples];
            for (int i = 0; i < samples; i++) {
                long start = System.nanoTime();
                out.write(REQUEST);
                readResponse(in);
                t[i] = System.nanoTime() - start;
            }
            Arrays.sort(t);
            return t;
        }
    }

    static void report(String phase, long[] t) {
        System.out.printf("%-12s p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms%n", phase,
                t[t.length / 2] / 1e6, t[(int) (t.length * 0.99)] / 1e6, t[(int) (t.length * 0.999)] / 1e6,
                t[t.length - 1] / 1e6);
    }

    /** Reads one response with a Content-Length body. */
    static void readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("closed");
            }
            head.append((char) b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String h = head.toString().toLowerCase();
        int at = h.indexOf("content-length:");
        int length = Integer.parseInt(h.substring(at + 15, h.indexOf('\r', at)).trim());
        in.readNBytes(length);
    }
}
