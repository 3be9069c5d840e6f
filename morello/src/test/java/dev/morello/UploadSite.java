package dev.morello;

import java.io.IOException;
import java.util.Map;

/**
 * A site that takes uploads, run in a JVM of its own by {@link UploadCrashTest}: it serves on
 * 127.0.0.1 and a port the system picks, and says which on its console, as any site does.
 */
public final class UploadSite {
    private UploadSite() {
    }

    public static class Root {
        @Expose
        public String upload(Part file) throws IOException {
            return file.filename() + ": " + file.size() + " bytes";
        }
    }

    public static void main(String[] args) {
        Morello.quickstart(new Root(), "", Map.of("global", Map.of(
                "server.socket_host", "127.0.0.1",
                "server.socket_port", 0,
                "checker.on", false)));
    }
}
