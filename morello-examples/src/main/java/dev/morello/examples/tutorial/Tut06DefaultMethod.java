package dev.morello.examples.tutorial;

import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.Morello;

/**
 * Tutorial 6, the default method: when no handler matches a path, the method marked
 * {@code @Default} answers it, with the path's segments as its parameters. Here it turns
 * {@code /remi} into Remi's page without a method per user.
 */
public final class Tut06DefaultMethod {
    private Tut06DefaultMethod() {
    }

    /** A list of users, and a page for each. */
    public static class UsersPage {
        /** Links to a few users' pages. */
        @Expose
        public String index() {
            return "\n            <a href=\"./remi\">Remi Delon</a><br/>"
                    + "\n            <a href=\"./hendrik\">Hendrik Mans</a><br/>"
                    + "\n            <a href=\"./lorenzo\">Lorenzo Lamas</a><br/>"
                    + "\n        ";
        }

        /** Any other path: {@code /hendrik} calls {@code user("hendrik")}. */
        @Default
        public String user(String user) {
            String out = switch (user) {
                case "remi" -> "Remi Delon, CherryPy lead developer";
                case "hendrik" -> "Hendrik Mans, CherryPy co-developer & crazy German";
                case "lorenzo" -> "Lorenzo Lamas, famous actor and singer!";
                default -> "Unknown user. :-(";
            };
            return out + " (<a href=\"./\">back</a>)";
        }
    }

    /** Serves a UsersPage at "/". */
    public static void main(String[] args) {
        Morello.quickstart(new UsersPage());
    }
}
