package dev.morello.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the bus remembers of exit and restart requests, which decides whether {@link Bus#block()}
 * starts a next generation, and the small texts a restart hands to that generation. The
 * generations themselves, as real processes, are tested in the framework's {@code RestartTest}.
 */
class RestartRequestsTest {

    private static Bus quietBus(List<String> log) {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        bus.subscribe(Bus.LOG, args -> log.add((String) args[0]));
        return bus;
    }

    @Test
    void anExitDuringARestartCancelsIt() {
        Bus bus = quietBus(new ArrayList<>());
        bus.start();
        bus.restart();
        assertTrue(bus.restartRequested());
        bus.exit(); // a TERM that came while the site stopped for the restart
        assertFalse(bus.restartRequested(), "the exit wins: no next generation");
        assertSame(State.EXITING, bus.state());
    }

    @Test
    void aRestartAfterAnExitIsIgnored() {
        List<String> log = new ArrayList<>();
        Bus bus = quietBus(log);
        bus.start();
        bus.exit();
        List<Object> exits = new ArrayList<>();
        bus.subscribe(Bus.EXIT, exits::add);
        bus.restart();
        assertFalse(bus.restartRequested());
        assertTrue(exits.isEmpty(), "exit listeners do not run again");
        assertTrue(log.contains("Not restarting: the bus is already exiting"), log.toString());
    }

    @Test
    void aSecondRestartDoesNotExitTwice() {
        Bus bus = quietBus(new ArrayList<>());
        List<Object> exits = new ArrayList<>();
        bus.subscribe(Bus.EXIT, exits::add);
        bus.start();
        bus.restart();
        bus.restart(); // autoreload and HUP at once
        assertTrue(bus.restartRequested());
        assertEquals(1, exits.size());
    }

    @Test
    void startingAgainForgetsEarlierRequests() {
        Bus bus = quietBus(new ArrayList<>());
        bus.start();
        bus.restart();
        bus.start();
        assertFalse(bus.restartRequested());
        bus.restart();
        assertTrue(bus.restartRequested(), "a restarted bus can be restarted");
    }

    @Test
    void aJvmStartedDirectlyHasNoSupervisor() {
        assertEquals(OptionalLong.empty(), Bus.supervisorPid());
        assertTrue(new Bus().inherited("server.port").isEmpty());
    }

    @Test
    void theStopTimeoutMustBePositive() {
        Bus bus = new Bus();
        assertEquals(Duration.ofSeconds(10), bus.stopTimeout());
        bus.stopTimeout(Duration.ofMillis(1500));
        assertEquals(Duration.ofMillis(1500), bus.stopTimeout());
        assertThrows(IllegalArgumentException.class, () -> bus.stopTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> bus.stopTimeout(Duration.ofSeconds(-1)));
    }

    @Test
    void handedOverValuesSurviveTheirEncoding() {
        Map<String, String> values = Map.of("server.port", "43512", "server.admin.port", "8081",
                "odd&key=", "a value with = & % ; and é");
        String text = Supervisor.encode(values);
        assertFalse(text.contains(" "), "one command-line argument: " + text);
        assertEquals(values, Supervisor.decode(text));
        assertEquals(Map.of(), Supervisor.decode(""));
    }

    @Test
    void aHandOverPartThatEncodeDidNotWriteIsSkipped() {
        assertEquals(Map.of("a", "1"), Supervisor.decode("a=1&novalue&=x&b=%zz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-12", "+12", "12a", " 12", "١٢", "9999999999999999999"})
    void aSupervisorPidIsPositiveAsciiDigits(String text) {
        assertEquals(OptionalLong.empty(), Supervisor.parsePid(text));
    }

    @Test
    void aSupervisorPidParses() {
        assertEquals(OptionalLong.of(4242), Supervisor.parsePid("4242"));
        assertEquals(OptionalLong.empty(), Supervisor.parsePid(null));
    }

    @Test
    void aHandOverIsKeptForTheNextGeneration() {
        Bus bus = new Bus();
        bus.handOver("server.port", "43512");
        bus.handOver("server.port", "43513");
        assertEquals(Map.of("server.port", "43513"), bus.handOvers());
    }
}
