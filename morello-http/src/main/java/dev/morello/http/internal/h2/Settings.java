package dev.morello.http.internal.h2;

import java.util.List;

/**
 * The SETTINGS values in force for one side of a connection (RFC 9113 §6.5.2): what the peer
 * announced, applied over the initial values.
 *
 * <pre>{@code
 * Settings peer = Settings.INITIAL;
 * ...on a SETTINGS frame:
 * peer = peer.apply(params);        // in order, the last of a repeated parameter winning (§6.5.3)
 * }</pre>
 *
 * <p>The values are taken as the reader passed them, which has already refused the ones RFC 9113
 * forbids. {@link Long#MAX_VALUE} stands for "no limit".
 *
 * @param headerTableSize SETTINGS_HEADER_TABLE_SIZE, octets the sender's HPACK decoder allows
 * @param enablePush SETTINGS_ENABLE_PUSH
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS
 * @param initialWindowSize SETTINGS_INITIAL_WINDOW_SIZE
 * @param maxFrameSize SETTINGS_MAX_FRAME_SIZE, the largest payload the sender accepts
 * @param maxHeaderListSize SETTINGS_MAX_HEADER_LIST_SIZE
 */
public record Settings(long headerTableSize, boolean enablePush, long maxConcurrentStreams, int initialWindowSize,
        int maxFrameSize, long maxHeaderListSize) {
    /** The values before any SETTINGS frame. */
    public static final Settings INITIAL = new Settings(HpackEncoder.DEFAULT_TABLE_SIZE, true, Long.MAX_VALUE,
            Frames.DEFAULT_WINDOW, Frames.DEFAULT_MAX_FRAME_SIZE, Long.MAX_VALUE);

    /** These settings with {@code params} applied in order. */
    public Settings apply(List<Setting> params) {
        long table = headerTableSize;
        boolean push = enablePush;
        long streams = maxConcurrentStreams;
        int window = initialWindowSize;
        int frame = maxFrameSize;
        long list = maxHeaderListSize;
        for (Setting s : params) {
            switch (s.id()) {
                case HEADER_TABLE_SIZE -> table = s.value();
                case ENABLE_PUSH -> push = s.value() == 1;
                case MAX_CONCURRENT_STREAMS -> streams = s.value();
                case INITIAL_WINDOW_SIZE -> window = (int) Math.min(s.value(), Frames.MAX_WINDOW);
                case MAX_FRAME_SIZE -> frame = (int) Math.min(s.value(), Frames.MAX_FRAME_SIZE_LIMIT);
                case MAX_HEADER_LIST_SIZE -> list = s.value();
            }
        }
        return new Settings(table, push, streams, window, frame, list);
    }
}
