package dev.morello.tools.std.gzip;

import dev.morello.HeaderElement;
import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.internal.Log;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.std.body.BodyVary;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code tools.gzip} and {@code tools.deflate} (see {@link CompressionTools}): one mechanism. Each
 * tool switched on for a path offers its coding to the request; the first of their hooks to run
 * chooses among all the offers by the client's preference, so a response is compressed once.
 */
final class GzipTool extends Tool {
    private static final Log LOG = Log.named("morello.tools.gzip", "TOOLS.GZIP");
    /** The request attribute holding the codings offered to this request. */
    static final String OFFERS = "morello.compress.offers";
    private static final List<String> DEFAULT_TYPES = List.of("text/html", "text/plain");

    private final GzipCoding coding;

    /** One coding on offer, with its tool's arguments. */
    record Offer(GzipCoding coding, int level, List<String> mimeTypes, boolean debug) {
        /** Whether the response's media type (lower-case, no parameters) is one this tool compresses. */
        boolean compresses(String type) {
            return GzipTool.matches(mimeTypes, type);
        }
    }

    /** The offers made to one request, and whether the choice has been made. */
    static final class Offers {
        /** In the server's order of preference: gzip first, whatever the config's order. */
        final List<Offer> list = new ArrayList<>(2);
        boolean done;

        void add(Offer offer) {
            int at = 0;
            while (at < list.size() && list.get(at).coding().ordinal() < offer.coding().ordinal()) {
                at++;
            }
            list.add(at, offer);
        }
    }

    GzipTool(GzipCoding coding) {
        super(coding.token, HookPoint.BEFORE_FINALIZE, 80);
        this.coding = coding;
    }

    Offer offer(ToolArgs args) {
        long level = args.integer("compress_level", 5);
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("tools." + name() + ".compress_level must be 0 to 9, not " + level);
        }
        List<String> types = new ArrayList<>();
        for (String t : args.strings("mime_types", DEFAULT_TYPES)) {
            types.add(t.trim().toLowerCase(Locale.ROOT));
        }
        return new Offer(coding, (int) level, List.copyOf(types), args.bool("debug", false));
    }

    @Override
    public List<Setup> setups(ToolArgs args, int priority) {
        Offer offer = offer(args);
        Hook hook = new Hook(GzipTool::run, false, priority);
        return List.of(request -> {
            Offers offers = request.attribute(OFFERS);
            if (offers == null) {
                offers = new Offers();
                request.attribute(OFFERS, offers);
            }
            offers.add(offer);
            request.hooks().attach(HookPoint.BEFORE_FINALIZE, hook);
        });
    }

    /** The hook: Vary always; the choice and the compression once per request. */
    static void run(Request request) throws Exception {
        Response response = request.response();
        // the field a cache must key on, whatever is decided (RFC 9110 §12.5.5)
        BodyVary.merge(response.headers(), "Accept-Encoding");
        Offers offers = request.attribute(OFFERS);
        if (offers == null || offers.done) {
            return;
        }
        offers.done = true;
        BodyVary.record(request, "Accept-Encoding");
        boolean debug = false;
        for (Offer o : offers.list) {
            debug |= o.debug();
        }
        String skip = skipReason(request, response);
        if (skip != null) {
            if (debug) {
                LOG.info("[{}] not compressing: {}", request.uniqueId(), skip);
            }
            return;
        }
        String ct = response.headers().get("Content-Type");
        String type = ct == null ? "" : mediaType(ct);
        List<GzipCoding> codings = new ArrayList<>(2);
        List<Offer> fitting = new ArrayList<>(2);
        for (Offer o : offers.list) {
            if (o.compresses(type)) {
                codings.add(o.coding());
                fitting.add(o);
            }
        }
        List<HeaderElement> accepted = request.headers().elements("Accept-Encoding");
        GzipNegotiation.Choice choice = GzipNegotiation.choose(accepted, codings);
        if (choice.refused()) {
            StringBuilder offered = new StringBuilder("identity");
            for (Offer o : offers.list) {
                offered.append(", ").append(o.coding().token);
            }
            if (debug) {
                LOG.info("[{}] 406: Accept-Encoding {} refuses {}", request.uniqueId(), accepted, offered);
            }
            throw new HttpError(406, offered.toString());
        }
        if (choice.coding() == null) {
            if (debug) {
                LOG.info("[{}] not compressing: identity chosen for {} ({})", request.uniqueId(), accepted, type);
            }
            return;
        }
        Offer chosen = fitting.get(codings.indexOf(choice.coding()));
        if (compress(response, chosen) && debug) {
            LOG.info("[{}] compressing with {} at level {}", request.uniqueId(), chosen.coding().token, chosen.level());
        }
    }

    /** Why the response is left as it is, before Accept-Encoding is weighed; null when it may be compressed. */
    private static String skipReason(Request request, Response response) {
        // a header the client did not send: identity is what it gets (RFC 9110 §12.5.3 lets the
        // server assume any coding, but an old client would then get bytes it cannot read)
        if (request.headers().get("Accept-Encoding") == null) {
            return "no Accept-Encoding";
        }
        int status = response.status();
        if (status < 200 || status >= 300 || status == 204) {
            return "status " + status;
        }
        if (status == 206 || response.headers().contains("Content-Range")) {
            // a range is of the identity representation: compressing a part would not be that
            return "a partial response";
        }
        if (response.headers().contains("Content-Encoding")) {
            return "already encoded";
        }
        return switch (response.body()) {
            case ResponseBody.Empty e -> "no body";
            case ResponseBody.Bytes b when b.bytes().length == 0 -> "no body";
            case ResponseBody.Text t when t.text().isEmpty() -> "no body";
            // a whole file (not a region) that is not there: the finalize step's 404
            case ResponseBody.File f when f.count() < 0 && !Files.isRegularFile(f.path()) -> "no such file";
            default -> null;
        };
    }

    /** Replaces the body with its compressed form; false when its kind cannot be read. */
    private static boolean compress(Response response, Offer offer) throws Exception {
        GzipCoding coding = offer.coding();
        ResponseBody compressed = switch (response.body()) {
            case ResponseBody.Bytes b -> new ResponseBody.Bytes(coding.compress(response.collapseBody(), offer.level()));
            case ResponseBody.Text t -> new ResponseBody.Bytes(coding.compress(response.collapseBody(), offer.level()));
            case ResponseBody.Stream st -> streamed(response,
                    new GzipStream(GzipStream.chunksOf(st.in()), st.in(), coding, offer.level(), false));
            case ResponseBody.File f -> {
                InputStream in = f.stream();
                yield streamed(response, new GzipStream(GzipStream.chunksOf(in), in, coding, offer.level(), false));
            }
            case ResponseBody.Chunks c -> {
                GzipStream gz = new GzipStream(response.bodyChunks(), c, coding, offer.level(), response.stream());
                yield new ResponseBody.Chunks(gz, gz);
            }
            case ResponseBody.Empty e -> null;
        };
        if (compressed == null) {
            return false;
        }
        response.body(compressed);
        response.headers().set("Content-Encoding", coding.token);
        response.headers().remove("Content-Length");
        return true;
    }

    /** A body read from a stream or file, compressed as it is sent: it is streamed from then on. */
    private static ResponseBody streamed(Response response, GzipStream gz) {
        response.stream(true);
        return new ResponseBody.Chunks(gz, gz);
    }

    /** The media type of a Content-Type value, lower-case, without parameters. */
    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a media type is one of the patterns: {@code type/subtype}, {@code type/*}, or
     * {@code type/*+suffix} ({@code application/*+xml} takes {@code application/atom+xml}).
     */
    static boolean matches(List<String> patterns, String type) {
        int slash = type.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        for (String p : patterns) {
            if (p.equals(type)) {
                return true;
            }
            int ps = p.indexOf('/');
            if (ps != slash || !p.regionMatches(0, type, 0, slash)) {
                continue;
            }
            String sub = p.substring(ps + 1);
            if (sub.equals("*")) {
                return true;
            }
            if (sub.startsWith("*+")) {
                String suffix = sub.substring(1);
                String tsub = type.substring(slash + 1);
                if (tsub.length() > suffix.length() && tsub.endsWith(suffix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
