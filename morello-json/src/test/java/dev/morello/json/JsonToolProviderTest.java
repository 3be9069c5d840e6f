package dev.morello.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.config.Key;
import dev.morello.config.Keys;
import dev.morello.tools.HandlerWrapperTool;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module registers its tools itself, with CherryPy's hook points, priorities and defaults. */
class JsonToolProviderTest {
    @Test
    void registersJsonInAtBeforeRequestBody30() {
        Tool tool = Morello.tools().get("json_in");
        assertEquals(HookPoint.BEFORE_REQUEST_BODY, tool.point());
        assertEquals(30, tool.priority());
    }

    @Test
    void registersJsonOutAsAHandlerWrapperAtBeforeHandler30() {
        Tool tool = Morello.tools().get("json_out");
        assertInstanceOf(HandlerWrapperTool.class, tool);
        assertEquals(HookPoint.BEFORE_HANDLER, tool.point());
        assertEquals(30, tool.priority());
    }

    @Test
    void registersTheArgumentsWithTheirDefaults() {
        Morello.tools();
        assertEquals(List.of("application/json", "text/javascript"), Keys.get("tools.json_in.content_type").defaultValue());
        assertEquals(true, Keys.get("tools.json_in.force").defaultValue());
        assertEquals(false, Keys.get("tools.json_in.debug").defaultValue());
        assertEquals(Key.Type.OBJECT, Keys.get("tools.json_in.processor").type());
        assertEquals("application/json", Keys.get("tools.json_out.content_type").defaultValue());
        assertEquals(Key.Type.OBJECT, Keys.get("tools.json_out.handler").type());
        assertTrue(Keys.get("tools.json_out.on") != null);
    }
}
