package dev.morello.http.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which certificate answers which host name: exact names first, then one-label wildcards, then
 * the default (the first configured); among candidates, the first of the key type asked for.
 * The handshake tests check the same through real ClientHellos.
 */
class SniSelectionTest {
    private static PrivateKey key(String algorithm) throws Exception {
        return KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPrivate();
    }

    private static SniKeyManager.Entry entry(String alias, PrivateKey key, String... patterns) {
        return new SniKeyManager.Entry(alias, key, new X509Certificate[0], SniKeyManager.keyType(key),
                List.of(patterns).stream().map(HostNames::pattern).toList());
    }

    private static SniKeyManager manager() throws Exception {
        PrivateKey rsa = key("RSA");
        PrivateKey ec = key("EC");
        return new SniKeyManager(List.of(
                entry("default", rsa),
                entry("a-rsa", rsa, "a.test"),
                entry("a-ec", ec, "a.test"),
                entry("wild", ec, "*.b.test"),
                entry("exact-b", rsa, "www.b.test")));
    }

    @ParameterizedTest
    @CsvSource({
        "a.test,           a-rsa",
        "x.b.test,         wild",
        "www.b.test,       exact-b",
        "b.test,           default",
        "y.x.b.test,       default",
        "c.test,           default",
    })
    void picksByNameThenWildcardThenDefault(String host, String alias) throws Exception {
        assertEquals(alias, manager().candidates(host).get(0).alias());
    }

    @Test
    void withoutSniTheDefaultAnswers() throws Exception {
        assertEquals(List.of("default"), manager().candidates(null).stream().map(SniKeyManager.Entry::alias).toList());
    }

    @Test
    void severalCertificatesOfOneHostAreCandidatesInOrder() throws Exception {
        assertEquals(List.of("a-rsa", "a-ec"),
                manager().candidates("a.test").stream().map(SniKeyManager.Entry::alias).toList());
    }

    @Test
    void serverAliasesAreThoseOfTheKeyType() throws Exception {
        SniKeyManager m = manager();
        assertArrayEquals(new String[] {"a-ec", "wild"}, m.getServerAliases("EC", null));
        assertArrayEquals(new String[] {"default", "a-rsa", "exact-b"}, m.getServerAliases("RSA", null));
        assertNull(m.getServerAliases("EdDSA", null));
    }

    @Test
    void edwardsKeysServeTheEdDsaType() throws Exception {
        assertEquals("EdDSA", SniKeyManager.keyType(key("Ed25519")));
    }

    @Test
    void choosesNoClientAlias() throws Exception {
        SniKeyManager m = manager();
        assertNull(m.chooseClientAlias(new String[] {"RSA", "EC"}, null, null));
        assertNull(m.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null));
        assertNull(m.getClientAliases("RSA", null));
    }

    @Test
    void withoutAHandshakeTheDefaultOfTheTypeIsChosen() throws Exception {
        SniKeyManager m = manager();
        assertEquals("default", m.chooseEngineServerAlias("RSA", null, null));
        // the default certificate is RSA: an EC handshake without SNI finds none
        assertNull(m.chooseEngineServerAlias("EC", null, null));
    }
}
