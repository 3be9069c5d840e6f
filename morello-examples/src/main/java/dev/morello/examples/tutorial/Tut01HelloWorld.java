package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.Morello;

/** Tutorial 1, hello world: the smallest application that works. */
public final class Tut01HelloWorld {
    private Tut01HelloWorld() {
    }

    /** A request handler class, and the whole site. */
    public static class HelloWorld {
        /**
         * The page for the root URI, "/": what it returns is what the client gets. Only methods
         * marked {@code @Expose} are reachable from the web.
         */
        @Expose
        public String index() {
            return "Hello world!";
        }
    }

    /** Mounts a HelloWorld at "/", so that a request for "/" reaches its {@code index}, and serves it. */
    public static void main(String[] args) {
        Morello.quickstart(new HelloWorld());
    }
}
