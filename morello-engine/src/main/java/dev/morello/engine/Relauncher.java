package dev.morello.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the program again with the command line this JVM was started with. A JVM cannot
 * replace itself as {@code execv} does, so the new one runs as a child that inherits the
 * terminal, and this one ends with the child's exit status once it is gone.
 */
final class Relauncher {
    private Relauncher() {
    }

    static void relaunch(Bus bus) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isEmpty()) {
            bus.log("Cannot restart: the command line of this process is unknown", Level.ERROR, null);
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(info.command().get());
        info.arguments().ifPresent(args -> command.addAll(List.of(args)));
        bus.log("Re-spawning " + String.join(" ", command));
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            System.exit(child.waitFor());
        } catch (IOException e) {
            bus.log("Re-spawn failed", Level.ERROR, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
