package dev.morello.tools.std.auth;

import dev.morello.HeaderMap;
import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.internal.HttpTokens;
import dev.morello.internal.Log;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import dev.morello.tools.std.cors.CorsTool;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CherryPy's {@code auth_digest} tool: HTTP Digest authentication (RFC 7616) at
 * {@code before_handler}, priority 1, with MD5 and SHA-256.
 *
 * <pre>{@code
 * Morello.tree().mount(new Admin(), "/admin", Map.of("/", Tools.on("auth_digest",
 *         "realm", "admin area",
 *         "get_ha1", AuthDigest.getHa1DictPlain(Map.of("alice", "s3cret")),
 *         "key", "a long random server secret")));
 * }</pre>
 * In a config file, {@code get_ha1} names a public static method
 * {@code String ha1(String realm, String user)}, or {@code htdigest} names an Apache htdigest file.
 *
 * <h2>The challenge</h2>
 * A request without acceptable credentials gets {@code 401} with one {@code WWW-Authenticate} per
 * algorithm in {@code algorithm} (SHA-256 first by default: RFC 7616 §3.7 has the server list its
 * preference first):
 * <pre>
 * WWW-Authenticate: Digest realm="r", qop="auth, auth-int", algorithm=SHA-256, nonce="...", charset=UTF-8
 * </pre>
 * with {@code stale=true} when the credentials were right but the nonce is too old or used up, so
 * the client retries without asking the user again. The nonce is
 * {@code time:random:HMAC-SHA256(key, time:random:realm)}: the server keeps nothing to check it, and
 * it is stale 600 seconds after it was made. (CherryPy's nonce is {@code time:MD5(time:realm:key)};
 * the random part gives every challenge its own nonce, which nonce-count tracking needs.) Without
 * {@code key} a random key is made once per process, so nonces do not outlive a restart.
 *
 * <h2>Checking the answer</h2>
 * <ul>
 * <li>An {@code Authorization: Digest} header outside the grammar, without {@code username},
 *     {@code realm}, {@code nonce}, {@code uri}, {@code response}, {@code qop}, {@code cnonce} or
 *     {@code nc} (RFC 7616 dropped RFC 2069's answers without {@code qop}), with an unknown
 *     {@code algorithm} or {@code qop}, an {@code nc} that is not 8 hex digits, or a {@code uri}
 *     that is not the request's target (RFC 7616 §3.4.6): {@code 400}.
 * <li>Another realm, a nonce this server did not make, an unknown user, or a wrong
 *     {@code response}: {@code 401}. Responses are compared in constant time.
 * <li>Right, but the nonce is stale, or its {@code nc} is not above every {@code nc} seen with it (a
 *     replay): {@code 401} with {@code stale=true}. The counts of at most 10,000 nonces are kept, in
 *     this process only; a nonce forgotten for room is refused as
 *     used, never taken as new.
 * <li>Accepted: {@link Request#login} is the user name.
 * </ul>
 * {@code username*} (RFC 8187 encoding) is understood; {@code userhash=true} is refused with 400,
 * since the challenge never offers it. The user name is decoded in {@code accept_charset}
 * (ISO-8859-1 as the fallback) and NFC-normalized. {@code MD5-sess} and {@code SHA-256-sess} are
 * accepted when listed in {@code algorithm}.
 *
 * <h2>{@code qop=auth-int}</h2>
 * The response covers a hash of the body, so for such a request the tool reads the body itself, at
 * {@code before_request_body}, before any body processor: the body is then not processed into
 * parameters, and the handler finds its bytes with {@link #body(Request)}.
 *
 * <h2>Where HA1 comes from</h2>
 * {@code get_ha1} is a {@link HA1Source}: {@code H(user:realm:password)} in hex for a user, or
 * null. An HA1 fits one algorithm only: a 32-digit one is MD5's, a 64-digit one SHA-256's, and a
 * source that can compute any (as {@link #getHa1DictPlain}) overrides
 * {@link HA1Source#ha1(String, String, String)}. A user whose HA1 does not fit the algorithm the
 * client chose is refused like a wrong password; with MD5-only sources (htdigest files), set
 * {@code algorithm = ["MD5"]}.
 */
public final class AuthDigest {
    /** The tool's name in config: {@code tools.auth_digest}. */
    public static final String NAME = "auth_digest";

    /** The request attribute holding the body of a {@code qop=auth-int} request (a {@code byte[]}). */
    public static final String BODY_ATTRIBUTE = "morello.auth_digest.body";

    /** Seconds a nonce stays fresh, as CherryPy's. */
    static final long NONCE_LIFETIME = 600;
    /** Nonces whose counts are kept. */
    static final int NONCE_MEMORY = 10_000;

    private static final Log ERROR_LOG = Log.named("morello.error", "TOOLS.AUTH_DIGEST");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PROCESS_KEY = randomBytes(32);
    private static final AuthNonces NONCES = new AuthNonces(NONCE_MEMORY, NONCE_LIFETIME);
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> ALGORITHMS = List.of("MD5", "MD5-sess", "SHA-256", "SHA-256-sess");

    /**
     * HA1 values for users, as CherryPy's {@code get_ha1(realm, user)}: the hex digest of
     * {@code user:realm:password}, or null for an unknown user.
     */
    @FunctionalInterface
    public interface HA1Source {
        String ha1(String realm, String user) throws Exception;

        /**
         * The HA1 for an algorithm ({@code MD5} or {@code SHA-256}): by default the two-argument
         * HA1 when its length is that algorithm's, else null.
         */
        default String ha1(String realm, String user, String algorithm) throws Exception {
            String h = ha1(realm, user);
            return h != null && h.length() == hexLength(algorithm) ? h : null;
        }
    }

    private AuthDigest() {
    }

    /** Registers the {@code auth_digest} tool and its keys. */
    public static void register(Toolbox tools) {
        tools.register(tool());
    }

    /** A new {@code auth_digest} tool, for a toolbox of one's own. */
    public static Tool tool() {
        return Tool.of(NAME, HookPoint.BEFORE_HANDLER, 1, AuthDigest::digestPlan)
                .arg("realm", Key.Type.STRING, null, "the protection space named in the challenge")
                .arg("get_ha1", Key.Type.OBJECT, null, "HA1 for (realm, user): an HA1Source or Class::method")
                .arg("htdigest", Key.Type.STRING, null, "an Apache htdigest file to read HA1 from, instead of get_ha1")
                .arg("key", Key.Type.STRING, null, "server secret the nonces are signed with; random per process when unset")
                .arg("accept_charset", Key.Type.STRING, "utf-8", "charset user names are decoded in (ISO-8859-1 is the fallback)")
                .arg("algorithm", Key.Type.LIST, List.of("SHA-256", "MD5"),
                        "algorithms offered, preferred first: MD5, SHA-256, MD5-sess, SHA-256-sess");
    }

    /** The body of a {@code qop=auth-int} request, read by the tool; null for other requests. */
    public static byte[] body(Request request) {
        return request.attribute(BODY_ATTRIBUTE);
    }

    // ---- credential sources ----------------------------------------------------------------

    /** HA1 from plain passwords (user → password), for any algorithm. */
    public static HA1Source getHa1DictPlain(Map<String, String> userPassword) {
        Map<String, String> copy = Map.copyOf(userPassword);
        return new HA1Source() {
            @Override
            public String ha1(String realm, String user) {
                return ha1(realm, user, "MD5");
            }

            @Override
            public String ha1(String realm, String user, String algorithm) {
                String password = copy.get(user);
                return password == null ? null : hash(algorithm, user + ":" + realm + ":" + password);
            }
        };
    }

    /** HA1 values as stored (user → hex HA1); each fits the algorithm its length says. */
    public static HA1Source getHa1Dict(Map<String, String> userHa1) {
        Map<String, String> copy = Map.copyOf(userHa1);
        return (realm, user) -> copy.get(user);
    }

    /**
     * HA1 values from an Apache htdigest file ({@code user:realm:md5hex} lines, as the
     * {@code htdigest} utility writes them), read again when the file changes. Blank lines are
     * skipped; malformed lines are skipped with a warning.
     */
    public static HA1Source getHa1FileHtdigest(Path file) {
        record Snapshot(FileTime modified, long size, Map<String, String> byUserRealm) {
        }
        AtomicReference<Snapshot> current = new AtomicReference<>();
        return (realm, user) -> {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Snapshot s = current.get();
            if (s == null || !s.modified().equals(modified) || s.size() != size) {
                s = new Snapshot(modified, size, readHtdigest(file));
                current.set(s);
            }
            return s.byUserRealm().get(user + ":" + realm);
        };
    }

    private static Map<String, String> readHtdigest(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int last = line.lastIndexOf(':');
            int first = line.indexOf(':');
            String ha1 = last < 0 ? "" : line.substring(last + 1).trim();
            if (first < 0 || first == last || ha1.length() != 32 || !isHex(ha1)) {
                ERROR_LOG.warn("{} line {}: not user:realm:md5hex; skipped", file, n);
                continue;
            }
            out.put(line.substring(0, last), ha1.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    // ---- the tool --------------------------------------------------------------------------

    private static List<Tool.Setup> digestPlan(ToolArgs args, int priority) {
        Settings s = Settings.of(args);
        Hook body = new Hook(s::readBody, false, priority);
        Hook check = new Hook(s::check, false, priority);
        return List.of(request -> {
            request.hooks().attach(HookPoint.BEFORE_REQUEST_BODY, body);
            request.hooks().attach(HookPoint.BEFORE_HANDLER, check);
        });
    }

    private record Settings(String realm, HA1Source source, byte[] key, Charset charset, List<String> algorithms) {
        static Settings of(ToolArgs args) {
            String realm = args.string("realm", null);
            if (realm == null) {
                throw new IllegalArgumentException("tools.auth_digest.realm is required");
            }
            AuthBasic.checkRealm("tools.auth_digest.realm", realm);
            HA1Source source = source(args);
            String key = args.string("key", null);
            Charset charset = AuthBasic.charset("tools.auth_digest.accept_charset", args.string("accept_charset", "utf-8"));
            List<String> algorithms = new ArrayList<>();
            for (String a : args.strings("algorithm", List.of("SHA-256", "MD5"))) {
                String known = canonical(a.trim());
                if (known == null) {
                    throw new IllegalArgumentException("tools.auth_digest.algorithm: unsupported algorithm '" + a
                            + "' (MD5, SHA-256, MD5-sess, SHA-256-sess)");
                }
                if (!algorithms.contains(known)) {
                    algorithms.add(known);
                }
            }
            if (algorithms.isEmpty()) {
                throw new IllegalArgumentException("tools.auth_digest.algorithm must name at least one algorithm");
            }
            byte[] k = key == null || key.isEmpty() ? PROCESS_KEY : key.getBytes(StandardCharsets.UTF_8);
            return new Settings(realm, source, k, charset, List.copyOf(algorithms));
        }

        private static HA1Source source(ToolArgs args) {
            String k = "tools.auth_digest.get_ha1";
            Object value = args.get("get_ha1");
            String htdigest = args.string("htdigest", null);
            if (value == null && htdigest != null && !htdigest.isEmpty()) {
                return getHa1FileHtdigest(Path.of(htdigest));
            }
            if (value == null) {
                throw new IllegalArgumentException(k + " (or tools.auth_digest.htdigest) is required");
            }
            if (value instanceof HA1Source s) {
                return s;
            }
            if (value instanceof Path p) {
                return getHa1FileHtdigest(p);
            }
            String ref = AuthCallables.reference(value);
            if (ref != null) {
                Method m = AuthCallables.staticMethod(k, ref, String.class, String.class, String.class);
                return (realm, user) -> (String) AuthCallables.call(m, realm, user);
            }
            HA1Source made = AuthCallables.instance(k, value, HA1Source.class);
            if (made != null) {
                return made;
            }
            throw new IllegalArgumentException(k + " must be an HA1Source or Class::method, not " + value);
        }

        /** For {@code qop=auth-int}, reads the body before a processor can, to hash it. */
        void readBody(Request request) throws IOException {
            Map<String, String> p = credentials(request);
            if (p != null && "auth-int".equalsIgnoreCase(p.get("qop"))) {
                request.attribute(BODY_ATTRIBUTE, request.body().bytes());
                request.processRequestBody(false);
            }
        }

        void check(Request request) throws Exception {
            if (CorsTool.isPreflight(request)) {
                return;
            }
            long now = request.time().getEpochSecond();
            Map<String, String> p = credentials(request);
            if (p == null) {
                throw challenge(request, now, false);
            }
            for (String required : List.of("realm", "nonce", "uri", "response", "qop", "cnonce", "nc")) {
                if (p.get(required) == null) {
                    throw bad("no " + required);
                }
            }
            String user = user(p);
            if ("true".equalsIgnoreCase(p.get("userhash"))) {
                throw bad("userhash is not offered");
            }
            String algorithm = canonical(p.getOrDefault("algorithm", "MD5"));
            if (algorithm == null) {
                throw bad("unknown algorithm");
            }
            String qop = p.get("qop").toLowerCase(Locale.ROOT);
            if (!qop.equals("auth") && !qop.equals("auth-int")) {
                throw bad("unknown qop");
            }
            String nc = p.get("nc");
            if (nc.length() != 8 || !isHex(nc)) {
                throw bad("nc is not 8 hex digits");
            }
            if (!sameTarget(p.get("uri"), request.exchange().target())) {
                throw bad("uri is not the request target");
            }
            if (!algorithms.contains(algorithm) || !p.get("realm").equals(realm)) {
                throw challenge(request, now, false);
            }
            String nonce = p.get("nonce");
            long issued = verifyNonce(nonce, now);
            if (issued == Long.MIN_VALUE) {
                throw challenge(request, now, false);
            }
            boolean sess = algorithm.endsWith("-sess");
            String base = sess ? algorithm.substring(0, algorithm.length() - 5) : algorithm;
            String ha1 = source.ha1(realm, user, base);
            if (ha1 == null || ha1.length() != hexLength(base) || !isHex(ha1)) {
                throw challenge(request, now, false);
            }
            ha1 = ha1.toLowerCase(Locale.ROOT);
            if (sess) {
                // RFC 7616 §3.4.2: the session HA1 folds in both nonces
                ha1 = hash(base, ha1 + ":" + nonce + ":" + p.get("cnonce"));
            }
            String a2 = request.method() + ":" + p.get("uri");
            if (qop.equals("auth-int")) {
                byte[] body = body(request);
                a2 += ":" + hash(base, body == null ? new byte[0] : body);
            }
            String expected = hash(base, ha1 + ":" + nonce + ":" + nc + ":" + p.get("cnonce") + ":" + p.get("qop")
                    + ":" + hash(base, a2));
            byte[] given = p.get("response").toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.US_ASCII))) {
                throw challenge(request, now, false);
            }
            if (now - issued > NONCE_LIFETIME) {
                throw challenge(request, now, true);
            }
            if (!NONCES.use(nonce, issued, Long.parseLong(nc, 16), now)) {
                throw challenge(request, now, true);
            }
            request.login(user);
        }

        /** The parameters of a Digest {@code Authorization} header; null when there is none (or another scheme). */
        private static Map<String, String> credentials(Request request) {
            String header = request.headers().get("Authorization");
            if (header == null) {
                return null;
            }
            String h = header.trim();
            int sp = h.indexOf(' ');
            String scheme = sp < 0 ? h : h.substring(0, sp);
            if (!scheme.equalsIgnoreCase("Digest")) {
                return null;
            }
            Map<String, String> p = sp < 0 ? null : AuthParams.parse(h.substring(sp + 1));
            if (p == null) {
                throw bad("not a list of parameters");
            }
            return p;
        }

        private String user(Map<String, String> p) {
            String plain = p.get("username");
            String extended = p.get("username*");
            if (plain != null && extended != null) {
                throw bad("both username and username*");
            }
            String user;
            if (extended != null) {
                user = extendedValue(extended);
            } else if (plain != null) {
                user = AuthBasic.decode(plain.getBytes(StandardCharsets.ISO_8859_1), charset);
            } else {
                throw bad("no username");
            }
            return Normalizer.normalize(user, Normalizer.Form.NFC);
        }

        /** RFC 8187 §3.2: {@code charset "'" [ language ] "'" value-chars}, UTF-8 or ISO-8859-1. */
        private static String extendedValue(String v) {
            int q1 = v.indexOf('\'');
            int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
            if (q2 < 0) {
                throw bad("username* is not charset'lang'value");
            }
            String cs = v.substring(0, q1);
            Charset charset;
            if (cs.equalsIgnoreCase("UTF-8")) {
                charset = StandardCharsets.UTF_8;
            } else if (cs.equalsIgnoreCase("ISO-8859-1")) {
                charset = StandardCharsets.ISO_8859_1;
            } else {
                throw bad("username* charset is not UTF-8 or ISO-8859-1");
            }
            String value = v.substring(q2 + 1);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '+' || !(c == '%' || HttpTokens.isTchar(c))) {
                    throw bad("username* has a character outside attr-char");
                }
            }
            try {
                return URLDecoder.decode(value, charset);
            } catch (IllegalArgumentException e) {
                throw bad("username* has a bad percent-encoding");
            }
        }

        /** The nonce's issue time when this server made it with this key and realm, else MIN_VALUE. */
        private long verifyNonce(String nonce, long now) {
            int c1 = nonce.indexOf(':');
            int c2 = c1 < 0 ? -1 : nonce.indexOf(':', c1 + 1);
            if (c2 < 0) {
                return Long.MIN_VALUE;
            }
            String ts = nonce.substring(0, c1);
            if (ts.isEmpty() || ts.length() > 12) {
                return Long.MIN_VALUE;
            }
            long issued = 0;
            for (int i = 0; i < ts.length(); i++) {
                char c = ts.charAt(i);
                if (c < '0' || c > '9') {
                    return Long.MIN_VALUE;
                }
                issued = issued * 10 + (c - '0');
            }
            String expected = mac(key, nonce.substring(0, c2), realm);
            byte[] given = nonce.substring(c2 + 1).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.US_ASCII))) {
                return Long.MIN_VALUE;
            }
            // a nonce from the future was not made by this clock
            return issued > now + 60 ? Long.MIN_VALUE : issued;
        }

        /** A 401 to throw, with a challenge per algorithm (all sharing one fresh nonce issued {@code now}). */
        private HttpError challenge(Request request, long now, boolean stale) {
            String nonce = nonce(key, realm, now);
            HeaderMap out = request.response().headers();
            out.remove("WWW-Authenticate");
            for (String a : algorithms) {
                out.add("WWW-Authenticate", "Digest realm=\"" + realm + "\", qop=\"auth, auth-int\", algorithm=" + a
                        + ", nonce=\"" + nonce + "\""
                        + (charset.equals(StandardCharsets.UTF_8) ? ", charset=UTF-8" : "")
                        + (stale ? ", stale=true" : ""));
            }
            return new HttpError(401, "You are not authorized to access that resource");
        }
    }

    /** Whether the {@code uri} parameter names the request target (an absolute URI may stand for an origin-form target). */
    static boolean sameTarget(String uri, String target) {
        if (uri.equals(target)) {
            return true;
        }
        int scheme = uri.indexOf("://");
        if (scheme > 0 && target.startsWith("/")) {
            int path = uri.indexOf('/', scheme + 3);
            return path > 0 && uri.substring(path).equals(target);
        }
        return false;
    }

    /** A fresh nonce: {@code time:random:HMAC-SHA256(key, time:random:realm)}. */
    static String nonce(byte[] key, String realm, long now) {
        String head = now + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(12));
        return head + ":" + mac(key, head, realm);
    }

    static String mac(byte[] key, String head, String realm) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sum = mac.doFinal((head + ":" + realm).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    private static HttpError bad(String why) {
        return new HttpError(400, "The Authorization header could not be parsed: " + why + ".");
    }

    /** The algorithm's name as RFC 7616 spells it, or null when unsupported. */
    static String canonical(String name) {
        for (String a : ALGORITHMS) {
            if (a.equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    static int hexLength(String algorithm) {
        return algorithm.startsWith("SHA-256") ? 64 : 32;
    }

    static String hash(String algorithm, String text) {
        return hash(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }

    static String hash(String algorithm, byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance(algorithm.startsWith("SHA-256") ? "SHA-256" : "MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5 and SHA-256", e);
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
