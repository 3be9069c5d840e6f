package dev.morello.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Morello;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/config-reference.md} is generated from the key registry; this test fails when it is
 * stale. Regenerate with {@code mvn -pl morello test -Dtest=ConfigReferenceTest -Dmorello.writeDocs=true}.
 */
class ConfigReferenceTest {
    private static final Path DOC = Path.of("..", "docs", "config-reference.md");

    @Test
    void theConfigReferenceMatchesTheKeyRegistry() throws Exception {
        Morello.config(); // every built-in key is registered once the framework is loaded
        String expected = Keys.reference();
        if (Boolean.getBoolean("morello.writeDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "docs/config-reference.md is stale; regenerate it (see this test's doc)");
    }

    @Test
    void everyKeyHasATypeADefaultAndAMeaning() {
        for (Key k : Keys.all()) {
            assertEquals(false, k.meaning().isBlank(), k.name());
            assertEquals(true, Keys.isNamespace(k.namespace()) || k.name().equals("environment"), k.name());
        }
    }
}
