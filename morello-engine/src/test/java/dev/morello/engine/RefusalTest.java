package dev.morello.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener that refuses (a port in use, a log file that cannot be written) stops the start at
 * once, and the bus says why in one line: the operator needs the reason, not a stack.
 */
class RefusalTest {
    private record Line(String message, Level level, Throwable error) {
    }

    private static Bus recorded(List<Line> lines) {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> lines.add(new Line(message, level, error)));
        return bus;
    }

    @Test
    void aRefusalStopsTheStartBeforeTheListenersAfterIt() {
        List<Line> lines = new ArrayList<>();
        Bus bus = recorded(lines);
        List<String> ran = new ArrayList<>();
        bus.subscribe(Bus.START, args -> ran.add("pid file"), 70);
        bus.subscribe(Bus.START, args -> {
            throw new Refusal("port 8080 on 127.0.0.1 is in use");
        }, 75);
        bus.subscribe(Bus.START, args -> ran.add("drop privileges"), 77);
        bus.subscribe(Bus.EXIT, args -> ran.add("exit"));

        ChannelFailures failed = assertThrows(ChannelFailures.class, bus::start);
        Refusal refusal = assertInstanceOf(Refusal.class, failed.failures().get(0));
        assertEquals("port 8080 on 127.0.0.1 is in use", refusal.getMessage());
        assertEquals(List.of("pid file", "exit"), ran);
        assertSame(State.EXITING, bus.state());
    }

    @Test
    void aRefusalIsLoggedAsItsMessageAloneWithNoStack() {
        List<Line> lines = new ArrayList<>();
        Bus bus = recorded(lines);
        bus.subscribe(Bus.START, args -> {
            throw new Refusal("log.error_file: cannot open /srv/x/error.log for writing: no such directory");
        }, 40);
        assertThrows(ChannelFailures.class, bus::start);

        assertEquals(List.of("Bus STARTING",
                "log.error_file: cannot open /srv/x/error.log for writing: no such directory",
                "Shutting down due to error in start listener",
                "Bus STOPPING", "Bus STOPPED", "Bus EXITING", "Bus EXITED"),
                lines.stream().map(Line::message).toList());
        for (Line line : lines) {
            assertNull(line.error(), line.message());
        }
        assertSame(Level.ERROR, lines.get(1).level());
    }

    @Test
    void anyOtherStartFailureIsLoggedWithItsStackOnceNotTwice() {
        List<Line> lines = new ArrayList<>();
        Bus bus = recorded(lines);
        IllegalStateException bug = new IllegalStateException("a bug");
        bus.subscribe(Bus.START, args -> {
            throw bug;
        });
        assertThrows(ChannelFailures.class, bus::start);
        List<Line> withStacks = lines.stream().filter(l -> l.error() != null).toList();
        assertEquals(1, withStacks.size(), lines.toString());
        assertSame(bug, withStacks.get(0).error());
        assertEquals("Shutting down due to error in start listener", lines.get(2).message());
    }

    @Test
    void onAnyChannelARefusalStopsThatPublication() {
        List<Line> lines = new ArrayList<>();
        Bus bus = recorded(lines);
        List<String> ran = new ArrayList<>();
        bus.subscribe(Bus.GRACEFUL, args -> {
            throw new Refusal("not now");
        }, 10);
        bus.subscribe(Bus.GRACEFUL, args -> ran.add("later"), 60);
        ChannelFailures failed = assertThrows(ChannelFailures.class, bus::graceful);
        assertEquals(1, failed.failures().size());
        assertEquals(List.of(), ran);
        assertEquals("not now", lines.get(1).message());
    }
}
