package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.Morello;
import java.util.Optional;

/**
 * Tutorial 3, passing variables: a form whose field arrives as a parameter of the handler, the
 * same whether it came in the query string (GET) or the body (POST).
 */
public final class Tut03GetAndPost {
    private Tut03GetAndPost() {
    }

    /** A form that asks for a name, and the page that greets it. */
    public static class WelcomePage {
        /** Asks the user's name. */
        @Expose
        public String index() {
            return "\n            <form action=\"greetUser\" method=\"GET\">"
                    + "\n            What is your name?"
                    + "\n            <input type=\"text\" name=\"name\" />"
                    + "\n            <input type=\"submit\" />"
                    + "\n            </form>";
        }

        /**
         * Greets the user. Every GET or POST variable is bound to the parameter of its name; an
         * {@code Optional} one may be left out, so the page tells a name never given from an
         * empty one (Python's {@code name=None}).
         */
        @Expose
        public String greetUser(Optional<String> name) {
            if (name.isPresent() && !name.get().isEmpty()) {
                return "Hey " + escape(name.get()) + ", what's up?";
            }
            if (name.isEmpty()) {
                return "Please enter your name <a href=\"./\">here</a>.";
            }
            return "No, really, enter your name <a href=\"./\">here</a>.";
        }
    }

    /**
     * The name goes back into HTML: escaped, so that a name cannot be markup. (The Python
     * tutorial writes it as it came.)
     */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#x27;");
    }

    /** Serves a WelcomePage at "/". */
    public static void main(String[] args) {
        Morello.quickstart(new WelcomePage());
    }
}
