/**
 * Server-sent events: {@link dev.morello.sse.EventStream} makes a response of
 * {@code text/event-stream} that a handler returns and sends {@link dev.morello.sse.Event}s to
 * from any thread; {@link dev.morello.sse.EventGroup} sends to many streams at once.
 */
package dev.morello.sse;
