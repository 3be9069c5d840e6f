package dev.morello.internal.cycle;

import dev.morello.ErrorPage;
import dev.morello.HeaderMap;
import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.NotFound;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.http.HttpVersion;
import dev.morello.internal.Html;
import dev.morello.internal.Version;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns errors and redirects into responses: status, headers and page. */
final class ErrorPages {
    /** Headers that describe the entity an error replaces; they go (CherryPy's list). */
    private static final String[] ENTITY_HEADERS = {"Accept-Ranges", "Age", "ETag", "Location", "Retry-After",
        "Vary", "Content-Encoding", "Content-Length", "Expires", "Content-Location", "Content-MD5",
        "Last-Modified"};
    private static final String[] NOT_MODIFIED_DROPS = {"Allow", "Content-Encoding", "Content-Language",
        "Content-Length", "Content-Location", "Content-MD5", "Content-Range", "Content-Type", "Expires",
        "Last-Modified"};

    private ErrorPages() {
    }

    static void setError(Request request, Response response, HttpError error) {
        String message = error.getMessage();
        if (message == null && error instanceof NotFound nf) {
            String path = nf.path() != null ? nf.path() : request.scriptName() + request.pathInfo();
            message = "The path '" + path + "' was not found.";
        }
        if (message == null) {
            message = error.pageMessage();
        }
        String trace = null;
        if (request.showTracebacks() && error.getCause() != null) {
            trace = stackTrace(error.getCause());
        }
        setError(request, response, error.status(), error.customReason(), message, trace);
    }

    static void setError(Request request, Response response, int status, String message, String traceback) {
        setError(request, response, status, null, message, traceback);
    }

    /** @param reason a reason phrase of the error's own ({@code "410 Gone Away"}), or null for the standard one */
    static void setError(Request request, Response response, int status, String reason, String message,
                         String traceback) {
        closeBody(response);
        HeaderMap h = response.headers();
        for (String name : ENTITY_HEADERS) {
            h.remove(name);
        }
        if (status != 416) {
            h.remove("Content-Range");
        }
        response.status(status, reason);
        response.stream(false);
        h.set("Content-Type", "text/html;charset=utf-8");
        response.body(page(request, response.statusText(), message, traceback));
    }

    static String page(Request request, String status, String message, String traceback) {
        Object custom = request.config("error_page." + status.substring(0, 3));
        if (custom == null) {
            custom = request.config("error_page.default");
        }
        String s = Html.escape(status);
        String m = Html.escape(message);
        String t = traceback == null ? "" : Html.escape(traceback);
        String v = Html.escape("Morello " + Version.NUMBER);
        if (custom != null) {
            try {
                if (custom instanceof ErrorPage p) {
                    return p.render(s, m, t, v);
                }
                return fill(Files.readString(Path.of(custom.toString())), s, m, t, v);
            } catch (Exception e) {
                m += "<br />In addition, the custom error page failed:\n<br />" + Html.escape(e.toString());
            }
        }
        return defaultPage(s, m, t, v);
    }

    /** Replaces the template's placeholders in one pass, so a value can never inject another. */
    static String fill(String template, String status, String message, String traceback, String version) {
        StringBuilder b = new StringBuilder(template.length() + message.length() + traceback.length());
        int i = 0;
        while (i < template.length()) {
            int at = template.indexOf("%(", i);
            if (at < 0) {
                b.append(template, i, template.length());
                break;
            }
            b.append(template, i, at);
            int end = template.indexOf(")s", at);
            String name = end < 0 ? "" : template.substring(at + 2, end);
            String value = switch (name) {
                case "status" -> status;
                case "message" -> message;
                case "traceback" -> traceback;
                case "version" -> version;
                default -> null;
            };
            if (value == null) {
                b.append("%(");
                i = at + 2;
            } else {
                b.append(value);
                i = end + 2;
            }
        }
        return b.toString();
    }

    private static void closeBody(Response response) {
        if (!(response.body() instanceof ResponseBody.Empty)) {
            try {
                response.body().close();
            } catch (Exception e) {
                // a body replaced by an error page; nothing more to do with it
            }
        }
    }

    private static String defaultPage(String status, String message, String traceback, String version) {
        StringBuilder b = new StringBuilder(512 + traceback.length());
        b.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").append(status)
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
                .append("#traceback{color:#b00;white-space:pre-wrap}#powered{font-size:small;color:#666}</style>\n")
                .append("</head>\n<body>\n<h2>").append(status).append("</h2>\n<p>").append(message).append("</p>\n");
        if (!traceback.isEmpty()) {
            b.append("<pre id=\"traceback\">").append(traceback).append("</pre>\n");
        }
        b.append("<p id=\"powered\">Powered by ").append(version).append("</p>\n</body>\n</html>\n");
        return b.toString();
    }

    /** A 500 for an unexpected exception, with the trace when tracebacks are shown. */
    static void setUnexpected(Request request, Response response, Throwable t) {
        String trace = request.showTracebacks() ? stackTrace(t) : null;
        setError(request, response, 500, HttpError.defaultMessage(500), trace);
    }

    static void setRedirect(Request request, Response response, HttpRedirect r) {
        int status = r.status() != 0 ? r.status()
                : request.protocol().compareTo(HttpVersion.HTTP_1_1) >= 0 ? 303 : 302;
        // CherryPy joins relative URLs to cherrypy.url(): the current path, index-aware
        String current = request.url("", "");
        List<String> urls = new ArrayList<>();
        for (String u : r.urls()) {
            urls.add(resolve(current, u));
        }
        closeBody(response);
        HeaderMap h = response.headers();
        response.status(status);
        response.stream(false);
        switch (status) {
            case 300, 301, 302, 303, 307, 308 -> {
                String lead = switch (status) {
                    case 301 -> "This resource has permanently moved to ";
                    case 302 -> "This resource resides temporarily at ";
                    case 307 -> "This resource has moved temporarily to ";
                    case 308 -> "This resource has been moved to ";
                    default -> "This resource can be found at ";
                };
                h.set("Content-Type", "text/html;charset=utf-8");
                h.set("Location", urls.get(0));
                StringBuilder body = new StringBuilder();
                for (String u : urls) {
                    if (body.length() > 0) {
                        body.append("<br />\n");
                    }
                    body.append(lead).append("<a href=\"").append(Html.escape(u)).append("\">").append(Html.escape(u)).append("</a>.");
                }
                h.remove("Content-Length");
                response.body(body.toString());
            }
            case 304 -> {
                for (String name : NOT_MODIFIED_DROPS) {
                    h.remove(name);
                }
                response.body(null);
            }
            case 305 -> {
                h.set("Location", urls.get(0));
                response.body(null);
            }
            default -> throw new IllegalArgumentException("The redirect status " + status + " is not supported.");
        }
    }

    /** Resolves a URL against the current one (RFC 3986 §5.2). */
    static String resolve(String current, String url) {
        return dev.morello.internal.Urls.resolve(current, url);
    }

    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

}
