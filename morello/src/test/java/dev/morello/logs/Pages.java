package dev.morello.logs;

import dev.morello.Expose;
import dev.morello.Param;

/** The site the logging tests serve: a page, and a page that fails. */
public class Pages {
    @Expose
    public String index() {
        return "hello";
    }

    /** A page per number, so each request's access line is told apart. */
    @Expose
    public String page(@Param("n") String n) {
        return "page " + n;
    }

    @Expose
    public String boom() {
        throw new IllegalStateException("kaboom");
    }
}
