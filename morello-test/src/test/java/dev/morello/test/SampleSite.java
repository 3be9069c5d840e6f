package dev.morello.test;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.Response;
import java.util.List;
import java.util.Map;

/** The site the kit's tests serve: a page, an echo of the request, a visit counter, a stream. */
public class SampleSite {
    static void mount() {
        Morello.tree().mount(new SampleSite(), "", Map.of("/visits", Map.of("tools.sessions.on", true)));
    }

    @Expose
    public String index() {
        return "Hello world!";
    }

    /** The method, the Content-Type, the X-Note field and the body, one per line. */
    @Expose
    public String echo(Request request) throws java.io.IOException {
        return request.method() + "\n" + request.headers().get("Content-Type", "-") + "\n"
                + request.headers().get("X-Note", "-") + "\n" + new String(request.body().bytes(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Expose
    public String visits() {
        int n = Morello.session().getInt("n", 0) + 1;
        Morello.session().put("n", n);
        return Integer.toString(n);
    }

    @Expose
    @Config("response.stream = True")
    public List<String> stream() {
        return List.of("one ", "two ", "three");
    }

    @Expose
    public String form(Request request, String a) {
        return request.headers().get("Content-Type", "-") + " a=" + a;
    }

    @Expose
    public byte[] typed(Response response) {
        response.headers().set("Content-Type", "text/plain;charset=iso-8859-1");
        return "caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
