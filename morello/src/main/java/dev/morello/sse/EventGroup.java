package dev.morello.sse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event streams that hear the same events: a chat room's readers, a dashboard's viewers. A
 * stream leaves the group by itself when it closes (its client went away, say).
 *
 * <pre>{@code
 * static final EventGroup NEWS = new EventGroup();
 *
 * @Expose public EventStream news(Request request) { return NEWS.add(EventStream.open(request)); }
 * ... NEWS.send(Event.of(headline).named("headline"));
 * }</pre>
 */
public final class EventGroup {
    private final Set<EventStream> members = ConcurrentHashMap.newKeySet();

    /** Adds a stream, and returns it (for a handler to return); it leaves when it closes. */
    public EventStream add(EventStream stream) {
        members.add(stream);
        stream.onClose(() -> members.remove(stream));
        return stream;
    }

    /**
     * Queues the event for every open stream of the group, without waiting for any client.
     * Returns how many streams took it.
     */
    public int send(Event event) {
        // encoded once for all
        byte[] bytes = event.encode();
        int sent = 0;
        for (EventStream s : members) {
            if (s.offer(bytes)) {
                sent++;
            }
        }
        return sent;
    }

    /** The streams in the group now. */
    public int size() {
        return members.size();
    }

    /** Closes every stream of the group: their responses end, and their browsers reconnect. */
    public void closeAll() {
        for (EventStream s : members) {
            s.close();
        }
    }
}
