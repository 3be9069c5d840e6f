package dev.morello.tools.std.auth;

import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import dev.morello.tools.std.cors.CorsTool;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * CherryPy's {@code auth_basic} tool: HTTP Basic authentication (RFC 7617) at
 * {@code before_handler}, priority 1.
 *
 * <pre>{@code
 * Morello.tree().mount(new Admin(), "/admin", Map.of("/", Tools.on("auth_basic",
 *         "realm", "admin area",
 *         "checkpassword", AuthBasic.checkpasswordDict(Map.of("alice", "s3cret")))));
 * }</pre>
 * In a config file, {@code checkpassword} names a public static method
 * {@code boolean check(String realm, String user, String password)}:
 * <pre>
 * tools.auth_basic.checkpassword = my.app.Users::check
 * </pre>
 *
 * <ul>
 * <li>No {@code Authorization} header, another scheme, or credentials that {@code checkpassword}
 *     refuses: {@code 401} with {@code WWW-Authenticate: Basic realm="...", charset="UTF-8"} (the
 *     charset parameter only for UTF-8, the one value RFC 7617 §2.1 defines).
 * <li>A header that is not {@code Basic <base64>} of {@code user:password} (no space, bad base64,
 *     no colon): {@code 400}.
 * <li>The credentials are decoded in {@code accept_charset} (UTF-8), falling back to ISO-8859-1
 *     (what browsers without RFC 7617 send), then NFC-normalized (RFC 7617 §2.1).
 * <li>Accepted: {@link Request#login} is the user name.
 * <li>A realm containing {@code "}, {@code \} or a control character cannot be sent in a quoted
 *     string: {@code IllegalArgumentException} when the tool is set up.
 * <li>A CORS preflight answered by the {@code cors} tool passes (browsers never send credentials
 *     with one).
 * </ul>
 * {@code checkpassword} may be a {@link BasicCredentials}, a {@code Map} of user names to
 * passwords (through {@link #checkpasswordDict}), a {@code Class::method} reference, or a class
 * implementing {@link BasicCredentials}. Basic authentication sends the password with every
 * request: use it over TLS only.
 */
public final class AuthBasic {
    /** The tool's name in config: {@code tools.auth_basic}. */
    public static final String NAME = "auth_basic";

    private static final String BASIC = "basic";

    /** Decides whether a user's password is right, as CherryPy's {@code checkpassword(realm, user, password)}. */
    @FunctionalInterface
    public interface BasicCredentials {
        boolean check(String realm, String user, String password) throws Exception;
    }

    private AuthBasic() {
    }

    /** Registers the {@code auth_basic} tool and its keys. */
    public static void register(Toolbox tools) {
        tools.register(tool());
    }

    /** A new {@code auth_basic} tool, for a toolbox of one's own. */
    public static Tool tool() {
        return Tool.of(NAME, HookPoint.BEFORE_HANDLER, 1, AuthBasic::basicPlan)
                .arg("realm", Key.Type.STRING, null, "the protection space named in the challenge")
                .arg("checkpassword", Key.Type.OBJECT, null,
                        "checks (realm, user, password): a BasicCredentials, a {user: password} dict, or Class::method")
                .arg("accept_charset", Key.Type.STRING, "utf-8", "charset credentials are decoded in (ISO-8859-1 is the fallback)");
    }

    /**
     * Checks passwords against a map of user names to passwords, in time that does not depend on
     * how much of a password is right, nor on whether the user exists (the passwords' SHA-256
     * digests are compared with {@link MessageDigest#isEqual}).
     */
    public static BasicCredentials checkpasswordDict(Map<String, String> userPassword) {
        Map<String, String> copy = Map.copyOf(userPassword);
        byte[] nobody = sha256(new byte[0]);
        return (realm, user, password) -> {
            String known = copy.get(user);
            byte[] given = sha256(password.getBytes(StandardCharsets.UTF_8));
            byte[] expected = known == null ? nobody : sha256(known.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(given, expected) & known != null;
        };
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static List<Tool.Setup> basicPlan(ToolArgs args, int priority) {
        Settings s = Settings.of(args);
        Hook hook = new Hook(s::check, false, priority);
        return List.of(Tool.attach(HookPoint.BEFORE_HANDLER, hook));
    }

    private record Settings(String realm, BasicCredentials checker, Charset charset, String challenge) {
        static Settings of(ToolArgs args) {
            String realm = args.string("realm", null);
            if (realm == null) {
                throw new IllegalArgumentException("tools.auth_basic.realm is required");
            }
            checkRealm("tools.auth_basic.realm", realm);
            BasicCredentials checker = AuthBasic.checker(args.get("checkpassword"));
            Charset charset = AuthBasic.charset("tools.auth_basic.accept_charset", args.string("accept_charset", "utf-8"));
            String challenge = "Basic realm=\"" + realm + "\""
                    + (charset.equals(StandardCharsets.UTF_8) ? ", charset=\"UTF-8\"" : "");
            return new Settings(realm, checker, charset, challenge);
        }

        void check(Request request) throws Exception {
            if (CorsTool.isPreflight(request)) {
                return;
            }
            String header = request.headers().get("Authorization");
            if (header != null) {
                int sp = header.indexOf(' ');
                if (sp < 0) {
                    throw new HttpError(400, "Bad Request");
                }
                if (header.substring(0, sp).equalsIgnoreCase(BASIC)) {
                    byte[] raw;
                    try {
                        raw = Base64.getDecoder().decode(header.substring(sp + 1).trim());
                    } catch (IllegalArgumentException e) {
                        throw new HttpError(400, "Bad Request");
                    }
                    String text = Normalizer.normalize(decode(raw, charset), Normalizer.Form.NFC);
                    int colon = text.indexOf(':');
                    if (colon < 0) {
                        throw new HttpError(400, "Bad Request");
                    }
                    String user = text.substring(0, colon);
                    if (checker.check(realm, user, text.substring(colon + 1))) {
                        request.login(user);
                        return;
                    }
                }
            }
            request.response().headers().set("WWW-Authenticate", challenge);
            throw new HttpError(401, "You are not authorized to access that resource");
        }
    }

    private static BasicCredentials checker(Object value) {
        String key = "tools.auth_basic.checkpassword";
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        if (value instanceof BasicCredentials c) {
            return c;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, String> users = new java.util.HashMap<>();
            m.forEach((k, v) -> users.put(String.valueOf(k), String.valueOf(v)));
            return checkpasswordDict(users);
        }
        String ref = AuthCallables.reference(value);
        if (ref != null) {
            Method m = AuthCallables.staticMethod(key, ref, boolean.class, String.class, String.class, String.class);
            return (realm, user, password) -> Boolean.TRUE.equals(AuthCallables.call(m, realm, user, password));
        }
        BasicCredentials made = AuthCallables.instance(key, value, BasicCredentials.class);
        if (made != null) {
            return made;
        }
        throw new IllegalArgumentException(key + " must be a BasicCredentials, a dict of passwords, or Class::method, not " + value);
    }

    /** A realm goes into a quoted string as it is: no quote, backslash or control character. */
    static void checkRealm(String key, String realm) {
        for (int i = 0; i < realm.length(); i++) {
            char c = realm.charAt(i);
            if (c == '"') {
                throw new IllegalArgumentException("Realm cannot contain the \" (quote) character.");
            }
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(key + " cannot contain a backslash or a control character");
            }
        }
    }

    static Charset charset(String key, String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": unknown charset '" + name + "'", e);
        }
    }

    /** Decodes strictly in the charset, else as ISO-8859-1 (which decodes any bytes). */
    static String decode(byte[] raw, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }
}
