package dev.morello;

/**
 * One end of the connection, as CherryPy's {@code Host}: {@code request.remote().ip()}. The port
 * is -1 and the ip empty for a Unix-domain socket; {@code name} is the host name when known
 * (never looked up on the request path), else the ip.
 */
public record Address(String ip, int port, String name) {
    @Override
    public String toString() {
        return port < 0 ? ip : ip + ":" + port;
    }
}
