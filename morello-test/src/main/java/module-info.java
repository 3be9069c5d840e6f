/**
 * The test kit: a site mounted and served on a free port for a JUnit 5 test class or method, and a
 * client with CherryPy's assertions ({@code getPage}, {@code assertStatus}, {@code assertBody} ...)
 * that keeps cookies between calls. See {@link dev.morello.test.MorelloTest}.
 */
module dev.morello.test {
    requires transitive dev.morello;
    requires transitive org.junit.jupiter.api;
    requires transitive java.net.http;

    exports dev.morello.test;
}
