package dev.morello.http.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Loads a server's private key and certificate chain from a {@link KeySource}, and checks what
 * OpenSSL checks before serving: a certificate is there, exactly one private key is, of a type
 * TLS can sign with, and it is the key of the first certificate (their public keys are the same).
 */
final class Identities {
    /** Signed with the private key and checked with the certificate's public key. */
    private static final byte[] CHALLENGE = "does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

    private Identities() {
    }

    /** A private key and its chain, the server's own certificate first. */
    record Loaded(PrivateKey key, List<X509Certificate> chain) {
        Loaded {
            chain = List.copyOf(chain);
        }
    }

    static Loaded load(KeySource source) throws TlsConfigException {
        return switch (source) {
            case KeySource.PemFiles pem -> loadPem(pem);
            case KeySource.Pkcs12File store -> loadPkcs12(store);
        };
    }

    private static Loaded loadPem(KeySource.PemFiles source) throws TlsConfigException {
        Path certificateFile = source.certificate();
        Path keyFile = source.privateKey();
        boolean oneFile = keyFile.equals(certificateFile);
        List<Pem.Block> certificateBlocks = MaterialFiles.readPem(certificateFile, oneFile ? "certificate and key" : "certificate");
        List<X509Certificate> chain = new ArrayList<>(certificates(certificateFile, certificateBlocks));
        if (chain.isEmpty()) {
            throw new TlsConfigException(certificateFile, "the certificate file holds no certificate"
                    + " (no '-----BEGIN CERTIFICATE-----' block)");
        }
        if (source.chain() != null) {
            List<X509Certificate> more = certificates(source.chain(), MaterialFiles.readPem(source.chain(), "certificate chain"));
            if (more.isEmpty()) {
                throw new TlsConfigException(source.chain(), "the certificate chain file holds no certificate"
                        + " (no '-----BEGIN CERTIFICATE-----' block)");
            }
            chain.addAll(more);
        }

        List<Pem.Block> keyBlocks = oneFile ? certificateBlocks : MaterialFiles.readPem(keyFile, "private key");
        List<Pem.Block> keys = keyBlocks.stream().filter(PrivateKeys::isPrivateKey).toList();
        if (keys.isEmpty()) {
            throw new TlsConfigException(keyFile, "the " + (oneFile ? "certificate and key" : "private key")
                    + " file holds no private key (no '-----BEGIN ... PRIVATE KEY-----' block)");
        }
        if (keys.size() > 1) {
            List<Integer> lines = keys.stream().map(Pem.Block::line).toList();
            throw new TlsConfigException(keyFile, "the file holds " + keys.size() + " private keys (at lines "
                    + lines + "); keep only the one of the certificate");
        }
        PrivateKey key = PrivateKeys.decode(keys.get(0), keyFile, source.password());
        checkUsable(key, keyFile);
        checkPair(key, chain.get(0), keyFile, certificateFile);
        return new Loaded(key, chain);
    }

    /** The CERTIFICATE blocks of a file, parsed, in order; other blocks are not this method's. */
    static List<X509Certificate> certificates(Path file, List<Pem.Block> blocks) throws TlsConfigException {
        CertificateFactory factory = x509();
        List<X509Certificate> out = new ArrayList<>();
        for (Pem.Block block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new TlsConfigException(file, "the certificate at line " + block.line() + " cannot be decoded: the"
                        + " file is damaged");
            }
        }
        return out;
    }

    static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every JDK has X.509 certificates", e);
        }
    }

    private static Loaded loadPkcs12(KeySource.Pkcs12File source) throws TlsConfigException {
        Path file = source.store();
        KeyStore store = loadStore(file, source.password(), "key store");
        char[] password = source.password().toCharArray();
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            String alias = source.alias();
            if (alias == null) {
                if (keyAliases.isEmpty()) {
                    throw new TlsConfigException(file, "the key store holds no private key entry");
                }
                alias = keyAliases.get(0);
            } else if (!store.containsAlias(alias)) {
                throw new TlsConfigException(file, "the key store has no entry named '" + alias + "' (its private key"
                        + " entries: " + keyAliases + ")");
            } else if (!store.isKeyEntry(alias)) {
                throw new TlsConfigException(file, "the key store's entry '" + alias + "' is not a private key entry"
                        + " (its private key entries: " + keyAliases + ")");
            }
            Key key;
            try {
                key = store.getKey(alias, password);
            } catch (UnrecoverableKeyException e) {
                throw new TlsConfigException(file, "the private key of entry '" + alias + "' has a password other than"
                        + " the store's; give both the same password");
            }
            if (!(key instanceof PrivateKey privateKey)) {
                throw new TlsConfigException(file, "the key store's entry '" + alias + "' holds a secret key, not a"
                        + " private key");
            }
            Certificate[] certificates = store.getCertificateChain(alias);
            if (certificates == null || certificates.length == 0) {
                throw new TlsConfigException(file, "the key store's entry '" + alias + "' has no certificate");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certificates) {
                if (!(c instanceof X509Certificate x509)) {
                    throw new TlsConfigException(file, "the key store's entry '" + alias + "' has a certificate that is"
                            + " not X.509");
                }
                chain.add(x509);
            }
            checkUsable(privateKey, file);
            checkPair(privateKey, chain.get(0), file, file);
            return new Loaded(privateKey, chain);
        } catch (KeyStoreException | NoSuchAlgorithmException e) {
            throw new TlsConfigException(file, "the key store cannot be read (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** A PKCS#12 store, opened with its password; {@code what} is its role in messages. */
    static KeyStore loadStore(Path file, String password, String what) throws TlsConfigException {
        byte[] bytes = MaterialFiles.read(file, what);
        if (MaterialFiles.looksLikePem(bytes)) {
            throw new TlsConfigException(file, "the " + what + " file is PEM, not PKCS#12: configure it as PEM instead");
        }
        char[] secret = password.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), secret);
            return store;
        } catch (IOException e) {
            // The JDK reports a password that fails the store's integrity check, or that cannot
            // decrypt its contents, as an IOException caused by UnrecoverableKeyException.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsConfigException(file, "the " + what + " cannot be opened: wrong password");
            }
            throw new TlsConfigException(file, "the " + what + " file is not a PKCS#12 store, or is damaged");
        } catch (NoSuchAlgorithmException e) {
            throw new TlsConfigException(file, "the " + what + " is protected with an algorithm the JDK does not offer;"
                    + " write it again with: openssl pkcs12 -export (OpenSSL 3's defaults) or keytool");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(file, "the " + what + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** Refuses keys a TLS server cannot sign its handshake with. */
    static void checkUsable(PrivateKey key, Path file) throws TlsConfigException {
        String algorithm = key.getAlgorithm();
        boolean usable = switch (algorithm) {
            case "RSA", "RSASSA-PSS", "EC", "EdDSA", "Ed25519", "Ed448" -> true;
            default -> false;
        };
        if (!usable) {
            throw new TlsConfigException(file, "unsupported key type: " + algorithm + "; " + PrivateKeys.SUPPORTED);
        }
    }

    /**
     * Fails unless {@code key} is the private half of {@code certificate}'s public key. RSA keys
     * compare their modulus (and public exponent when the private key carries it); EC and EdDSA
     * keys, whose public half the JDK cannot derive, compare their curve and then sign a
     * challenge that the certificate's key must verify.
     */
    static void checkPair(PrivateKey key, X509Certificate certificate, Path keyFile, Path certificateFile)
            throws TlsConfigException {
        PublicKey publicKey = certificate.getPublicKey();
        if (!matches(key, publicKey)) {
            String where = keyFile.equals(certificateFile) ? "in the same file" : "in " + certificateFile;
            throw new TlsConfigException(keyFile, "the private key does not match the certificate " + where
                    + " (" + certificate.getSubjectX500Principal().getName() + "): their public keys differ");
        }
    }

    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
            if (!rsa.getModulus().equals(rsaPublic.getModulus())) {
                return false;
            }
            return !(key instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(rsaPublic.getPublicExponent());
        }
        if (key instanceof ECKey ec && publicKey instanceof ECKey ecPublic) {
            ECParameterSpec a = ec.getParams();
            ECParameterSpec b = ecPublic.getParams();
            if (!a.getCurve().equals(b.getCurve()) || !a.getOrder().equals(b.getOrder())) {
                return false;
            }
            return signs(key, publicKey, "SHA256withECDSA");
        }
        if (key instanceof EdECKey ed && publicKey instanceof EdECKey edPublic) {
            String curve = ed.getParams().getName();
            return curve.equals(edPublic.getParams().getName()) && signs(key, publicKey, curve);
        }
        return false;
    }

    private static boolean signs(PrivateKey key, PublicKey publicKey, String algorithm) {
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(CHALLENGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
