package dev.switchboard.wsmessage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.json.Json;
import dev.switchboard.shared.tools.ToolResult;
import org.junit.jupiter.api.Test;

class ToolContinuationTest {

    @Test
    void givesTheModelASuccessfulResultAsTheToolWroteIt() {
        assertThat(ToolContinuation.modelContent(ToolResult.ok("c1", "get_pickup_time", "{\"minutes\":15}")))
                .isEqualTo("{\"minutes\":15}");
    }

    @Test
    void givesTheModelAnExplicitOkForASuccessWithoutContent() {
        assertThat(ToolContinuation.modelContent(new ToolResult("c1", "x", true, null, null))).isEqualTo("{\"ok\":true}");
    }

    @Test
    void wrapsAFailureSoTheModelCannotTakeItForAnAnswer() {
        String content = ToolContinuation.modelContent(ToolResult.failed("c1", "place_order", "unknown_item",
                "There is no calzone on the menu."));

        assertThat(Json.read(content).path("ok").asBoolean(true)).isFalse();
        assertThat(Json.read(content).path("error").asText()).isEqualTo("unknown_item");
        assertThat(Json.read(content).path("message").asText()).isEqualTo("There is no calzone on the menu.");
    }

    @Test
    void namesAFailureThatCameWithoutErrorOrContent() {
        String content = ToolContinuation.modelContent(new ToolResult("c1", "x", false, null, " "));

        assertThat(Json.read(content).path("error").asText()).isEqualTo("failed");
        assertThat(Json.read(content).path("message").asText()).isEqualTo("The tool did not work.");
    }
}
