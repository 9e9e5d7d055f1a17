package dev.switchboard.wsmessage.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolFunctionsTest {

    @Test
    void resolvesFunctionKeysToAliasArns() {
        ToolFunctions functions = ToolFunctions.parse(
                "{\"PlaceOrder\":\"arn:aws:lambda:us-east-1:123456789012:function:po:live\"}");

        assertThat(functions.arnFor("PlaceOrder")).contains("arn:aws:lambda:us-east-1:123456789012:function:po:live");
        assertThat(functions.arnFor("Nope")).isEmpty();
        assertThat(functions.keys()).containsExactly("PlaceOrder");
    }

    @Test
    void aMalformedMapFailsAtInit() {
        assertThatThrownBy(() -> ToolFunctions.parse("not json")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ToolFunctions.parse("[]")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ToolFunctions.parse("{\"A\":\"\"}")).hasMessageContaining("TOOL_FUNCTIONS.A");
    }
}
