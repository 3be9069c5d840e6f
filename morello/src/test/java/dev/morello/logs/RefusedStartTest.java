package dev.morello.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site that cannot start (its port taken, a log file that cannot be written) says why in one
 * line, the last on standard error, and exits with 1: no stack traces for the operator to read
 * through. On the console the engine's own lines show the reason where it happened too.
 */
class RefusedStartTest {
    @TempDir
    Path dir;

    private static List<String> refused(String reason, String verdict) {
        return List.of(
                "[TIME] ENGINE Listening for SIGTERM.",
                "[TIME] ENGINE Listening for SIGHUP.",
                "[TIME] ENGINE Listening for SIGINT.",
                "[TIME] ENGINE Listening for SIGUSR1.",
                "[TIME] ENGINE Bus STARTING",
                "[TIME] ENGINE " + reason,
                "[TIME] ENGINE Shutting down due to error in start listener",
                "[TIME] ENGINE Bus STOPPING",
                "[TIME] ENGINE Bus STOPPED",
                "[TIME] ENGINE Bus EXITING",
                "[TIME] ENGINE Bus EXITED",
                verdict);
    }

    /** A port held by this test, so the child finds it taken. */
    private static ServerSocket taken() throws Exception {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void morellodOnAPortInUseSaysSoAndExitsWithOne() throws Exception {
        try (ServerSocket held = taken(); Child site = Child.morellod("-i", Pages.class.getName(),
                "--set", "server.socket_host=127.0.0.1", "--set", "server.socket_port=" + held.getLocalPort())) {
            assertEquals(1, site.exitCode(), site.err());
            assertEquals(refused("port PORT on 127.0.0.1 is in use", "morellod: port PORT on 127.0.0.1 is in use"),
                    Child.normalized(site.err(), held.getLocalPort()));
            assertEquals("", site.out());
        }
    }

    @Test
    void inProductionTheVerdictIsTheOnlyLine() throws Exception {
        try (ServerSocket held = taken(); Child site = Child.morellod("-i", Pages.class.getName(), "-e", "production",
                "--set", "server.socket_host=127.0.0.1", "--set", "server.socket_port=" + held.getLocalPort())) {
            assertEquals(1, site.exitCode(), site.err());
            assertEquals("morellod: port " + held.getLocalPort() + " on 127.0.0.1 is in use\n", site.err());
            assertEquals("", site.out());
        }
    }

    @Test
    void quickstartOnAPortInUseSaysSoAndExitsWithOne() throws Exception {
        try (ServerSocket held = taken(); Child site = Child.quickstart("server.socket_port=" + held.getLocalPort())) {
            assertEquals(1, site.exitCode(), site.err());
            assertEquals(refused("port PORT on 127.0.0.1 is in use", "port PORT on 127.0.0.1 is in use"),
                    Child.normalized(site.err(), held.getLocalPort()));
            assertEquals("", site.out());
        }
    }

    @Test
    void morellodWithAnAccessFileThatIsADirectoryNamesTheKeyTheFileAndTheReason() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (Child site = Child.morellod("-i", Pages.class.getName(),
                "--set", "server.socket_host=127.0.0.1", "--set", "server.socket_port=0",
                "--set", "log.access_file=" + logs)) {
            assertEquals(1, site.exitCode(), site.err());
            String reason = "log.access_file: cannot open " + logs + " for writing: is a directory";
            // refused before the server started: no Serving on, no shut down
            assertEquals(refused(reason, "morellod: " + reason), Child.normalized(site.err(), 0));
        }
    }

    @Test
    void quickstartWithAnErrorFileUnderAFileNamesTheKeyTheFileAndTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "a file, not a directory\n");
        Path errors = file.resolve("error.log");
        try (Child site = Child.quickstart("log.error_file=" + errors)) {
            assertEquals(1, site.exitCode(), site.err());
            String reason = "log.error_file: cannot open " + errors + " for writing: " + file + " is not a directory";
            List<String> expected = new ArrayList<>(refused(reason, reason));
            assertEquals(expected, Child.normalized(site.err(), 0));
        }
    }

    @Test
    void jsonAccessLinesWithoutMorelloJsonRefuseToStartSayingWhatToAdd() throws Exception {
        // this module's tests run without morello-json: nothing beside the framework writes JSON
        try (Child site = Child.morellod("-i", Pages.class.getName(),
                "--set", "server.socket_host=127.0.0.1", "--set", "server.socket_port=0",
                "--set", "log.access_format='json'")) {
            assertEquals(1, site.exitCode(), site.err());
            String reason = "log.access_format: json needs morello-json (Jackson) beside the framework, to write the JSON;"
                    + " add the dev.morello:morello-json dependency, or use cherrypy";
            assertEquals(refused(reason, "morellod: " + reason), Child.normalized(site.err(), 0));
        }
    }
}
