package dev.morello.examples.tutorial;

import dev.morello.Expose;
import dev.morello.Morello;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tutorial 8, generators: a handler may return its page in parts, as a {@link Stream} (or any
 * {@code Iterable}) of strings, Python's generator with {@code yield}. The parts are made as they
 * are asked for; with {@code response.stream = True} in config each would also be sent as it is
 * made, in chunks, instead of all together.
 */
public final class Tut08GeneratorsAndYield {
    private Tut08GeneratorsAndYield() {
    }

    /** A list of users, written part by part. */
    public static class GeneratorDemo {
        String header() {
            return "<html><body><h2>Generators rule!</h2>";
        }

        String footer() {
            return "</body></html>";
        }

        /** The header, a heading, a line per user and the footer: each element one part of the body. */
        @Expose
        public Stream<String> index() {
            // a list of users, made up for the page
            List<String> users = List.of("Remi", "Carlos", "Hendrik", "Lorenzo Lamas");
            return Stream.of(
                    Stream.of(header(), "<h3>List of users:</h3>"),
                    users.stream().map(user -> user + "<br/>"),
                    Stream.of(footer()))
                    .flatMap(part -> part);
        }
    }

    /** Serves a GeneratorDemo at "/". */
    public static void main(String[] args) {
        Morello.quickstart(new GeneratorDemo());
    }
}
