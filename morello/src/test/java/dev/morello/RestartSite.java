package dev.morello;

import dev.morello.engine.Bus;

/**
 * The site the restart tests run in JVMs of their own, through the launcher ({@code -i} mounts it
 * at /). It answers with the PID of the generation serving, and prints the engine's messages on
 * stdout, since this module has no logging back-end.
 */
public class RestartSite {
    @Expose
    public String index() {
        return "generation " + ProcessHandle.current().pid();
    }

    public static void main(String[] args) {
        Morello.engine().subscribe(Bus.LOG, message -> System.out.println("ENGINE " + message[0]));
        Morellod.main(args);
    }
}
