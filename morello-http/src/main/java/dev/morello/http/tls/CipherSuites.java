package dev.morello.http.tls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cipher suites setting. CherryPy's {@code server.ssl_ciphers} is an OpenSSL cipher string;
 * this reads the part of it that is a plain list: suite names separated by colons (commas and
 * spaces too), each either as the JDK (and IANA) names it ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256})
 * or as OpenSSL does ({@code ECDHE-RSA-AES128-GCM-SHA256}), for the common forward-secret suites
 * whose two names map one to one. OpenSSL's selection language ({@code HIGH:!aNULL},
 * {@code ECDH+AESGCM}, {@code @STRENGTH}) picks suites by OpenSSL's own tables; rather than guess
 * its result, it is refused with a message saying how to list the suites instead.
 *
 * <p>Like OpenSSL's cipher string, a list without any TLS 1.3 suite leaves TLS 1.3's suites at
 * their defaults (OpenSSL sets those with a separate setting); a list naming any TLS 1.3 suite
 * is taken as the whole list.
 */
final class CipherSuites {
    /** OpenSSL's names of the usual TLS 1.2 suites and the JDK's (IANA's) for the same suite. */
    private static final Map<String, String> OPENSSL_NAMES = Map.ofEntries(
            Map.entry("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
            Map.entry("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
            Map.entry("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
            Map.entry("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            Map.entry("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
            Map.entry("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
            Map.entry("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
            Map.entry("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
            Map.entry("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            Map.entry("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"));

    private static final String HOW = "list cipher suites by name, as the JDK names them"
            + " (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) or as OpenSSL does (ECDHE-RSA-AES128-GCM-SHA256),"
            + " separated by colons";

    private CipherSuites() {
    }

    /**
     * The JDK names of a cipher list, in its order, without repeats.
     *
     * @throws IllegalArgumentException for OpenSSL's selection syntax or a name not known
     */
    static List<String> parse(String list) {
        Set<String> names = new LinkedHashSet<>();
        for (String token : list.split("[:,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            names.add(jdkName(token));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the cipher list names no suite: " + HOW);
        }
        return List.copyOf(names);
    }

    private static String jdkName(String token) {
        if (token.startsWith("TLS_") || token.startsWith("SSL_")) {
            return token;
        }
        String mapped = OPENSSL_NAMES.get(token);
        if (mapped != null) {
            return mapped;
        }
        char first = token.charAt(0);
        // OpenSSL's operators (!, -, +, @) and its keywords (HIGH, aRSA, AESGCM ...), which have
        // no hyphen; every OpenSSL suite name has one.
        if (first == '!' || first == '-' || first == '+' || first == '@' || token.indexOf('+') >= 0 || token.indexOf('-') < 0) {
            throw new IllegalArgumentException("'" + token + "' is OpenSSL's cipher selection syntax, which is not"
                    + " supported: " + HOW);
        }
        throw new IllegalArgumentException("'" + token + "' is not a cipher suite name known here: " + HOW);
    }

    /** Whether a suite is one of TLS 1.3's, which name no key exchange (RFC 8446 §B.4). */
    static boolean isTls13(String suite) {
        return suite.startsWith("TLS_") && !suite.contains("_WITH_") && !suite.endsWith("_SCSV");
    }

    /**
     * Whether a suite of the provider's defaults is kept when none are configured: TLS 1.3's, and
     * TLS 1.2's with forward secrecy (ECDHE or DHE) and an AEAD cipher (GCM, ChaCha20-Poly1305).
     * The JDK's defaults also hold CBC suites (LUCKY13's ground), and before JDK 24 suites of
     * plain RSA key exchange, without forward secrecy; every client of the last decade does
     * better, and a site that must serve older ones names them in its cipher list.
     */
    static boolean strongDefault(String suite) {
        if (isTls13(suite)) {
            return true;
        }
        boolean forwardSecret = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return forwardSecret && aead;
    }

    /**
     * The suites to enable: the configured ones, each of which the provider must support, after
     * TLS 1.3's defaults when they name none of TLS 1.3's and TLS 1.3 is on; the provider's
     * strong defaults ({@link #strongDefault}) when none are configured.
     */
    static List<String> resolve(List<String> configured, List<String> protocols, Set<String> supported, List<String> defaults)
            throws TlsConfigException {
        if (configured.isEmpty()) {
            return defaults.stream().filter(CipherSuites::strongDefault).toList();
        }
        for (String suite : configured) {
            if (!supported.contains(suite)) {
                throw new TlsConfigException("the cipher suite " + suite + " is not one the JDK's TLS provider supports");
            }
        }
        List<String> out = new ArrayList<>();
        if (protocols.contains("TLSv1.3") && configured.stream().noneMatch(CipherSuites::isTls13)) {
            defaults.stream().filter(CipherSuites::isTls13).forEach(out::add);
        }
        out.addAll(configured);
        return List.copyOf(out);
    }
}
