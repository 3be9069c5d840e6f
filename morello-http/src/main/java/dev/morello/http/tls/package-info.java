/**
 * TLS for the server, on the JDK's own provider: loading certificates and keys as CherryPy users
 * keep them, and building the {@link javax.net.ssl.SSLContext} and the per-connection
 * {@link javax.net.ssl.SSLEngine}.
 *
 * <p>{@link dev.morello.http.tls.TlsConfig} says what to serve: certificates from PEM files
 * ({@link dev.morello.http.tls.KeySource#pem}: PKCS#8, PKCS#1 RSA, SEC1 EC or encrypted PKCS#8
 * keys; a certificate followed by its chain, a separate chain file) or a PKCS#12 store, several
 * of them by host name (SNI); the protocol versions (TLS 1.3 and 1.2), cipher suites, client
 * certificates ({@link dev.morello.http.tls.ClientAuth} with a
 * {@link dev.morello.http.tls.TrustSource}) and ALPN. {@link dev.morello.http.tls.TlsContext#create}
 * reads and checks it all, refusing with a {@link dev.morello.http.tls.TlsConfigException} that
 * names the file at fault; the context then makes an engine per connection and can be rebuilt
 * from changed files without touching those already made.
 *
 * <p>The package depends on {@code java.base} alone, and on nothing else of the server: the
 * server uses it, not the other way round. Its parsers (RFC 7468 PEM, the bit of DER the key
 * formats need) are its own and package-private.
 */
package dev.morello.http.tls;
