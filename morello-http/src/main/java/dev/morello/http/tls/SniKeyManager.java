package dev.morello.http.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the server's certificate by the host name the client asked for in its ClientHello's
 * server_name extension (SNI, RFC 6066 §3).
 *
 * <p>During a handshake the JDK asks {@link #chooseEngineServerAlias} (or, on an
 * {@code SSLSocket}, {@link #chooseServerAlias}) for an alias of a key type it can use ("RSA",
 * "RSASSA-PSS", "EC", "EdDSA"), once for each type until one is given. The name comes from the
 * handshake session: {@link ExtendedSSLSession#getRequestedServerNames()}. The candidates are,
 * in this order, the certificates naming that host exactly, those whose wildcard covers it, and
 * failing both (or without SNI) the default certificate, the first configured; among them the
 * first of the asked key type is chosen. Only when none is of that type does the JDK go on to
 * the next type or fail the handshake, so an unknown name gets the default certificate rather
 * than an alert, as web servers do.
 *
 * <p>It serves the server side only: the client methods choose nothing.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    /** One certificate with its key; {@code alias} is its index as text. */
    record Entry(String alias, PrivateKey key, X509Certificate[] chain, String keyType, List<String> hostPatterns) {
    }

    private final List<Entry> entries;
    private final Map<String, List<Entry>> byName = new HashMap<>();
    private final Map<String, List<Entry>> byWildcardDomain = new HashMap<>();

    /** {@code entries} in configuration order: the first is the default. */
    SniKeyManager(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a server needs a certificate");
        }
        this.entries = List.copyOf(entries);
        for (Entry e : this.entries) {
            for (String pattern : e.hostPatterns()) {
                if (HostNames.isWildcard(pattern)) {
                    byWildcardDomain.computeIfAbsent(HostNames.wildcardDomain(pattern), k -> new ArrayList<>()).add(e);
                } else {
                    byName.computeIfAbsent(pattern, k -> new ArrayList<>()).add(e);
                }
            }
        }
    }

    /** The key type the JDK asks for that a key serves: EdDSA for Ed25519 and Ed448 keys too. */
    static String keyType(PrivateKey key) {
        String algorithm = key.getAlgorithm();
        return algorithm.equals("Ed25519") || algorithm.equals("Ed448") ? "EdDSA" : algorithm;
    }

    /** The certificates that answer for {@code hostName} ({@code null} for none sent), best first. */
    List<Entry> candidates(String hostName) {
        if (hostName != null) {
            List<Entry> exact = byName.get(hostName);
            if (exact != null) {
                return exact;
            }
            String parent = HostNames.parentDomain(hostName);
            List<Entry> wildcard = parent == null ? null : byWildcardDomain.get(parent);
            if (wildcard != null) {
                return wildcard;
            }
        }
        return List.of(entries.get(0));
    }

    private String choose(String keyType, SSLSession handshake) {
        for (Entry e : candidates(requestedHostName(handshake))) {
            if (e.keyType().equals(keyType)) {
                return e.alias();
            }
        }
        return null;
    }

    /** The host name of the ClientHello's server_name extension, or {@code null}. */
    static String requestedHostName(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession session)) {
            return null;
        }
        List<SNIServerName> names;
        try {
            names = session.getRequestedServerNames();
        } catch (UnsupportedOperationException e) {
            return null;
        }
        for (SNIServerName name : names) {
            if (name.getType() != StandardConstants.SNI_HOST_NAME) {
                continue;
            }
            try {
                String ascii = name instanceof SNIHostName host ? host.getAsciiName() : new SNIHostName(name.getEncoded()).getAsciiName();
                return HostNames.requested(ascii);
            } catch (IllegalArgumentException e) {
                // RFC 6066 §3: a host_name that is not a DNS name; treat it as none sent.
                return null;
            }
        }
        return null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String[] aliases = entries.stream().filter(e -> e.keyType().equals(keyType)).map(Entry::alias).toArray(String[]::new);
        return aliases.length == 0 ? null : aliases;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Entry e = entry(alias);
        return e == null ? null : e.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Entry e = entry(alias);
        return e == null ? null : e.key();
    }

    private Entry entry(String alias) {
        for (Entry e : entries) {
            if (e.alias().equals(alias)) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
