/**
 * WebSocket endpoints in the tree: {@link dev.morello.websocket.WebSocketEndpoint} is a page that
 * becomes a WebSocket once its tools have run, {@link dev.morello.http.websocket.WebSocketGroup} sends
 * to many sockets at once. The protocol itself is the server's ({@code dev.morello.http.websocket}).
 */
package dev.morello.websocket;
