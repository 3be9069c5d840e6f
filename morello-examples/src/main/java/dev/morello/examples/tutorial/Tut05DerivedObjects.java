package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.Morello;

/**
 * Tutorial 5, inheritance: handler classes may extend any class. Here a base class writes the
 * header and footer every page shares, and each page says only what is its own.
 */
public final class Tut05DerivedObjects {
    private Tut05DerivedObjects() {
    }

    /**
     * What every page shares. Its methods are not exposed: the pages call them, visitors do not.
     * (A public field holding an object would be a branch of the site, so the title is a method.)
     */
    public abstract static class Page {
        /** The page's title, in its header. */
        protected String title() {
            return "Untitled Page";
        }

        /** The opening of the page, with its title. */
        protected String header() {
            return "\n            <html>"
                    + "\n            <head>"
                    + "\n                <title>" + title() + "</title>"
                    + "\n            <head>"
                    + "\n            <body>"
                    + "\n            <h2>" + title() + "</h2>"
                    + "\n        ";
        }

        /** The end of the page. */
        protected String footer() {
            return "\n            </body>"
                    + "\n            </html>"
                    + "\n        ";
        }
    }

    /** The home page, with another page below it. */
    public static class HomePage extends Page {
        /** The sub-page: {@code /another/}. */
        public final AnotherPage another = new AnotherPage();

        @Override
        protected String title() {
            return "Tutorial 5";
        }

        /** The header and footer come from {@link Page}. */
        @Expose
        public String index() {
            return header()
                    + "\n            <p>"
                    + "\n            Isn't this exciting? There's"
                    + "\n            <a href=\"./another/\">another page</a>, too!"
                    + "\n            </p>"
                    + "\n        "
                    + footer();
        }
    }

    /** The second page. */
    public static class AnotherPage extends Page {
        @Override
        protected String title() {
            return "Another Page";
        }

        /** Its own paragraph between the shared header and footer. */
        @Expose
        public String index() {
            return header()
                    + "\n            <p>"
                    + "\n            And this is the amazing second page!"
                    + "\n            </p>"
                    + "\n        "
                    + footer();
        }
    }

    /** Serves a HomePage at "/". */
    public static void main(String[] args) {
        Morello.quickstart(new HomePage());
    }
}
