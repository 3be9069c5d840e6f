package dev.morello.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The memory of another JVM on this machine, by its PID: the heap that is live after a full GC,
 * the resident set, and the open file descriptors (Linux).
 *
 * <p><b>Heap after GC.</b> {@code jcmd PID GC.class_histogram} runs a full collection and then,
 * within the same safepoint, counts what survived: its {@code Total} line, less the collector's
 * fillers (see {@link #histogramLiveBytes}), is the live heap whatever the collector (Parallel,
 * G1, Serial, ZGC), and no allocation of the running load can slip in between the collection and
 * the count. Should that line be missing, the fallback is
 * {@code jcmd PID GC.run} and then {@code jstat -gc PID}, the used columns added up
 * ({@code S0U S1U EU OU}, found by their names in the header line, which Parallel, G1 and Serial
 * print alike); the load's allocations since the collection count there too, so the figure is
 * higher and noisier, and the sample says which way it was taken.
 *
 * <p>The tools are the server's own JDK's: {@code jcmd} and {@code jstat} beside the {@code java}
 * the process runs, else beside this JVM's.
 */
final class JvmProbe {
    private static final long TOOL_TIMEOUT_SECONDS = 60;
    private static final String FILLER = "jdk.internal.vm.Filler";

    private final long pid;
    private final Path bin;

    /** How a heap figure was taken. */
    enum HeapMethod { HISTOGRAM, JSTAT }

    /** A heap figure: the bytes, and how they were counted. */
    record Heap(long bytes, HeapMethod method) {
    }

    JvmProbe(long pid) {
        this.pid = pid;
        this.bin = toolDirectory(pid);
    }

    /** The directory of the JDK tools for {@code pid}: its java's, if it has jcmd beside it. */
    private static Path toolDirectory(long pid) {
        Path own = Path.of(System.getProperty("java.home"), "bin");
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().command())
                .map(c -> Path.of(c).getParent())
                .filter(d -> Files.isExecutable(d.resolve("jcmd")))
                .orElse(own);
    }

    long pid() {
        return pid;
    }

    /** Where jcmd and jstat are taken from. */
    Path toolDirectory() {
        return bin;
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The live heap after a full GC; see the class doc. */
    Heap heapAfterGc() throws IOException {
        Long live = histogramLiveBytes(run("jcmd", Long.toString(pid), "GC.class_histogram"));
        if (live != null) {
            return new Heap(live, HeapMethod.HISTOGRAM);
        }
        run("jcmd", Long.toString(pid), "GC.run");
        return new Heap(jstatUsedKiB(run("jstat", "-gc", Long.toString(pid))) * 1024, HeapMethod.JSTAT);
    }

    /**
     * The {@code Total} line's bytes less the fillers', or null without a {@code Total} line. A
     * filler ({@code jdk.internal.vm.FillerObject}, arrays of {@code FillerElement}) is dead space
     * the collector formatted as an object: ParallelGC's full collection leaves a dense prefix of
     * the old generation uncompacted, its dead objects overwritten by fillers, and the histogram
     * counts them. Seen in a 10-minute soak: the total rose by 1 MiB, all of it fillers.
     */
    static Long histogramLiveBytes(String histogram) {
        long fillers = 0;
        for (String line : histogram.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 3 && words[0].equals("Total")) {
                return Long.parseLong(words[2]) - fillers;
            }
            // "  12:   1011   627568  [Ljdk.internal.vm.FillerElement; (java.base@25)"
            if (words.length >= 4 && words[0].endsWith(":") && words[3].startsWith(FILLER, words[3].startsWith("[L") ? 2 : 0)) {
                fillers += Long.parseLong(words[2]);
            }
        }
        return null;
    }

    /** S0U + S1U + EU + OU of {@code jstat -gc}'s output, in KiB, columns found by name. */
    static long jstatUsedKiB(String out) throws IOException {
        List<String> lines = out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.size() < 2) {
            throw new IOException("jstat -gc printed no figures: " + out.strip());
        }
        String[] names = lines.get(0).split("\\s+");
        String[] values = lines.get(1).split("\\s+");
        double used = 0;
        int found = 0;
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i]) && !values[i].equals("-")) {
                used += Double.parseDouble(values[i]);
                found++;
            }
        }
        if (found == 0) {
            throw new IOException("jstat -gc has no used columns: " + lines.get(0));
        }
        return Math.round(used);
    }

    /** VmRSS from /proc/PID/status, in bytes. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("VmRSS:")) {
                String[] words = line.substring(6).strip().split("\\s+");
                if (words.length == 2 && words[1].equals("kB")) {
                    return Long.parseLong(words[0]) * 1024;
                }
            }
        }
        throw new IOException("no VmRSS line in /proc/" + pid + "/status");
    }

    /** The process's open file descriptors. */
    long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    private String run(String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        // output to a file, not a pipe: a tool that hangs cannot then hang the reading too
        Path out = Files.createTempFile("morello-probe-", ".txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took over " + TOOL_TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(out, StandardCharsets.ISO_8859_1);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + text.strip().lines().findFirst().orElse(""));
            }
            return text;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + tool, e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
