package dev.morello.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import dev.morello.test.WebResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared mapper: replaced, both tools use the new one from the next request on; null restores the default. */
@MorelloTest
class SharedMapperTest {
    public record Delivery(String streetName, int houseNumber) {
    }

    public static class Root {
        @Expose
        public Delivery delivery() {
            return new Delivery("High Street", 12);
        }

        @Expose
        public Delivery readBack(Request request) {
            return JsonTools.read(request, Delivery.class);
        }
    }

    @Mount
    static void site() {
        Map<String, Object> both = new LinkedHashMap<>(JsonTools.jsonIn());
        both.putAll(JsonTools.jsonOut());
        Morello.tree().mount(new Root(), "", Map.of("/", both));
    }

    /** The site's client, for the whole class (no test here needs cookies of its own). */
    private static WebClient client;

    @BeforeAll
    static void connect(WebClient site) {
        client = site;
    }

    /** A POST of {@code body} with the Content-Type given. */
    private static WebResponse post(String path, String contentType, String body) {
        return client.getPage(path, "POST", Map.of("Content-Type", contentType), body);
    }

    @AfterEach
    void restore() {
        JsonTools.mapper(null);
    }

    @Test
    void writesWithTheDefaultMapperUntilReplaced() throws Exception {
        assertEquals("{\"streetName\":\"High Street\",\"houseNumber\":12}", client.getPage("/delivery").body());
    }

    @Test
    void writesWithAReplacedMapper() throws Exception {
        JsonTools.mapper(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
        assertEquals("{\"street_name\":\"High Street\",\"house_number\":12}", client.getPage("/delivery").body());
    }

    @Test
    void readsWithAReplacedMapper() throws Exception {
        JsonTools.mapper(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
        assertEquals("{\"street_name\":\"Mill Lane\",\"house_number\":3}", post("/readBack", "application/json",
                "{\"street_name\": \"Mill Lane\", \"house_number\": 3}").body());
    }

    @Test
    void readsStrictlyWhateverTheMapper() throws Exception {
        JsonTools.mapper(new ObjectMapper());
        assertEquals(400, post("/readBack", "application/json", "{\"streetName\": \"a\"} []").status());
    }

    @Test
    void restoresTheDefaultMapperWithNull() {
        ObjectMapper mine = new ObjectMapper();
        ObjectMapper before = JsonTools.mapper();
        JsonTools.mapper(mine);
        assertSame(mine, JsonTools.mapper());
        JsonTools.mapper(null);
        assertSame(before, JsonTools.mapper());
        assertNotSame(mine, JsonTools.mapper());
    }
}
