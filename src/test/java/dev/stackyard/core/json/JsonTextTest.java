package dev.stackyard.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * JsonText writes exactly what ObjectMapper writes (scripts read {@code status --json}, and
 * {@code events.log} lines are compared as text) and reads back the same tree.
 */
class JsonTextTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ArrayNode sample() {
        ArrayNode array = JsonText.array();
        ObjectNode o = array.addObject();
        o.put("id", "web \"main\" \u00e9\u4e2d\n\ttab");
        o.put("port", 8080);
        o.putNull("pid");
        o.put("big", 1L << 40);
        o.put("huge", new BigInteger("123456789012345678901234567890"));
        o.put("ratio", 0.25);
        o.put("supervised", true);
        o.putObject("exit").put("code", -1);
        o.putArray("list").add("a").add(2).add(false).addNull();
        array.addObject();
        array.addArray();
        return array;
    }

    @Test
    void writesWhatObjectMapperWrites() throws IOException {
        ArrayNode tree = sample();
        assertEquals(MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree), JsonText.pretty(tree));
        assertEquals(MAPPER.writeValueAsString(tree), JsonText.compact(tree));
        assertEquals(tree.toString(), JsonText.compact(tree));
    }

    @Test
    void readsWhatItWrote() throws IOException {
        ArrayNode tree = sample();
        assertEquals(tree, JsonText.parse(JsonText.compact(tree)));
        assertEquals(tree, JsonText.parse(JsonText.pretty(tree).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        JsonNode scalar = JsonText.parse(" \"just text\" ");
        assertEquals("just text", scalar.textValue());
        assertEquals(MAPPER.readTree("{\"a\":{\"b\":[1,2.5,null]}}"), JsonText.parse("{\"a\":{\"b\":[1,2.5,null]}}"));
    }

    @Test
    void refusesWhatIsNotOneJsonValue() {
        assertThrows(IOException.class, () -> JsonText.parse(""));
        assertThrows(IOException.class, () -> JsonText.parse("{\"a\":"));
        assertThrows(IOException.class, () -> JsonText.parse("{} {}"));
        assertThrows(IOException.class, () -> JsonText.parse("not json"));
    }
}
