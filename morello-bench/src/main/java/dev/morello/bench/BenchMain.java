package dev.morello.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The bench jar's entry point.
 *
 * <pre>
 * java -jar morello-bench.jar SERVER PORT            serve the TechEmpower endpoints on 127.0.0.1:PORT
 * java -jar morello-bench.jar jmh [JMH arguments]    run the JMH benchmarks (e.g. -l, -h, RequestHeadParser)
 * java -jar morello-bench.jar idle-client HOST PORT N [SECONDS]
 * java -jar morello-bench.jar ws-client echo|broadcast HOST PORT CONNECTIONS SECONDS|MESSAGES
 *                                                    WebSocket load (see {@link WsClient})
 *                                                    hold N idle keep-alive connections (see {@link IdleClient})
 * java -jar morello-bench.jar soak HOST PORT SECONDS CONNECTIONS SERVER_PID [SAMPLE_SECONDS]
 *                                                    mixed load against the operations example, the
 *                                                    server's heap and RSS sampled (see {@link Soak})
 * java -jar morello-bench.jar slowloris HOST PORT [CONNECTIONS [SECONDS [DEADLINE_SECONDS]]]
 *                                                    request heads a byte at a time, and a normal
 *                                                    client's latency meanwhile (see {@link Slowloris})
 * </pre>
 *
 * SERVER is one of {@link BenchServer#NAMES}. A server prints one line once it answers, and runs
 * until SIGTERM or Ctrl-C, when it stops and says so.
 */
public final class BenchMain {
    /** Servers listen on loopback only: the bench must never be reachable from elsewhere. */
    static final String HOST = "127.0.0.1";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length >= 1 && args[0].equals("ws-client")) {
            System.exit(WsClient.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 1 && args[0].equals("idle-client")) {
            System.exit(IdleClient.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 1 && args[0].equals("soak")) {
            System.exit(Soak.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length >= 1 && args[0].equals("slowloris")) {
            System.exit(Slowloris.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length != 2 || !BenchServer.NAMES.contains(args[0])) {
            System.err.println("usage: java -jar morello-bench.jar " + String.join("|", BenchServer.NAMES) + " PORT");
            System.err.println("       java -jar morello-bench.jar jmh [JMH arguments]");
            System.err.println("       java -jar morello-bench.jar idle-client HOST PORT CONNECTIONS [HOLD_SECONDS]");
            System.err.println("       java -jar morello-bench.jar soak HOST PORT SECONDS CONNECTIONS SERVER_PID [SAMPLE_SECONDS]");
            System.err.println("       java -jar morello-bench.jar slowloris HOST PORT [CONNECTIONS [SECONDS [DEADLINE_SECONDS]]]");
            System.exit(2);
        }
        int port;
        try {
            port = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("not a port: " + args[1]);
            System.exit(2);
            return;
        }
        serve(args[0], port);
    }

    private static void serve(String name, int port) throws Exception {
        BenchServer server = BenchServer.named(name);
        server.start(HOST, port);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C run shutdown hooks; the main thread waits here so the JVM stays up
        // whether or not the server's own threads are daemons.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                System.out.println(name + " stopped");
            } finally {
                stopped.countDown();
            }
        }, "bench-shutdown"));
        System.out.println(name + " ready on http://" + HOST + ":" + port + " (" + server.description() + ", pid "
                + ProcessHandle.current().pid() + ", Java " + Runtime.version() + ")");
        stopped.await();
    }
}
