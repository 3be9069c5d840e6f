/** Runnable examples of Morello. */
module dev.morello.examples {
    requires dev.morello;
    exports dev.morello.examples;
    opens dev.morello.examples to dev.morello;
}
