package dev.morello.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.internal.config.IniParser;
import dev.morello.internal.config.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example file in docs/configuration.md loads as shown. */
class DocExampleTest {
    @Test
    void textAfterASectionHeaderIsIgnoredAsPythonDoes() throws Exception {
        Map<String, Map<String, Object>> sections = IniParser.parse(
                new java.io.StringReader("[s]   # a comment\nk = 1\n"), "t.conf", Names.DEFAULT);
        assertEquals(1, sections.get("s").get("k"));
    }

    @Test
    void interpolationThatExplodesIsRefused() {
        StringBuilder b = new StringBuilder("[DEFAULT]\na = \"xxxxxxxxxxxxxxxx\"\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            b.append(c).append(" = %(").append(prev).append(")s%(").append(prev).append(")s%(").append(prev)
                    .append(")s%(").append(prev).append(")s\n");
            prev = c;
        }
        b.append("[s]\nz = %(j)s\n");
        org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> IniParser.parseRaw(new java.io.StringReader(b.toString()), "bomb.conf"));
    }

    @Test
    void theGuidesExampleLoads() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        int start = doc.indexOf("```\n[DEFAULT]") + 4;
        String example = doc.substring(start, doc.indexOf("```", start));
        Map<String, Map<String, Object>> sections = IniParser.parse(new java.io.StringReader(example), "configuration.md",
                Names.DEFAULT);
        assertEquals(8080, sections.get("global").get("server.socket_port"));
        assertEquals("/srv/site", sections.get("/static").get("tools.staticdir.root"));
        assertEquals("postgres", sections.get("Databases").get("driver"));
        assertEquals("dev.morello.dispatch.ObjectDispatcher", sections.get("/").get("request.dispatch").getClass().getName());
    }
}
