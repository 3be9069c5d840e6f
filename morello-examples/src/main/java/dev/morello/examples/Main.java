package dev.morello.examples;

import dev.morello.Morello;
import dev.morello.examples.tutorial.Tut01HelloWorld;
import dev.morello.examples.tutorial.Tut02ExposeMethods;
import dev.morello.examples.tutorial.Tut03GetAndPost;
import dev.morello.examples.tutorial.Tut04ComplexSite;
import dev.morello.examples.tutorial.Tut05DerivedObjects;
import dev.morello.examples.tutorial.Tut06DefaultMethod;
import dev.morello.examples.tutorial.Tut07Sessions;
import dev.morello.examples.tutorial.Tut08GeneratorsAndYield;
import dev.morello.examples.tutorial.Tut09Files;
import dev.morello.examples.tutorial.Tut10HttpErrors;
import dev.morello.stats.StatsPage;
import java.util.Locale;
import java.util.Map;

/**
 * Starts one of the examples on 127.0.0.1:
 *
 * <pre>
 * java -jar morello-examples.jar [EXAMPLE] [--port N] [--host H] [--instance NAME] [--redis URL] [--proxy ADDRESS]
 *
 *   stringmaker   the seed's string generator through the framework (the default)
 *   hello         the bare HTTP server with a lambda handler, no framework
 *   rest          CherryPy's REST tutorial: a string resource with GET, POST, PUT and DELETE
 *   static        CherryPy's static-content tutorial: /static served from ./public
 *   sessions      CherryPy's sessions tutorial: a string kept in each visitor's session
 *   hitcounter    CherryPy's tutorial 7: a hit counter in the session (as tut07)
 *   tut01 ... tut10  CherryPy's tutorials: tut01 hello world, tut02 several methods, tut03 GET and
 *                 POST, tut04 a site of several objects, tut05 inheritance, tut06 the default
 *                 method, tut07 sessions, tut08 generators, tut09 file upload and download,
 *                 tut10 HTTP errors
 *   login         a site behind session_auth's login form (alice/wonderland, bob/builder)
 *   clock         a live clock: the page's EventSource gets the time by server-sent events
 *   chat          a chat room over WebSocket: every browser in the room sees every message
 *   stats         a site that watches itself: the cpstats tool on its pages, the dashboard at /cpstats/
 *   operations    a mixed site for soak and storm tests: /plaintext, /form, /upload, /static/,
 *                 a gzip-compressed /page and /health (see {@link Operations})
 *   scaleout      one instance of a site run as several behind nginx, sessions in Redis:
 *                 --instance NAME (its name in X-Instance, "a" unless given), --redis URL
 *                 (redis://127.0.0.1:6379 unless given), --proxy ADDRESS (the one proxy, or CIDR
 *                 range, whose X-Forwarded-* headers are believed; 127.0.0.1 unless given)
 *
 * java -jar morello-examples.jar morellod [-c FILE]... [-i CLASS]... [-e ENV] [-p PIDFILE] [--set K=V]...
 *
 *   morellod      the launcher: config files, classes to mount, an environment
 * </pre>
 *
 * The port is 8080 unless given. TERM or Ctrl-C stops the example.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("morellod")) {
            dev.morello.Morellod.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        String example = "stringmaker";
        int port = 8080;
        String host = "127.0.0.1";
        String instance = "a";
        String redis = "redis://127.0.0.1:6379";
        String proxy = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port", "-p" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--instance" -> instance = value(args, ++i, "--instance");
                case "--redis" -> redis = value(args, ++i, "--redis");
                case "--proxy" -> proxy = value(args, ++i, "--proxy");
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        System.err.println("unknown option: " + args[i]);
                        usage();
                        System.exit(2);
                    }
                    example = args[i].toLowerCase(Locale.ROOT);
                }
            }
        }
        switch (example) {
            case "stringmaker" -> {
                Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
                Morello.quickstart(new StringMaker());
            }
            case "hello" -> HelloServer.main(new String[] {Integer.toString(port)});
            case "static" -> {
                Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
                Morello.quickstart(new StaticStringGenerator(), "", StaticStringGenerator.config(StaticStringGenerator.root()));
            }
            case "sessions" -> {
                Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
                Morello.quickstart(new SessionStringGenerator(), "", SessionStringGenerator.config());
            }
            case "hitcounter", "tut07" -> serve(host, port, new Tut07Sessions.HitCounter(), Map.of());
            case "tut01" -> serve(host, port, new Tut01HelloWorld.HelloWorld(), Map.of());
            case "tut02" -> serve(host, port, new Tut02ExposeMethods.HelloWorld(), Map.of());
            case "tut03" -> serve(host, port, new Tut03GetAndPost.WelcomePage(), Map.of());
            case "tut04" -> serve(host, port, Tut04ComplexSite.root(), Map.of());
            case "tut05" -> serve(host, port, new Tut05DerivedObjects.HomePage(), Map.of());
            case "tut06" -> serve(host, port, new Tut06DefaultMethod.UsersPage(), Map.of());
            case "tut08" -> serve(host, port, new Tut08GeneratorsAndYield.GeneratorDemo(), Map.of());
            case "tut09" -> serve(host, port, new Tut09Files.FileDemo(), Map.of());
            case "tut10" -> serve(host, port, new Tut10HttpErrors.HTTPErrorDemo(), Tut10HttpErrors.config());
            case "login" -> {
                Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
                Morello.quickstart(new LoginSite(), "", LoginSite.config());
            }
            case "scaleout" -> {
                Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
                Morello.quickstart(new ScaleOutSite(instance), "", ScaleOutSite.config(instance, redis, proxy));
            }
            case "clock" -> serve(host, port, new LiveClock(), Map.of());
            case "chat" -> serve(host, port, new Chat(), Map.of());
            case "stats" -> {
                Morello.tree().mount(new StatsPage(), StatsSite.STATS);
                serve(host, port, new StatsSite(), StatsSite.config());
            }
            case "operations" -> {
                Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
                Morello.quickstart(new Operations(), "", Operations.config(Operations.writeStaticFiles()));
            }
            case "rest" -> {
                Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
                Morello.quickstart(new StringGeneratorWebService(), "", StringGeneratorWebService.config());
            }
            default -> {
                System.err.println("unknown example: " + example);
                usage();
                System.exit(2);
            }
        }
    }

    /** The tutorials' {@code cherrypy.quickstart(root, config=tutconf)}, on the host and port given. */
    private static void serve(String host, int port, Object root, Map<String, ? extends Map<String, ?>> config) {
        Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
        Morello.quickstart(root, "", config);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("usage: java -jar morello-examples.jar [stringmaker|hello|rest|static|sessions|hitcounter|login|clock|chat|stats|operations|scaleout]"
                + " [--port N] [--host H]");
        System.err.println("       java -jar morello-examples.jar tut01|tut02|...|tut10 [--port N] [--host H]"
                + "   (CherryPy's tutorials 1 to 10)");
        System.err.println("       java -jar morello-examples.jar scaleout [--port N] [--host H] [--instance NAME] [--redis URL]"
                + " [--proxy ADDRESS]");
        System.err.println("       java -jar morello-examples.jar morellod [-c FILE]... [-i CLASS]... [-e ENV] [-p PIDFILE] [--set K=V]...");
    }
}
