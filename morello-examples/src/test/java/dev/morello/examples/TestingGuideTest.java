package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/testing.md shows {@link GreeterTest} as it is, so that its example is one the build runs. */
class TestingGuideTest {
    @Test
    void theGuideShowsTheExampleAsTheBuildRunsIt() throws Exception {
        // Maven runs the tests in the module's directory
        String guide = Files.readString(Path.of("..", "docs", "testing.md"));
        String example = Files.readString(Path.of("src", "test", "java", "dev", "morello", "examples", "GreeterTest.java"));
        assertTrue(guide.contains("```java\n" + example + "```"),
                "docs/testing.md no longer shows GreeterTest.java as it is: copy the file into the guide");
    }
}
