package dev.morello.sse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One server-sent event, as the HTML standard's {@code text/event-stream} format has it: an
 * optional type ({@code event:}), id ({@code id:}) and reconnection time ({@code retry:}), and
 * its data, any number of lines ({@code data:} once per line), or a comment alone.
 *
 * <pre>{@code
 * Event.of("12:00:01")                                  // data: 12:00:01
 * Event.of("line one\nline two").named("log").id("42")  // event: log / id: 42 / data: line one / data: line two
 * Event.comment("still here")                           // : still here
 * }</pre>
 *
 * @param event   the event type, or null for the default ({@code message})
 * @param id      the event's id, which the browser sends back as {@code Last-Event-ID} when it
 *                reconnects; null for none. No line breaks nor NUL.
 * @param data    the data, null for none; CR LF, CR and LF all split it into {@code data:} lines
 * @param retry   how long the browser waits before reconnecting, or null
 * @param comment a comment line (ignored by browsers: a heartbeat), or null
 */
public record Event(String event, String id, String data, Duration retry, String comment) {
    public Event {
        noLineBreak("event", event);
        noLineBreak("id", id);
        noLineBreak("comment", comment);
        if (id != null && id.indexOf('\0') >= 0) {
            // the standard's parser ignores an id with NUL: it would never come back
            throw new IllegalArgumentException("an event id must not contain NUL");
        }
        if (retry != null && (retry.isNegative() || retry.toMillis() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("retry must be between 0 and " + Integer.MAX_VALUE + " ms: " + retry);
        }
    }

    private static void noLineBreak(String field, String value) {
        if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("an event's " + field + " must be one line");
        }
    }

    /** An event of the default type with this data. */
    public static Event of(String data) {
        return new Event(null, null, data == null ? "" : data, null, null);
    }

    /** A comment alone: browsers ignore it, so it keeps a connection (and its proxies) awake. */
    public static Event comment(String text) {
        return new Event(null, null, null, null, text == null ? "" : text);
    }

    /** This event with a type ({@code event:}): a browser calls the listeners added for it. */
    public Event named(String type) {
        return new Event(type, id, data, retry, comment);
    }

    /** This event with an id the browser sends back as {@code Last-Event-ID} when it reconnects. */
    public Event id(String id) {
        return new Event(event, id, data, retry, comment);
    }

    /** This event with a reconnection time for the browser. */
    public Event retry(Duration retry) {
        return new Event(event, id, data, retry, comment);
    }

    /** The event in the stream's format, UTF-8, ending with the blank line that dispatches it. */
    public byte[] encode() {
        StringBuilder b = new StringBuilder();
        if (comment != null) {
            b.append(':').append(comment.isEmpty() ? "" : " " + comment).append('\n');
        }
        if (event != null) {
            b.append("event: ").append(event).append('\n');
        }
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        if (retry != null) {
            b.append("retry: ").append(retry.toMillis()).append('\n');
        }
        if (data != null) {
            int start = 0;
            int n = data.length();
            for (int i = 0; i <= n; i++) {
                char c = i < n ? data.charAt(i) : '\n';
                if (c == '\n' || c == '\r') {
                    b.append("data: ").append(data, start, i).append('\n');
                    if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                        i++;
                    }
                    start = i + 1;
                }
            }
        }
        // the blank line: dispatches the event (a comment alone dispatches nothing)
        b.append('\n');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
