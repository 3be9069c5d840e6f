package dev.morello.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimplePluginTest {

    static class Recorder extends SimplePlugin {
        final List<String> calls = new ArrayList<>();

        @Override
        public void start() {
            calls.add("start");
        }

        @Override
        public void exit() {
            calls.add("exit");
        }

        @Override
        protected int priority(String channel) {
            return 10;
        }
    }

    @Test
    void subscribesOnlyTheChannelsItOverrides() {
        Bus bus = new Bus();
        Recorder plugin = new Recorder();
        plugin.subscribe(bus);
        assertEquals(1, bus.listeners(Bus.START).size());
        assertEquals(1, bus.listeners(Bus.EXIT).size());
        assertEquals(0, bus.listeners(Bus.STOP).size());
        assertEquals(0, bus.listeners(Bus.MAIN).size());
        bus.start();
        bus.exit();
        assertEquals(List.of("start", "exit"), plugin.calls);
    }

    @Test
    void runsAtItsOwnPriority() {
        Bus bus = new Bus();
        List<String> order = new ArrayList<>();
        bus.subscribe(Bus.START, a -> order.add("default"));
        SimplePlugin early = new SimplePlugin() {
            @Override
            public void start() {
                order.add("plugin");
            }

            @Override
            protected int priority(String channel) {
                return 10;
            }
        };
        early.subscribe(bus);
        bus.start();
        assertEquals(List.of("plugin", "default"), order);
    }

    @Test
    void unsubscribeDetachesIt() {
        Bus bus = new Bus();
        Recorder plugin = new Recorder();
        plugin.subscribe(bus);
        plugin.unsubscribe(bus);
        bus.start();
        assertEquals(List.of(), plugin.calls);
    }
}
