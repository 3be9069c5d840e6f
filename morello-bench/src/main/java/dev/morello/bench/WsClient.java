package dev.morello.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The WebSocket lines' load: plain sockets on virtual threads speaking RFC 6455 directly (masked
 * client frames, no extension), the same bytes to every server.
 *
 * <pre>
 * ws-client echo HOST PORT CONNECTIONS SECONDS        each connection sends a 32-byte text
 *                                                    message to /ws/echo and waits for it back
 * ws-client broadcast HOST PORT CONNECTIONS MESSAGES  CONNECTIONS listeners on /ws/broadcast;
 *                                                    one more sends MESSAGES "pub:" messages,
 *                                                    which the server sends to every listener
 * </pre>
 *
 * It prints one line: {@code echo: N round trips in S s: R/s, p99 P ms, errors E} or
 * {@code broadcast: N deliveries in S s: R/s, errors E}.
 */
final class WsClient {
    private static final int TIMEOUT_MILLIS = 30_000;
    private static final byte[] MESSAGE = "0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.US_ASCII);

    private WsClient() {
    }

    static int run(String[] args) throws Exception {
        if (args.length != 5 || !(args[0].equals("echo") || args[0].equals("broadcast"))) {
            System.err.println("usage: ws-client echo|broadcast HOST PORT CONNECTIONS SECONDS|MESSAGES");
            return 2;
        }
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        int amount = Integer.parseInt(args[4]);
        return args[0].equals("echo") ? echo(host, port, connections, amount) : broadcast(host, port, connections, amount);
    }

    private static int echo(String host, int port, int connections, int seconds) throws Exception {
        List<Conn> conns = open(host, port, "/ws/echo", connections);
        LongAdder trips = new LongAdder();
        LongAdder errors = new LongAdder();
        long[][] latencies = new long[connections][];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            int index = i;
            Conn c = conns.get(i);
            threads.add(Thread.ofVirtual().start(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() - end < 0) {
                        long t0 = System.nanoTime();
                        c.send(MESSAGE);
                        byte[] back = c.receive();
                        if (!Arrays.equals(back, MESSAGE)) {
                            errors.increment();
                            return;
                        }
                        if (n < lat.length) {
                            lat[n++] = System.nanoTime() - t0;
                        }
                        trips.increment();
                    }
                } catch (IOException e) {
                    errors.increment();
                } finally {
                    latencies[index] = Arrays.copyOf(lat, n);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.floor(all.length * 0.99))] / 1e6;
        conns.forEach(Conn::close);
        System.out.printf("echo: %d round trips in %.2f s: %.0f/s, p99 %.2f ms, errors %d%n", trips.sum(), elapsed,
                trips.sum() / elapsed, p99, errors.sum());
        return errors.sum() == 0 ? 0 : 1;
    }

    private static int broadcast(String host, int port, int listeners, int messages) throws Exception {
        List<Conn> conns = open(host, port, "/ws/broadcast", listeners);
        Conn publisher = open(host, port, "/ws/broadcast", 1).get(0);
        LongAdder delivered = new LongAdder();
        LongAdder errors = new LongAdder();
        CountDownLatch done = new CountDownLatch(listeners);
        AtomicLong lastDelivery = new AtomicLong();
        for (Conn c : conns) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < messages; i++) {
                        c.receive();
                        delivered.increment();
                    }
                    lastDelivery.accumulateAndGet(System.nanoTime(), Math::max);
                } catch (IOException e) {
                    errors.increment();
                } finally {
                    done.countDown();
                }
            });
        }
        // the publisher also hears its own messages: drain them so that the server never waits on it
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < messages; i++) {
                    publisher.receive();
                }
            } catch (IOException e) {
                errors.increment();
            }
        });
        long start = System.nanoTime();
        byte[] pub = ("pub:" + new String(MESSAGE, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < messages; i++) {
            publisher.send(pub);
        }
        done.await();
        drain.join(TIMEOUT_MILLIS);
        double elapsed = (lastDelivery.get() - start) / 1e9;
        conns.forEach(Conn::close);
        publisher.close();
        System.out.printf("broadcast: %d deliveries in %.2f s: %.0f/s, errors %d%n", delivered.sum(), elapsed,
                delivered.sum() / elapsed, errors.sum());
        return errors.sum() == 0 && delivered.sum() == (long) listeners * messages ? 0 : 1;
    }

    /** Opens and upgrades {@code count} connections, in parallel batches. */
    private static List<Conn> open(String host, int port, String path, int count) throws Exception {
        Conn[] conns = new Conn[count];
        List<Thread> threads = new ArrayList<>();
        IOException[] failure = new IOException[1];
        for (int i = 0; i < count; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    conns[index] = Conn.open(host, port, path);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return List.of(conns);
    }

    /** One client connection. */
    private static final class Conn {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;

        private Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 8192));
        }

        static Conn open(String host, int port, String path) throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            Conn c = new Conn(s);
            String status = c.line();
            if (!status.startsWith("HTTP/1.1 101")) {
                s.close();
                throw new IOException("the handshake got " + status);
            }
            while (!c.line().isEmpty()) {
                // the handshake's header fields
            }
            return c;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("closed during the handshake");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        /** One masked text frame. */
        void send(byte[] payload) throws IOException {
            byte[] frame = new byte[2 + 4 + payload.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | payload.length);
            ThreadLocalRandom.current().nextBytes(MASK_SCRATCH.get());
            byte[] mask = MASK_SCRATCH.get();
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < payload.length; i++) {
                frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            out.write(frame);
        }

        /** The next data frame's payload (the servers send small messages whole, unmasked). */
        byte[] receive() throws IOException {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                int opcode = b0 & 0xf;
                if (opcode == 0x1 || opcode == 0x2) {
                    return payload;
                }
                if (opcode == 0x8) {
                    throw new IOException("the server closed the WebSocket");
                }
                // a ping or pong: not what is measured
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }

        private static final ThreadLocal<byte[]> MASK_SCRATCH = ThreadLocal.withInitial(() -> new byte[4]);
    }

    @SuppressWarnings("unused")
    private static int readFully(InputStream in, byte[] b) throws IOException {
        return in.readNBytes(b, 0, b.length);
    }
}
