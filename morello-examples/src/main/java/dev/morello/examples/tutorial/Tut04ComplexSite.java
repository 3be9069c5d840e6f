package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.Morello;

/**
 * Tutorial 4, several objects: a site made of nested handler objects. A public field holding an
 * object is a branch of the URL tree: {@code root.links.extra} answers {@code /links/extra/}.
 */
public final class Tut04ComplexSite {
    private Tut04ComplexSite() {
    }

    /** The home page, at "/". */
    public static class HomePage {
        /** The joke, set by {@link #root()}: {@code /joke/}. */
        public JokePage joke;
        /** The links, set by {@link #root()}: {@code /links/}. */
        public LinksPage links;

        /** Points at the other pages. */
        @Expose
        public String index() {
            return "\n            <p>Hi, this is the home page! Check out the other"
                    + "\n            fun stuff on this site:</p>"
                    + "\n"
                    + "\n            <ul>"
                    + "\n                <li><a href=\"/joke/\">A silly joke</a></li>"
                    + "\n                <li><a href=\"/links/\">Useful links</a></li>"
                    + "\n            </ul>";
        }
    }

    /** A page with a joke. */
    public static class JokePage {
        /** The joke, and the way back. */
        @Expose
        public String index() {
            return "\n            <p>\"In Python, how do you create a string of random"
                    + "\n            characters?\" -- \"Read a Perl file!\"</p>"
                    + "\n            <p>[<a href=\"../\">Return</a>]</p>";
        }
    }

    /** A page of links, with a page of more links below it. */
    public static class LinksPage {
        /** A handler object may make its own branches: this one is {@code /links/extra/}. */
        public final ExtraLinksPage extra = new ExtraLinksPage();

        /**
         * Links down to the extra page and back up, relatively: the page need not know where it
         * is mounted.
         */
        @Expose
        public String index() {
            return "\n            <p>Here are some useful links:</p>"
                    + "\n"
                    + "\n            <ul>"
                    + "\n                <li><a href=\"http://www.cherrypy.org\">The CherryPy Homepage</a></li>"
                    + "\n                <li><a href=\"http://www.python.org\">The Python Homepage</a></li>"
                    + "\n            </ul>"
                    + "\n"
                    + "\n            <p>You can check out some extra useful"
                    + "\n            links <a href=\"./extra/\">here</a>.</p>"
                    + "\n"
                    + "\n            <p>[<a href=\"../\">Return</a>]</p>"
                    + "\n        ";
        }
    }

    /** More links, one level down. */
    public static class ExtraLinksPage {
        /** Links back up to the links page relatively. */
        @Expose
        public String index() {
            return "\n            <p>Here are some extra useful links:</p>"
                    + "\n"
                    + "\n            <ul>"
                    + "\n                <li><a href=\"http://del.icio.us\">del.icio.us</a></li>"
                    + "\n                <li><a href=\"http://www.cherrypy.org\">CherryPy</a></li>"
                    + "\n            </ul>"
                    + "\n"
                    + "\n            <p>[<a href=\"../\">Return to links page</a>]</p>";
        }
    }

    /**
     * The tree: a home page with the joke and the links hung on it. The extra links are not
     * hung here: the links page makes its own.
     */
    public static HomePage root() {
        HomePage root = new HomePage();
        root.joke = new JokePage();
        root.links = new LinksPage();
        return root;
    }

    /** Serves the tree at "/". */
    public static void main(String[] args) {
        Morello.quickstart(root());
    }
}
