package dev.morello.http.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Turns a PEM private key block into a JDK {@link PrivateKey}, in each form CherryPy users have
 * keys in:
 * <ul>
 *   <li>{@code PRIVATE KEY}: PKCS#8 PrivateKeyInfo (RFC 5208, RFC 5958), read as is;</li>
 *   <li>{@code RSA PRIVATE KEY}: PKCS#1 RSAPrivateKey (RFC 8017 §A.1.2), wrapped in a
 *       PrivateKeyInfo with the rsaEncryption algorithm;</li>
 *   <li>{@code EC PRIVATE KEY}: SEC1 ECPrivateKey (RFC 5915), whose named curve moves into the
 *       PrivateKeyInfo's algorithm (id-ecPublicKey with that curve);</li>
 *   <li>{@code ENCRYPTED PRIVATE KEY}: PKCS#8 EncryptedPrivateKeyInfo (RFC 5958 §3), decrypted
 *       with the configured password by the JDK's PBE ciphers (PBES2 with PBKDF2 and AES, as
 *       {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes, and PBES1).</li>
 * </ul>
 * OpenSSL's legacy encryption of the PKCS#1 and SEC1 forms ({@code Proc-Type: 4,ENCRYPTED} with
 * {@code DEK-Info}) uses an MD5-based key derivation the JDK does not offer; it is refused with
 * the command that converts it.
 *
 * <p>Every failure is a {@link TlsConfigException} naming the file; no message holds the key or
 * the password.
 */
final class PrivateKeys {
    static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    static final String ED25519 = "1.3.101.112";
    static final String ED448 = "1.3.101.113";

    /** The JDK KeyFactory for each key algorithm a TLS server certificate can use. */
    private static final Map<String, String> KEY_FACTORIES = Map.of(
            RSA_ENCRYPTION, "RSA",
            RSASSA_PSS, "RSASSA-PSS",
            EC_PUBLIC_KEY, "EC",
            ED25519, "Ed25519",
            ED448, "Ed448");

    /** Key algorithms a server certificate cannot use, and why. */
    private static final Map<String, String> REFUSED = Map.of(
            "1.2.840.10040.4.1", "a DSA key, which TLS 1.3 cannot use",
            "1.3.101.110", "an X25519 key, which is for key agreement and cannot sign a handshake",
            "1.3.101.111", "an X448 key, which is for key agreement and cannot sign a handshake",
            "1.2.840.113549.1.3.1", "a Diffie-Hellman key, which cannot sign a handshake",
            "1.2.840.10046.2.1", "a Diffie-Hellman key, which cannot sign a handshake");

    /** The curves TLS 1.3 signs with (RFC 8446 §4.2.3) and the JDK's TLS supports. */
    private static final Map<String, String> CURVES = Map.of(
            "1.2.840.10045.3.1.7", "P-256",
            "1.3.132.0.34", "P-384",
            "1.3.132.0.35", "P-521");

    static final String SUPPORTED = "use an RSA key, an EC key on P-256, P-384 or P-521, or an Ed25519 key";

    private PrivateKeys() {
    }

    /** Whether the block's label is one of a private key, in any form (supported or not). */
    static boolean isPrivateKey(Pem.Block block) {
        return block.label().endsWith("PRIVATE KEY");
    }

    /** The key the block holds; {@code password} is for an encrypted key, else ignored. */
    static PrivateKey decode(Pem.Block block, Path file, String password) throws TlsConfigException {
        if (block.headers().containsKey("Proc-Type") || block.headers().containsKey("DEK-Info")) {
            throw new TlsConfigException(file, "the private key is encrypted in OpenSSL's legacy PEM form (Proc-Type and"
                    + " DEK-Info headers), which is not supported; convert it to encrypted PKCS#8 with:"
                    + " openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + file + " -out key.pem");
        }
        try {
            return switch (block.label()) {
                case "PRIVATE KEY" -> pkcs8(block.der(), file);
                case "RSA PRIVATE KEY" -> pkcs8(wrapPkcs1(block.der()), file);
                case "EC PRIVATE KEY" -> pkcs8(wrapSec1(block.der(), file), file);
                case "ENCRYPTED PRIVATE KEY" -> decrypt(block.der(), file, password);
                default -> throw new TlsConfigException(file, "the private key at line " + block.line() + " is in a form"
                        + " not supported ('" + block.label() + "'): use PKCS#8 ('PRIVATE KEY'), PKCS#1 ('RSA PRIVATE KEY'),"
                        + " SEC1 ('EC PRIVATE KEY') or encrypted PKCS#8 ('ENCRYPTED PRIVATE KEY')");
            };
        } catch (Der.MalformedException e) {
            throw new TlsConfigException(file, "the private key at line " + block.line() + " is damaged: " + e.getMessage());
        }
    }

    /** A PKCS#8 PrivateKeyInfo, through the KeyFactory its algorithm names. */
    static PrivateKey pkcs8(byte[] der, Path file) throws TlsConfigException, Der.MalformedException {
        // PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }
        Der.Reader info = Der.reader(der).next(Der.SEQUENCE).reader();
        int version = info.next(Der.INTEGER).smallInteger();
        if (version > 1) {
            throw new Der.MalformedException("a PrivateKeyInfo of version " + version);
        }
        Der.Reader algorithm = info.next(Der.SEQUENCE).reader();
        String oid = algorithm.next().objectIdentifier();
        String factory = KEY_FACTORIES.get(oid);
        if (factory == null) {
            String why = REFUSED.getOrDefault(oid, "a key of an algorithm not known here (OID " + oid + ")");
            throw new TlsConfigException(file, "unsupported key type: the file holds " + why + "; " + SUPPORTED);
        }
        if (oid.equals(EC_PUBLIC_KEY)) {
            checkCurve(algorithm.hasMore() ? algorithm.next() : null, file);
        }
        try {
            return KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (NoSuchAlgorithmException e) {
            throw new TlsConfigException(file, "unsupported key type: this JDK has no " + factory + " keys; " + SUPPORTED);
        } catch (InvalidKeySpecException e) {
            throw new TlsConfigException(file, "the " + factory + " private key cannot be decoded: the file is damaged");
        }
    }

    /** RFC 5480 §2.1.1: the parameters of an EC key are a named curve; only TLS's are taken. */
    private static void checkCurve(Der.Element parameters, Path file) throws TlsConfigException, Der.MalformedException {
        if (parameters == null || parameters.tag() != Der.OBJECT_IDENTIFIER) {
            throw new TlsConfigException(file, "the EC private key gives its curve by explicit parameters, not by name;"
                    + " write it with a named curve: openssl ec -in " + file + " -param_enc named_curve -out key.pem");
        }
        String curve = parameters.objectIdentifier();
        if (!CURVES.containsKey(curve)) {
            throw new TlsConfigException(file, "unsupported key type: an EC key on the curve with OID " + curve
                    + ", which TLS does not sign with; " + SUPPORTED);
        }
    }

    /** PKCS#1 RSAPrivateKey → PrivateKeyInfo { 0, { rsaEncryption, NULL }, OCTET STRING { the key } }. */
    static byte[] wrapPkcs1(byte[] rsaPrivateKey) throws Der.MalformedException {
        // RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, privateExponent, ... }:
        // check its outline here, so that a damaged key reads as damaged, not as another format.
        Der.Reader outer = Der.reader(rsaPrivateKey);
        Der.Reader fields = outer.next(Der.SEQUENCE).reader();
        outer.expectEnd();
        int version = fields.next(Der.INTEGER).smallInteger();
        if (version > 1) {
            throw new Der.MalformedException("an RSAPrivateKey of version " + version);
        }
        fields.next(Der.INTEGER);
        fields.next(Der.INTEGER);
        // RFC 8017 §A.1.1: the parameters field of rsaEncryption is NULL.
        return Der.sequence(
                Der.integer(0),
                Der.sequence(Der.objectIdentifier(RSA_ENCRYPTION), Der.nullValue()),
                Der.octetString(rsaPrivateKey));
    }

    /**
     * SEC1 ECPrivateKey → PrivateKeyInfo { 0, { id-ecPublicKey, namedCurve }, OCTET STRING { the
     * key without its parameters } }. RFC 5915 §3: in a PrivateKeyInfo the curve is in the
     * algorithm identifier, so the inner key leaves its optional parameters out.
     */
    static byte[] wrapSec1(byte[] ecPrivateKey, Path file) throws Der.MalformedException, TlsConfigException {
        // ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
        //                             parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
        Der.Reader outer = Der.reader(ecPrivateKey);
        Der.Reader fields = outer.next(Der.SEQUENCE).reader();
        outer.expectEnd();
        if (fields.next(Der.INTEGER).smallInteger() != 1) {
            throw new Der.MalformedException("an ECPrivateKey whose version is not 1");
        }
        Der.Element privateKey = fields.next(Der.OCTET_STRING);
        Der.Element parameters = null;
        Der.Element publicKey = null;
        while (fields.hasMore()) {
            Der.Element e = fields.next();
            if (e.tag() == Der.CONTEXT_0 && parameters == null && publicKey == null) {
                parameters = e;
            } else if (e.tag() == Der.CONTEXT_1 && publicKey == null) {
                publicKey = e;
            } else {
                throw new Der.MalformedException("an ECPrivateKey with an unexpected field");
            }
        }
        if (parameters == null) {
            throw new TlsConfigException(file, "the EC private key names no curve (its optional parameters are left"
                    + " out); write it again with its curve, or as PKCS#8 ('PRIVATE KEY')");
        }
        // ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER, implicitCurve NULL, specifiedCurve SpecifiedECDomain }
        Der.Reader choice = parameters.reader();
        Der.Element curve = choice.next();
        choice.expectEnd();
        checkCurve(curve, file);
        byte[] inner = publicKey == null
                ? Der.sequence(Der.integer(1), privateKey.encoded())
                : Der.sequence(Der.integer(1), privateKey.encoded(), publicKey.encoded());
        return Der.sequence(
                Der.integer(0),
                Der.sequence(Der.objectIdentifier(EC_PUBLIC_KEY), curve.encoded()),
                Der.octetString(inner));
    }

    /** An EncryptedPrivateKeyInfo, decrypted with the password into a PrivateKeyInfo. */
    private static PrivateKey decrypt(byte[] der, Path file, String password) throws TlsConfigException {
        if (password == null) {
            throw new TlsConfigException(file, "the private key is encrypted and no password is set for it");
        }
        EncryptedPrivateKeyInfo encrypted;
        try {
            encrypted = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new TlsConfigException(file, "the encrypted private key cannot be decoded: the file is damaged");
        }
        String algorithm = encrypted.getAlgName();
        // Before JDK 21 a PBES2 key names itself "PBES2", its parameters the actual scheme
        // ("PBEWithHmacSHA256AndAES_256"); the cipher and key factory go by the latter.
        if ((algorithm.equals("PBES2") || algorithm.equals("1.2.840.113549.1.5.13")) && encrypted.getAlgParameters() != null) {
            algorithm = encrypted.getAlgParameters().toString();
        }
        Cipher cipher;
        SecretKeyFactory keys;
        try {
            cipher = Cipher.getInstance(algorithm);
            keys = SecretKeyFactory.getInstance(algorithm);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new TlsConfigException(file, "the private key is encrypted with a scheme the JDK does not offer ("
                    + algorithm + "); re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + file + " -out key.pem");
        }
        char[] secret = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(secret);
        byte[] plain = null;
        try {
            SecretKey key = keys.generateSecret(spec);
            cipher.init(Cipher.DECRYPT_MODE, key, encrypted.getAlgParameters());
            plain = encrypted.getKeySpec(cipher).getEncoded();
        } catch (InvalidKeySpecException e) {
            // A wrong password decrypts to bytes whose padding, or then whose structure, is wrong.
            throw new TlsConfigException(file, "the private key cannot be decrypted: wrong password (or a damaged file)");
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(file, "the private key cannot be decrypted (" + e.getClass().getSimpleName() + ")");
        } finally {
            spec.clearPassword();
            Arrays.fill(secret, '\0');
        }
        try {
            return pkcs8(plain, file);
        } catch (Der.MalformedException e) {
            // Padding that happens to check out after decryption with a wrong key.
            throw new TlsConfigException(file, "the private key cannot be decrypted: wrong password (or a damaged file)");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
