package dev.morello.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * An nginx of the test's own: a master and one worker in the foreground ({@code daemon off}),
 * with a temporary directory as its prefix holding its config, PID file, logs and temporary
 * files, so that nothing of a system nginx is read or written. {@link #close} sends SIGTERM to
 * the master, which stops its worker; a master that ignores it is killed, and its workers with it.
 *
 * <pre>{@code
 * try (NginxProcess nginx = NginxProcess.start(port -> "server { listen 127.0.0.1:" + port + "; ... }")) {
 *     ... http://127.0.0.1:nginx.port()/ ...
 * }
 * }</pre>
 */
final class NginxProcess implements AutoCloseable {
    private final Process process;
    private final Path prefix;
    private final int port;

    private NginxProcess(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    /**
     * Starts nginx with {@code site}, what goes in its {@code http} block for a port (a free
     * one; another if that one was taken before nginx could bind it).
     */
    static NginxProcess start(IntFunction<String> site) throws IOException, InterruptedException {
        Path executable = Programs.find("nginx", "apt-get install nginx", "/usr/sbin", "/usr/local/sbin",
                "/usr/local/nginx/sbin");
        for (int attempt = 1; ; attempt++) {
            int port = Programs.freePort();
            Path prefix = Files.createTempDirectory("nginx-");
            // Run as root, the master hands the work to workers of another user (nobody): they
            // must be able to reach their temporary directories under the prefix.
            Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(prefix.resolve("nginx.conf"), config(prefix, site.apply(port)));
            Path errors = prefix.resolve("error.log");
            // -e: the log for what happens before the config is read, which is otherwise the
            // system's own error log
            Process p = new ProcessBuilder(executable.toString(), "-p", prefix + "/", "-c", prefix.resolve("nginx.conf").toString(),
                    "-e", errors.toString())
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("output.log").toFile()).start();
            p.getOutputStream().close();
            NginxProcess nginx = new NginxProcess(p, prefix, port);
            try {
                if (nginx.awaitServing()) {
                    return nginx;
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                nginx.close();
                throw e;
            }
            String log = nginx.log();
            nginx.close();
            if (attempt == 5) {
                throw new IOException("nginx found no free port in 5 tries:\n" + log);
            }
        }
    }

    private static String config(Path prefix, String site) {
        return """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;

                events {
                    worker_connections 1024;
                }

                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;

                %2$s
                }
                """.formatted(prefix, site.indent(4));
    }

    /**
     * Waits until the master has written its PID file and the port accepts connections; false
     * when the port was taken by another process before nginx could bind it.
     */
    private boolean awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Programs.PATIENCE.toNanos();
        Path pidFile = prefix.resolve("nginx.pid");
        while (true) {
            if (!process.isAlive()) {
                if (log().contains("Address already in use")) {
                    return false;
                }
                throw new IOException("nginx ended at its start:\n" + log());
            }
            // nginx writes its PID file after it has bound its ports
            if (Files.exists(pidFile) && Programs.read(pidFile).strip().equals(Long.toString(process.pid()))
                    && Programs.accepts(port)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("nginx did not start serving within " + Programs.PATIENCE + ":\n" + log());
            }
            Thread.sleep(20);
        }
    }

    int port() {
        return port;
    }

    /** What nginx wrote to its error log and its output. */
    String log() {
        return Programs.read(prefix.resolve("error.log")) + Programs.read(prefix.resolve("output.log"));
    }

    /** Ends the master (SIGTERM, else SIGKILL to it and then to its workers) and deletes the prefix. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        Programs.stop(process, Duration.ofSeconds(10), workers);
        Programs.delete(prefix);
    }
}
