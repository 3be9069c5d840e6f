package dev.morello.http.testing;

/**
 * What a test's requests travel over: the same bytes, in the clear or inside TLS. A suite that
 * runs once for each holds the server's framing to the same rules on both, so that the layer
 * between the socket and the parser changes nothing a client can see.
 *
 * <pre>{@code
 * @ParameterizedClass
 * @EnumSource(Transport.class)
 * class ContentLengthTest {
 *     @RegisterExtension
 *     final TestServers servers;
 *
 *     ContentLengthTest(Transport transport) {
 *         servers = new TestServers(transport);
 *     }
 * }
 * }</pre>
 */
public enum Transport {
    /** HTTP/1.1 straight over TCP. */
    PLAIN,
    /** HTTP/1.1 inside TLS, against the server's certificate from {@link TestCertificate}. */
    TLS
}
