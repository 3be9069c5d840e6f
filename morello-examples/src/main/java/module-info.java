/** Runnable examples of Morello. */
module dev.morello.examples {
    requires dev.morello.http;
    exports dev.morello.examples;
}
