"""An HTTP/2 client made with Python's h2 package, for PythonH2Test.

Usage: h2_client.py PORT

Speaks h2c by prior knowledge to 127.0.0.1:PORT and opens, all at once on one connection:
  streams 1, 3, 5, 7   GET /together   (the server answers each once all four are in)
  stream 9             POST /upload    3 MiB, three times the server's stream window, then a
                                       trailer; sent only as the server's WINDOW_UPDATEs allow
  stream 11            GET /big        2 MiB, acknowledged as it arrives so that the server,
                                       held to this client's 64 KiB windows, can go on
It prints one line per stream, in stream order, then how many WINDOW_UPDATEs the server sent
for the upload, and exits 0; any protocol error or stall ends it with a traceback and exit 1.
"""

import hashlib
import socket
import sys

try:
    import h2.config
    import h2.connection
    import h2.events
except ImportError:
    print("python3-h2 is not installed for /usr/bin/python3 (Debian: apt-get install python3-h2)")
    sys.exit(2)

PATTERN = bytes(range(256))
UPLOAD = PATTERN * (3 * 4096)  # 3 MiB


def request(method, path, port):
    return [(":method", method), (":scheme", "http"), (":authority", "127.0.0.1:%d" % port), (":path", path)]


def summary(body):
    if len(body) <= 200:
        return body.decode("ascii")
    return "%d bytes sha256=%s" % (len(body), hashlib.sha256(body).hexdigest())


def main():
    port = int(sys.argv[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
    conn.initiate_connection()

    for stream in (1, 3, 5, 7):
        conn.send_headers(stream, request("GET", "/together", port), end_stream=True)
    conn.send_headers(9, request("POST", "/upload", port) + [("content-length", str(len(UPLOAD)))])
    conn.send_headers(11, request("GET", "/big", port), end_stream=True)
    sock.sendall(conn.data_to_send())

    status, bodies, trailers, ended = {}, {}, {}, set()
    sent = 0
    upload_updates = 0
    streams = {1, 3, 5, 7, 9, 11}
    while ended != streams:
        # as much of the upload as the windows allow; the rest waits for WINDOW_UPDATE
        while sent < len(UPLOAD):
            room = min(conn.local_flow_control_window(9), conn.max_outbound_frame_size, len(UPLOAD) - sent)
            if room <= 0:
                break
            conn.send_data(9, UPLOAD[sent:sent + room])
            sent += room
            if sent == len(UPLOAD):
                conn.send_headers(9, [("x-sum", "abc")], end_stream=True)
        sock.sendall(conn.data_to_send())

        data = sock.recv(65536)
        if not data:
            raise RuntimeError("the server closed the connection")
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived):
                status[event.stream_id] = dict(event.headers)[":status"]
            elif isinstance(event, h2.events.DataReceived):
                bodies.setdefault(event.stream_id, bytearray()).extend(event.data)
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.TrailersReceived):
                trailers[event.stream_id] = dict(event.headers)
            elif isinstance(event, h2.events.StreamEnded):
                ended.add(event.stream_id)
            elif isinstance(event, h2.events.WindowUpdated) and event.stream_id == 9:
                upload_updates += 1
            elif isinstance(event, (h2.events.StreamReset, h2.events.ConnectionTerminated)):
                raise RuntimeError("the server ended a stream or the connection: %r" % event)
        sock.sendall(conn.data_to_send())

    for stream in sorted(streams):
        line = "stream %d: %s %s" % (stream, status.get(stream), summary(bytes(bodies.get(stream, b""))))
        if stream in trailers:
            line += " trailers=" + ",".join("%s:%s" % kv for kv in sorted(trailers[stream].items()))
        print(line)
    print("upload window updates: %s" % ("some" if upload_updates > 0 else "none"))
    conn.close_connection()
    sock.sendall(conn.data_to_send())
    sock.close()


if __name__ == "__main__":
    main()
