package dev.switchboard.shared.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.shared.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentValidatorTest {

    private final ArgumentValidator validator = new ArgumentValidator();
    private final Map<String, Object> schema = ToolTestUseCases.shop().tool("lookup_item").orElseThrow().parameters();

    @Test
    void acceptsArgumentsThatMatchTheSchema() {
        assertThat(validator.problems(schema, Json.read("{\"sku\":\"ABC12\",\"count\":2}"))).isEmpty();
    }

    @Test
    void namesAMissingRequiredField() {
        assertThat(validator.problems(schema, Json.read("{\"count\":2}")))
                .singleElement().asString().startsWith("arguments:").contains("sku");
    }

    @Test
    void namesEachBadFieldAndWhy() {
        assertThat(validator.problems(schema, Json.read("{\"sku\":\"abc\",\"count\":0}")))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("count:").contains("1"))
                .anySatisfy(p -> assertThat(p).startsWith("sku:").contains("pattern"));
    }

    @Test
    void namesTheWrongType() {
        assertThat(validator.problems(schema, Json.read("{\"sku\":12}")))
                .singleElement().asString().startsWith("sku:").contains("string");
    }

    @Test
    void anUnusableSchemaIsAConfigMistake() {
        assertThatThrownBy(() -> validator.problems(Map.of("type", "object", "properties", Map.of("x",
                Map.of("type", "string", "pattern", "[unclosed"))), Json.read("{\"x\":\"a\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
