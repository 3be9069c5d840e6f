package dev.morello.examples;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.sse.Event;
import dev.morello.sse.EventStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A live clock by server-sent events: the page at {@code /} opens an {@code EventSource} on
 * {@code /ticks}, which sends the time (UTC) every second, each tick numbered by its id. A
 * browser that loses the connection reconnects by itself and says the last tick it saw
 * ({@code Last-Event-ID}); the stream goes on from the next number.
 */
public class LiveClock {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Duration interval;

    /** Ticks every second. */
    public LiveClock() {
        this(Duration.ofSeconds(1));
    }

    /** Ticks every {@code interval} (a test's clock runs faster). */
    public LiveClock(Duration interval) {
        this.interval = interval;
    }

    @Expose
    public String index() {
        return PAGE;
    }

    @Expose
    public EventStream ticks(Request request) {
        Clock clock = Morello.clock();
        long first = request.headers().get("Last-Event-ID") == null ? 1 : parse(request.headers().get("Last-Event-ID")) + 1;
        return EventStream.open(request, events -> {
            for (long n = first; ; n++) {
                String now = LocalTime.ofInstant(clock.instant(), ZoneOffset.UTC).format(TIME);
                if (!events.send(Event.of(now).named("tick").id(Long.toString(n)))) {
                    return; // the browser went away
                }
                Thread.sleep(interval);
            }
        });
    }

    private static long parse(String id) {
        try {
            return Math.max(0, Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Live clock</title></head>
            <body>
            <h1>Live clock (UTC)</h1>
            <p><span id="time">--:--:--</span> &middot; tick <span id="tick">0</span> &middot; <span id="state">connecting</span></p>
            <script>
            const source = new EventSource("ticks");
            source.addEventListener("tick", e => {
              document.getElementById("time").textContent = e.data;
              document.getElementById("tick").textContent = e.lastEventId;
            });
            source.onopen = () => document.getElementById("state").textContent = "live";
            source.onerror = () => document.getElementById("state").textContent = "reconnecting";
            </script>
            </body>
            </html>
            """;

    public static void main(String[] args) {
        Morello.quickstart(new LiveClock());
    }
}
