package dev.morello;

/**
 * The site the restart tests run in JVMs of their own, through the launcher ({@code -i} mounts it
 * at /). It answers with the PID of the generation serving; with no SLF4J back-end in this module,
 * Morello's screen log writes the engine's messages to the console, where the tests read them.
 */
public class RestartSite {
    @Expose
    public String index() {
        return "generation " + ProcessHandle.current().pid();
    }

    public static void main(String[] args) {
        Morellod.main(args);
    }
}
