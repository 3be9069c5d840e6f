/** Runnable examples of Morello. */
module dev.morello.examples {
    requires dev.morello;
    exports dev.morello.examples;
    exports dev.morello.examples.tutorial;
    opens dev.morello.examples to dev.morello;
    opens dev.morello.examples.tutorial to dev.morello;
}
