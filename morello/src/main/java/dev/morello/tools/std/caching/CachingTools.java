package dev.morello.tools.std.caching;

import dev.morello.HeaderElement;
import dev.morello.HeaderMap;
import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.config.Key;
import dev.morello.http.HttpDate;
import dev.morello.http.HttpVersion;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP caching tools: {@code caching} (an in-memory cache of whole responses), {@code etags}
 * (entity tags and the {@code If-Match}/{@code If-None-Match} preconditions) and {@code expires}
 * (freshness headers for downstream caches).
 *
 * <pre>
 * [/news]
 * tools.caching.on = True
 * tools.caching.delay = 300
 * tools.etags.on = True
 * tools.etags.autotags = True
 * tools.expires.on = True
 * tools.expires.secs = 60
 * </pre>
 *
 * <p>At {@code before_finalize} they run in the order {@code expires} (50), {@code etags} (75),
 * then the cache's store step (100), so a stored response carries the validators and freshness
 * headers the other two added, and a response served from the cache is checked against the
 * client's preconditions again.
 */
public final class CachingTools {
    /** The request attribute that says whether the response came from the cache ({@code Boolean}). */
    public static final String CACHED = "morello.cached";

    private static final String FILL = "morello.caching.fill";
    private static final String ETAGS_DONE = "morello.etags.done";
    /** CherryPy's fixed past date for {@code Expires} with {@code secs=0}: 2007-01-28 00:00:00 GMT. */
    static final String PAST_EXPIRES = HttpDate.format(1169942400L);
    /** RFC 9111 §1.2.2: delta-seconds too large to represent are taken as 2^31. */
    private static final long DELTA_SECONDS_MAX = 2147483648L;
    private static final List<String> DEFAULT_INVALID_METHODS = List.of("POST", "PUT", "DELETE");
    private static final String[] NOT_MODIFIED_DROPS = {"Content-Type", "Content-Length", "Content-Encoding",
        "Content-Language", "Content-Range", "Content-MD5"};

    private CachingTools() {
    }

    /** Registers {@code caching}, {@code etags} and {@code expires}. */
    public static void register(Toolbox tools) {
        tools.register(cachingTool()
                .arg("invalid_methods", Key.Type.LIST, DEFAULT_INVALID_METHODS,
                        "methods whose requests purge the URL's cached responses")
                .arg("delay", Key.Type.SECONDS, 600, "seconds a cached response lives (a number or a Duration)", Key.Check.atLeast(0))
                .arg("maxobjects", Key.Type.INTEGER, 1000, "the most responses kept", Key.Check.atLeast(0))
                .arg("maxobj_size", Key.Type.INTEGER, 100000, "the largest body kept, in bytes", Key.Check.atLeast(0))
                .arg("maxsize", Key.Type.INTEGER, 10000000, "the most body bytes kept in all", Key.Check.atLeast(0))
                .arg("antistampede_timeout", Key.Type.SECONDS, 5,
                        "seconds a request waits for another one filling the same entry (0: no waiting)", Key.Check.atLeast(0))
                .arg("expire_freq", Key.Type.SECONDS, 0.1, "the least seconds between sweeps of expired responses", Key.Check.atLeast(0)));
        tools.register(new Tool("etags", HookPoint.BEFORE_FINALIZE, 75, CachingTools::etags)
                .arg("autotags", Key.Type.BOOLEAN, false,
                        "give 200 responses without an ETag one made from a digest of the body"));
        tools.register(expiresTool()
                .arg("secs", Key.Type.SECONDS, 0,
                        "seconds until the response expires (an int or a Duration); 0 forbids caching", Key.Check.atLeast(0))
                .arg("force", Key.Type.BOOLEAN, false,
                        "set the headers even when the response has no ETag/Last-Modified/Age/Expires, and overwrite"));
    }

    // ---- caching --------------------------------------------------------------------------

    /**
     * CherryPy's {@code caching} tool: an in-memory HTTP cache ({@code before_handler} 90, with a
     * store step at {@code before_finalize} 100).
     *
     * <ul>
     * <li><b>Key.</b> The full URL, query string included ({@code Morello.url("", query)}), and
     *     the values of the request headers named by the stored response's {@code Vary}. A
     *     response with {@code Vary: *} is never stored.
     * <li><b>Hits</b> replace the response with the stored status, headers and body, add
     *     {@code Age} (RFC 9111 §5.1), skip the page handler and set the request attribute
     *     {@value #CACHED} to true (false otherwise). A hit is answered with 304 when the client's
     *     {@code If-None-Match} matches the stored {@code ETag} (weakly), or, without
     *     {@code If-None-Match}, when its {@code If-Modified-Since} is not earlier than the stored
     *     {@code Last-Modified}.
     * <li><b>The client's wishes.</b> {@code Cache-Control: no-cache} or {@code Pragma: no-cache}
     *     bypass the stored copy (and the response refreshes it); {@code max-age=N} turns older
     *     copies into misses; a malformed {@code max-age} is a 400; {@code no-store} keeps the
     *     response out of the cache.
     * <li><b>What is stored.</b> 200 responses to GET and HEAD only, with bodies up to
     *     {@code maxobj_size} bytes; never responses marked {@code Cache-Control: no-store},
     *     {@code private} or {@code no-cache}, or {@code Pragma: no-cache}; never responses to
     *     requests with {@code Authorization} unless marked {@code public}, {@code s-maxage} or
     *     {@code must-revalidate} (RFC 9111 §3.5). Cookies the response sets are neither stored
     *     nor replayed. Text and byte bodies are stored at once; streams and iterables are copied
     *     as they are sent and stored when they end; files are read when small enough.
     * <li><b>Eviction.</b> Entries expire {@code delay} seconds after they were stored (swept
     *     when the store is next used, at most every {@code expire_freq} seconds, and never
     *     served once expired); to make room for a new one, the least recently used go first
     *     until there are fewer than {@code maxobjects} and the bytes fit in {@code maxsize}.
     * <li><b>Invalidation.</b> A request whose method is in {@code invalid_methods} removes every
     *     stored variant of its URL, and a fill that was running at the time is not stored.
     * <li><b>Anti-stampede.</b> When an entry is missing, the first request fills it; requests
     *     for the same key that arrive meanwhile wait (up to {@code antistampede_timeout}
     *     seconds) and are then served the stored copy. When the fill stores nothing (an error, a
     *     non-200 status, {@code no-store}), or the wait times out, the waiters produce the
     *     response themselves.
     * </ul>
     *
     * <p>Every path of an application with the same arguments shares one store.
     *
     * <p>Unlike CherryPy: other methods than GET and HEAD neither read nor fill the cache
     * (CherryPy would store, say, an OPTIONS response and serve it to a GET); the selecting
     * header values are kept in the order of the {@code Vary} names rather than sorted, so two
     * headers swapping values are different variants; a URL whose responses change their
     * {@code Vary} drops its old variants; the first request for a URL never seen before also
     * holds the others back (CherryPy only does this for URLs it has stored before); waiters are
     * released as soon as the fill ends, not only when it stored something; {@code max-age=0}
     * always misses (CherryPy compares whole seconds); a malformed {@code max-age} is refused on
     * every request, not only on hits; {@code Pragma: no-cache} counts only when the request has
     * no {@code Cache-Control} (RFC 9111 §5.4); full caches evict the least recently used
     * entries instead of refusing new ones; {@code no-cache} responses and responses to requests
     * with credentials are not stored; there is no expiry thread; the arguments configure the
     * store for their paths instead of a process-wide cache configured by its first request.
     */
    static Tool cachingTool() {
        return Tool.of("caching", HookPoint.BEFORE_HANDLER, 90, CachingTools::cachingPlan);
    }

    private static List<Tool.Setup> cachingPlan(ToolArgs args, int priority) {
        Set<String> invalid = new TreeSet<>();
        for (String m : args.strings("invalid_methods", DEFAULT_INVALID_METHODS)) {
            invalid.add(m.toUpperCase(Locale.ROOT));
        }
        CacheStore.Settings settings = new CacheStore.Settings(
                nanos(args, "delay", 600),
                (int) Math.min(Integer.MAX_VALUE, nonNegative(args, "maxobjects", 1000)),
                nonNegative(args, "maxobj_size", 100000),
                nonNegative(args, "maxsize", 10000000),
                nanos(args, "antistampede_timeout", 5),
                nanos(args, "expire_freq", 0.1));
        // the paths a plan serves belong to one application: its store is looked up once
        AtomicReference<Object[]> last = new AtomicReference<>(new Object[2]);
        Hook get = new Hook(request -> {
            Object[] appAndStore = last.get();
            CacheStore store;
            if (appAndStore[0] == request.app()) {
                store = (CacheStore) appAndStore[1];
            } else {
                store = CacheStore.of(request.app(), settings);
                last.set(new Object[] {request.app(), store});
            }
            get(request, invalid, store);
        }, false, priority);
        Hook tee = new Hook(CachingTools::tee, false, 100);
        Hook release = new Hook(CachingTools::release, true, 50);
        return List.of(request -> {
            request.hooks().attach(HookPoint.BEFORE_HANDLER, get);
            request.hooks().attach(HookPoint.BEFORE_FINALIZE, tee);
            request.hooks().attach(HookPoint.ON_END_REQUEST, release);
        });
    }

    /** A duration argument in seconds (a number, numeric text, or a {@code Duration}) as nanoseconds. */
    static long nanos(ToolArgs args, String name, double fallback) {
        Object v = args.get(name);
        if (v instanceof Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("config key tools.caching." + name + " must be 0 or more, not " + d);
            }
            return d.toNanos();
        }
        double secs = args.number(name, fallback);
        if (!(secs >= 0) || Double.isInfinite(secs)) {
            throw new IllegalArgumentException("config key tools.caching." + name + " must be 0 or more, not " + v);
        }
        return (long) Math.min(Long.MAX_VALUE / 2, secs * 1e9);
    }

    private static long nonNegative(ToolArgs args, String name, long fallback) {
        long n = args.integer(name, fallback);
        if (n < 0) {
            throw new IllegalArgumentException("config key tools.caching." + name + " must be 0 or more, not " + n);
        }
        return n;
    }

    private static void get(Request request, Set<String> invalidMethods, CacheStore store) {
        request.attribute(CACHED, Boolean.FALSE);
        String uri = request.url("", request.queryString());
        String method = request.method();
        if (invalidMethods.contains(method)) {
            // RFC 9111 §4.4: an unsafe request invalidates what is stored for its target
            store.delete(uri);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return;
        }
        HeaderMap headers = request.headers();
        // entries are stored and aged by the request's time (the site clock), as CherryPy's
        long now = TimeUnit.SECONDS.toNanos(request.time().getEpochSecond()) + request.time().getNano();
        boolean noCache = false;
        long maxAge = -1;
        for (HeaderElement e : headers.elements("Cache-Control")) {
            String directive = e.value();
            int eq = directive.indexOf('=');
            String name = (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (name.equals("max-age")) {
                maxAge = eq < 0 ? -1 : deltaSeconds(directive.substring(eq + 1).trim());
                if (maxAge < 0) {
                    throw new HttpError(400, "Invalid Cache-Control header");
                }
            } else if (name.equals("no-cache")) {
                noCache = true;
            }
        }
        for (HeaderElement e : headers.elements("Pragma")) {
            // RFC 9111 §5.4: Pragma: no-cache only when the request has no Cache-Control
            if (e.value().equalsIgnoreCase("no-cache") && !headers.contains("Cache-Control")) {
                noCache = true;
            }
        }
        if (noCache) {
            request.attribute(FILL, store.refresh(uri, now));
            return;
        }
        CacheStore.Lookup found = store.lookup(uri, headers,
                maxAge < 0 ? -1 : TimeUnit.SECONDS.toNanos(maxAge), now);
        if (found instanceof CacheStore.Miss miss) {
            request.attribute(FILL, miss.fill());
            return;
        }
        CacheStore.Entry entry = ((CacheStore.Hit) found).entry();
        Response response = request.response();
        HeaderMap out = response.headers();
        out.clear();
        String[] names = entry.names();
        String[] values = entry.values();
        for (int i = 0; i < names.length; i++) {
            out.add(names[i], values[i]);
        }
        out.set("Age", Long.toString(entry.ageSeconds(now)));
        response.status(entry.status());
        response.body(entry.body());
        request.handler(null);
        request.attribute(CACHED, Boolean.TRUE);
        if (notModified(request, out)) {
            setNotModified(response);
        }
    }

    /**
     * Whether a stored response the client already has may be answered with 304 (RFC 9110
     * §13.1.2 and §13.1.3; If-None-Match, when sent, decides alone).
     */
    private static boolean notModified(Request request, HeaderMap stored) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        HeaderMap h = request.headers();
        List<String> inm = h.all("If-None-Match");
        if (!inm.isEmpty()) {
            EntityTags tags = EntityTags.parse(inm);
            String etag = stored.get("ETag");
            return tags.any() || etag != null && tags.matchesWeakly(etag);
        }
        Instant since = HttpDate.parse(h.get("If-Modified-Since"), request.time());
        Instant modified = HttpDate.parse(stored.get("Last-Modified"), request.time());
        return since != null && modified != null && !modified.isAfter(since);
    }

    /** Digits only (RFC 9111 §1.2.2 delta-seconds), capped at 2^31; -1 when not digits. */
    static long deltaSeconds(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (n < DELTA_SECONDS_MAX) {
                n = n * 10 + (c - '0');
            }
        }
        return Math.min(n, DELTA_SECONDS_MAX);
    }

    /** The store step: keeps the response when it may be kept, or gives the fill up. */
    private static void tee(Request request) throws IOException {
        CacheStore.Fill fill = request.attribute(FILL);
        if (fill == null) {
            return;
        }
        Response response = request.response();
        if (!storable(request, response)) {
            fill.release();
            return;
        }
        long limit = fill.limit();
        ResponseBody body = response.body();
        HeaderMap headers = copy(response.headers());
        switch (body) {
            case ResponseBody.Empty e -> fill.put(response.status(), headers, response.collapseBody(), request.headers());
            case ResponseBody.Bytes b -> fill.put(response.status(), headers, response.collapseBody(), request.headers());
            case ResponseBody.Text t -> fill.put(response.status(), headers, response.collapseBody(), request.headers());
            case ResponseBody.File f -> {
                Path p = f.path();
                // a missing file is the finalize step's 404, not ours to report
                if (!Files.isRegularFile(p)) {
                    fill.release();
                    return;
                }
                long size = f.count() >= 0 ? Math.min(f.count(), Files.size(p) - f.position()) : Files.size(p);
                if (size > limit) {
                    fill.release();
                    return;
                }
                fill.put(response.status(), headers, response.collapseBody(), request.headers());
            }
            case ResponseBody.Stream st -> response.body(new CacheTee(response.bodyChunks(), st, fill, response.status(),
                    headers, request.headers(), limit));
            case ResponseBody.Chunks c -> response.body(new CacheTee(response.bodyChunks(), c, fill, response.status(),
                    headers, request.headers(), limit));
        }
    }

    /** After the response went out: a fill that stored nothing (an error, say) frees its waiters. */
    private static void release(Request request) {
        CacheStore.Fill fill = request.attribute(FILL);
        if (fill != null) {
            fill.release();
        }
    }

    private static HeaderMap copy(HeaderMap h) {
        HeaderMap out = new HeaderMap();
        h.forEach(out::add);
        return out;
    }

    /** Whether the response may be stored (RFC 9111 §3, as far as this cache goes). */
    private static boolean storable(Request request, Response response) {
        if (response.status() != 200) {
            return false;
        }
        HeaderMap rh = response.headers();
        Set<String> directives = directives(rh);
        if (directives.contains("no-store") || directives.contains("private") || directives.contains("no-cache")) {
            return false;
        }
        for (HeaderElement e : rh.elements("Pragma")) {
            if (e.value().equalsIgnoreCase("no-cache")) {
                return false;
            }
        }
        for (String v : rh.values("Vary")) {
            if (v.equals("*")) {
                return false;
            }
        }
        if (directives(request.headers()).contains("no-store")) {
            return false;
        }
        return !request.headers().contains("Authorization") || directives.contains("public")
                || directives.contains("s-maxage") || directives.contains("must-revalidate");
    }

    /** The Cache-Control directive names, lower-cased. */
    private static Set<String> directives(HeaderMap h) {
        Set<String> out = new TreeSet<>();
        for (HeaderElement e : h.elements("Cache-Control")) {
            String v = e.value();
            int eq = v.indexOf('=');
            out.add((eq < 0 ? v : v.substring(0, eq)).trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    // ---- etags ----------------------------------------------------------------------------

    /**
     * CherryPy's {@code etags} tool ({@code before_finalize} 75): validates the request's
     * entity-tag preconditions against the response's {@code ETag}.
     *
     * <ul>
     * <li>With {@code autotags}, a 200 response without an {@code ETag} gets a strong one: the
     *     first 128 bits of the SHA-256 digest of the body, in hex ({@code "3a7bd3e2..."}). The
     *     body is collapsed to bytes for this, so a streamed body is buffered.
     * <li>Preconditions are evaluated only for 2xx responses (RFC 9110 §13.2.1).
     *     {@code If-Match} uses the strong comparison (§8.8.3.2): no match (and no {@code *}) is
     *     412. {@code If-None-Match} uses the weak comparison: a match, or {@code *}, is 304 for
     *     GET and HEAD and 412 for other methods.
     * <li>The 304 keeps {@code ETag}, {@code Last-Modified}, {@code Cache-Control},
     *     {@code Expires} and {@code Vary} (RFC 9110 §15.4.5) and drops the body and the
     *     {@code Content-*} fields.
     * </ul>
     *
     * <p>Unlike CherryPy: the digest is SHA-256 rather than MD5; comparisons follow RFC 9110
     * (CherryPy compares the header texts, so {@code W/"a"} never matches {@code "a"} under
     * If-None-Match and a weak tag can satisfy If-Match); the 304 keeps {@code Last-Modified}
     * and {@code Expires}. The tag is computed over the body as the handler made it (before
     * {@code gzip} at 80), so the compressed and identity forms share it, as in CherryPy.
     */
    static void etags(Request request, ToolArgs args) throws IOException {
        // the tool may run twice: again on the error page when it answered 412
        if (request.attribute(ETAGS_DONE) != null) {
            return;
        }
        request.attribute(ETAGS_DONE, Boolean.TRUE);
        Response response = request.response();
        int status = response.status();
        HeaderMap rh = response.headers();
        String etag = rh.get("ETag");
        if (etag == null && status == 200 && args.bool("autotags", false)) {
            etag = '"' + digest(response.collapseBody()) + '"';
            rh.set("ETag", etag);
        }
        if (status < 200 || status > 299) {
            return;
        }
        HeaderMap h = request.headers();
        List<String> ifMatch = h.all("If-Match");
        if (!ifMatch.isEmpty()) {
            EntityTags tags = EntityTags.parse(ifMatch);
            if (!tags.any() && (etag == null || !tags.matchesStrongly(etag))) {
                throw new HttpError(412, "If-Match failed: ETag " + (etag == null ? "(none)" : etag)
                        + " did not match " + String.join(", ", ifMatch));
            }
        }
        List<String> ifNoneMatch = h.all("If-None-Match");
        if (!ifNoneMatch.isEmpty()) {
            EntityTags tags = EntityTags.parse(ifNoneMatch);
            if (tags.any() || etag != null && tags.matchesWeakly(etag)) {
                String method = request.method();
                if (method.equals("GET") || method.equals("HEAD")) {
                    setNotModified(response);
                } else {
                    throw new HttpError(412, "If-None-Match failed: ETag " + (etag == null ? "(none)" : etag)
                            + " matched " + String.join(", ", ifNoneMatch));
                }
            }
        }
    }

    private static String digest(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Turns the response into a 304 that keeps its validators and caching headers. */
    static void setNotModified(Response response) {
        if (!(response.body() instanceof ResponseBody.Empty)) {
            try {
                response.body().close();
            } catch (Exception e) {
                // the body is dropped either way
            }
        }
        response.status(304);
        response.stream(false);
        response.body(null);
        for (String name : NOT_MODIFIED_DROPS) {
            response.headers().remove(name);
        }
    }

    /**
     * A list of entity tags from {@code If-Match} or {@code If-None-Match} (RFC 9110 §13.1.1):
     * {@code *}, or {@code "opaque"} and {@code W/"opaque"} tags. Malformed members are skipped,
     * so they match nothing.
     */
    record EntityTags(boolean any, List<String> tags) {
        static EntityTags parse(List<String> fields) {
            boolean any = false;
            List<String> tags = new ArrayList<>();
            for (String field : fields) {
                int i = 0;
                int n = field.length();
                while (i < n) {
                    char c = field.charAt(i);
                    if (c == ' ' || c == '\t' || c == ',') {
                        i++;
                    } else if (c == '*') {
                        any = true;
                        i++;
                    } else {
                        int start = i;
                        if (field.startsWith("W/", i)) {
                            i += 2;
                        }
                        if (i < n && field.charAt(i) == '"') {
                            int close = field.indexOf('"', i + 1);
                            if (close < 0) {
                                break;
                            }
                            tags.add(field.substring(start, close + 1));
                            i = close + 1;
                        } else {
                            // not an entity-tag: skip to the next member
                            while (i < n && field.charAt(i) != ',') {
                                i++;
                            }
                        }
                    }
                }
            }
            return new EntityTags(any, tags);
        }

        private static boolean weak(String tag) {
            return tag.startsWith("W/");
        }

        private static String opaque(String tag) {
            return weak(tag) ? tag.substring(2) : tag;
        }

        /** Strong comparison: neither weak, and the same opaque tag. */
        boolean matchesStrongly(String etag) {
            if (weak(etag)) {
                return false;
            }
            for (String t : tags) {
                if (!weak(t) && t.equals(etag)) {
                    return true;
                }
            }
            return false;
        }

        /** Weak comparison: the same opaque tag, weak or not. */
        boolean matchesWeakly(String etag) {
            String o = opaque(etag.trim());
            for (String t : tags) {
                if (opaque(t).equals(o)) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- expires --------------------------------------------------------------------------

    /**
     * CherryPy's {@code expires} tool ({@code before_finalize} 50): freshness headers for the
     * caches downstream. It acts only when the response already has {@code ETag},
     * {@code Last-Modified}, {@code Age} or {@code Expires} (a response that could be cached), or
     * when {@code force} is set; without {@code force} it leaves headers that are already there.
     *
     * <ul>
     * <li>{@code secs = 0}: {@code Pragma: no-cache}, {@code Cache-Control: no-cache,
     *     must-revalidate} (HTTP/1.1 requests only) and {@code Expires} set to a fixed date in
     *     the past, {@code Sun, 28 Jan 2007 00:00:00 GMT}, as CherryPy does.
     * <li>{@code secs > 0}: {@code Cache-Control: max-age=secs} (HTTP/1.1 requests only) and
     *     {@code Expires} = the response's time + secs, as an HTTP-date.
     * </ul>
     *
     * <p>It runs before {@code etags} (75), so an ETag that {@code autotags} makes does not count
     * yet: use {@code force}, or a priority above 75, to mark such responses.
     *
     * <p>{@code secs} is an integer number of seconds or a {@code java.time.Duration} (whole
     * seconds); a negative value is refused. Unlike CherryPy, which only writes
     * {@code Expires}, a positive {@code secs} also writes {@code max-age}, which HTTP/1.1
     * caches prefer (RFC 9111 §5.3).
     */
    static Tool expiresTool() {
        return Tool.of("expires", HookPoint.BEFORE_FINALIZE, 50, CachingTools::expiresPlan);
    }

    private static List<Tool.Setup> expiresPlan(ToolArgs args, int priority) {
        Object v = args.get("secs");
        long secs = v instanceof Duration d ? d.toSeconds() : args.integer("secs", 0);
        if (secs < 0) {
            throw new IllegalArgumentException("config key tools.expires.secs must be 0 or more, not " + v);
        }
        boolean force = args.bool("force", false);
        Hook hook = new Hook(request -> expires(request, secs, force), false, priority);
        return List.of(Tool.attach(HookPoint.BEFORE_FINALIZE, hook));
    }

    private static void expires(Request request, long secs, boolean force) {
        Response response = request.response();
        HeaderMap h = response.headers();
        if (!force && !h.contains("ETag") && !h.contains("Last-Modified") && !h.contains("Age")
                && !h.contains("Expires")) {
            return;
        }
        boolean http11 = request.protocol().compareTo(HttpVersion.HTTP_1_1) >= 0;
        String expiry;
        if (secs == 0) {
            if (force || !h.contains("Pragma")) {
                h.set("Pragma", "no-cache");
            }
            if (http11 && (force || !h.contains("Cache-Control"))) {
                h.set("Cache-Control", "no-cache, must-revalidate");
            }
            expiry = PAST_EXPIRES;
        } else {
            if (http11 && (force || !h.contains("Cache-Control"))) {
                h.set("Cache-Control", "max-age=" + secs);
            }
            expiry = HttpDate.format(Instant.ofEpochMilli(response.time()).plusSeconds(secs));
        }
        if (force || !h.contains("Expires")) {
            h.set("Expires", expiry);
        }
    }
}
