/**
 * The codec layer of HTTP/2 (RFC 9113) and HPACK (RFC 7541): bytes in, events out; fields in,
 * bytes out. No I/O, no threads, no connection state beyond what the wire format itself needs
 * (HPACK's dynamic tables, and whether a header block is open).
 *
 * <h2>Reading, on the connection's reading side</h2>
 * <ol>
 *   <li>Check the client's {@link dev.morello.http.internal.h2.Frames#CONNECTION_PREFACE}
 *       ({@link dev.morello.http.internal.h2.Frames#prefaceSoFar}).</li>
 *   <li>{@link dev.morello.http.internal.h2.FrameReader} turns the bytes after it into calls on a
 *       {@link dev.morello.http.internal.h2.FrameListener}, having checked each frame on its own
 *       (RFC 9113 §4, §6). Connection errors are thrown as
 *       {@link dev.morello.http.internal.h2.H2Exception}; stream errors are reported to the
 *       listener, and reading goes on.</li>
 *   <li>The fragments of a header block (HEADERS, then CONTINUATION until END_HEADERS) are
 *       gathered by the connection, then decoded whole by the one
 *       {@link dev.morello.http.internal.h2.HpackDecoder}, which bounds the decoded list by our
 *       SETTINGS_MAX_HEADER_LIST_SIZE.</li>
 *   <li>Each field is checked with {@link dev.morello.http.internal.h2.FieldRules} (RFC 9113
 *       §8.2); a bad one is a stream error.</li>
 * </ol>
 *
 * <h2>Writing, on the connection's writing side</h2>
 * {@link dev.morello.http.internal.h2.HpackEncoder} encodes a response's fields into a
 * {@link dev.morello.http.internal.h2.WireBuffer};
 * {@link dev.morello.http.internal.h2.FrameWriter} frames the block and the body. Blocks must
 * leave in the order they were encoded.
 *
 * <h2>Settings</h2>
 * Our SETTINGS bind our reader and decoder once the peer acknowledges them
 * ({@link dev.morello.http.internal.h2.FrameReader#maxFrameSize},
 * {@link dev.morello.http.internal.h2.HpackDecoder#maxTableSize}); the peer's bind our writer
 * and encoder as they arrive ({@link dev.morello.http.internal.h2.Settings#apply},
 * {@link dev.morello.http.internal.h2.HpackEncoder#peerMaxTableSize}).
 */
package dev.morello.http.internal.h2;
