package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.Morello;

/** Tutorial 2, several methods: a page that links to another method of the same handler. */
public final class Tut02ExposeMethods {
    private Tut02ExposeMethods() {
    }

    /** Two pages: the index, and the message it links to. */
    public static class HelloWorld {
        /** Links to the other page, by the method's path segment. */
        @Expose
        public String index() {
            return "We have an <a href=\"show_msg\">important message</a> for you!";
        }

        /** The important message, at {@code /show_msg} (the Python method's name) and {@code /showMsg}. */
        @Expose(alias = "show_msg")
        public String showMsg() {
            return "Hello world!";
        }
    }

    /** Serves a HelloWorld at "/". */
    public static void main(String[] args) {
        Morello.quickstart(new HelloWorld());
    }
}
