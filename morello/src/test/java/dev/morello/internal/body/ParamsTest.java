package dev.morello.internal.body;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void firstValueIsStoredBare() {
        Map<String, Object> params = new LinkedHashMap<>();
        Params.add(params, "a", "1");
        assertEquals(Map.of("a", "1"), params);
    }

    @Test
    void repeatedNameBecomesListInArrivalOrder() {
        Map<String, Object> params = new LinkedHashMap<>();
        Params.add(params, "a", "1");
        Params.add(params, "a", "2");
        Params.add(params, "a", "3");
        assertEquals(Map.of("a", List.of("1", "2", "3")), params);
    }

    @Test
    void queryThenBodyMergeIntoOneFlatList() {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("a", "q"));
        Params.addAll(params, QueryStringTest.ordered("a", "body", "b", "x"));
        assertEquals(QueryStringTest.ordered("a", List.of("q", "body"), "b", "x"), params);
    }

    @Test
    void mergingListsFlattensThem() {
        Map<String, Object> params = new LinkedHashMap<>();
        Params.add(params, "a", "1");
        Params.add(params, "a", "2");
        Params.addAll(params, Map.of("a", List.of("3", "4")));
        assertEquals(Map.of("a", List.of("1", "2", "3", "4")), params);
    }

    @Test
    void listPutThereByOtherCodeIsCopiedNotMutated() {
        List<Object> fixed = List.of("1", "2");
        Map<String, Object> params = new LinkedHashMap<>(Map.of("a", fixed));
        Params.add(params, "a", "3");
        assertEquals(Map.of("a", List.of("1", "2", "3")), params);
        assertEquals(List.of("1", "2"), fixed);
    }
}
