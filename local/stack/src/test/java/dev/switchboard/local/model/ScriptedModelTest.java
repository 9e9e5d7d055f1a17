package dev.switchboard.local.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.switchboard.testkit.openai.ChatRequest;
import dev.switchboard.testkit.openai.Reply;
import dev.switchboard.testkit.openai.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScriptedModelTest {

    private static final String SCRIPT = """
            firstTokenDelay: 120ms
            tokenPace: 0.5s
            default: Say again?
            rules:
              - when: {keywords: [menu, what do you have]}
                say: Pizza and salad.
              - when: {regex: "(?i)(?<size>large|small) (?<item>margherita)"}
                say: One {{size|lower}} {{item|capitalize}}. Name?
              - when: {previous: "(?i)one (?<size>\\\\w+) (?<item>\\\\w+)\\\\. name", regex: "(?i)name is (?<name>\\\\w+)"}
                tokenPace: 5ms
                toolCalls:
                  - name: place_order
                    arguments: {customerName: "{{name}}", items: [{item: "{{item|lower}}", size: "{{size}}", quantity: "{{qty|int}}"}]}
              - after: place_order
                say: "Done: order {{result.orderNumber}}."
              - after: place_order
                failed: true
                say: "Sorry: {{result}}"
              - when: {all: [two, words]}
                say: Both.
            """;

    private final ScriptedModel model = new ScriptedModel(ModelScript.parse(SCRIPT));

    private static ChatRequest.Message user(String text) {
        return new ChatRequest.Message("user", text, List.of(), "");
    }

    private static ChatRequest.Message assistant(String text, ToolCall... calls) {
        return new ChatRequest.Message("assistant", text, List.of(calls), "");
    }

    private static ChatRequest.Message tool(String id, String content) {
        return new ChatRequest.Message("tool", content, List.of(), id);
    }

    private static Reply.Completion reply(ScriptedModel model, ChatRequest.Message... messages) {
        List<ChatRequest.Message> all = new ArrayList<>();
        all.add(new ChatRequest.Message("system", "You answer the phone for a pizzeria.", List.of(), ""));
        all.addAll(List.of(messages));
        return (Reply.Completion) model.apply(new ChatRequest(0, "/v1/chat/completions", "k", "m", all, List.of(),
                true, NullNode.getInstance()));
    }

    @Test
    void answersTheFirstRuleWhoseKeywordsTheCallerSaid() {
        Reply.Completion reply = reply(model, user("What do you have today?"));

        assertThat(reply.text()).isEqualTo("Pizza and salad.");
        assertThat(reply.toolCalls()).isEmpty();
        assertThat(reply.firstTokenDelay()).isEqualTo(Duration.ofMillis(120));
        assertThat(reply.tokenPace()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void matchesKeywordsAsWholeWordsOnly() {
        assertThat(reply(model, user("menus?")).text()).isEqualTo("Say again?");
    }

    @Test
    void requiresEveryWordOfAnAllCondition() {
        assertThat(reply(model, user("two words")).text()).isEqualTo("Both.");
        assertThat(reply(model, user("two")).text()).isEqualTo("Say again?");
    }

    @Test
    void fillsRegexGroupsIntoTheReplyWithFilters() {
        assertThat(reply(model, user("A LARGE MARGHERITA please")).text()).isEqualTo("One large Margherita. Name?");
    }

    @Test
    void callsToolsWithArgumentsFromThePreviousReplyAndTheCallersWords() {
        Reply.Completion reply = reply(model, user("large margherita"), assistant("One large Margherita. Name?"),
                user("My name is Ada"));

        assertThat(reply.text()).isEmpty();
        assertThat(reply.tokenPace()).isEqualTo(Duration.ofMillis(5));
        assertThat(reply.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("place_order");
            assertThat(call.id()).isNotBlank();
            assertThat(call.arguments()).isEqualTo(
                    "{\"customerName\":\"Ada\",\"items\":[{\"item\":\"margherita\",\"size\":\"large\",\"quantity\":\"\"}]}");
        });
    }

    @Test
    void answersAToolResultWithTheRuleForThatTool() {
        ToolCall call = ToolCall.of("call_1", "place_order", "{}");

        Reply.Completion reply = reply(model, user("name is Ada"), assistant("", call),
                tool("call_1", "{\"orderNumber\":\"123456\",\"total\":\"17.99\"}"));

        assertThat(reply.text()).isEqualTo("Done: order 123456.");
        assertThat(reply.toolCalls()).isEmpty();
    }

    @Test
    void answersAFailedToolResultWithTheFailedRule() {
        ToolCall call = ToolCall.of("call_1", "place_order", "{}");

        assertThat(reply(model, user("x"), assistant("", call), tool("call_1", "The restaurant is closed.")).text())
                .isEqualTo("Sorry: The restaurant is closed.");
        assertThat(reply(model, user("x"), assistant("", call),
                tool("call_1", "{\"ok\":false,\"content\":\"No such pizza.\"}")).text())
                .isEqualTo("Sorry: No such pizza.");
        assertThat(reply(model, user("x"), assistant("", call),
                tool("call_1", "{\"ok\":false,\"error\":\"store_closed\",\"message\":\"We are closed.\"}")).text())
                .isEqualTo("Sorry: We are closed.");
    }

    @Test
    void fallsBackToTheDefaultReplyAfterAToolWithoutARule() {
        ToolCall call = ToolCall.of("call_9", "get_pickup_time", "{}");

        Reply.Completion reply = reply(model, user("x"), assistant("", call), tool("call_9", "{}"));

        assertThat(reply.text()).isEqualTo("Say again?");
        assertThat(reply.toolCalls()).isEmpty();
    }

    @Test
    void overridesThePaceForBenchmarks() {
        model.firstTokenDelay(Optional.of(Duration.ZERO));
        model.tokenPace(Optional.of(Duration.ofMillis(1)));

        Reply.Completion reply = reply(model, user("menu"));

        assertThat(reply.firstTokenDelay()).isZero();
        assertThat(reply.tokenPace()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void answersEachConversationWithTheScriptWhoseSystemRegexMatchesItsSystemPrompt() {
        ScriptedModel both = new ScriptedModel(List.of(
                ModelScript.parse("system: (?i)pizzeria\ndefault: Pizza time.\nrules: []\n"),
                ModelScript.parse("system: (?i)assistant\ndefault: Assistant here.\nrules: []\n"),
                ModelScript.parse("default: Anyone.\nrules: []\n")));

        assertThat(reply(both, user("hi")).text()).isEqualTo("Pizza time.");
        assertThat(((Reply.Completion) both.apply(new ChatRequest(0, "/v1/chat/completions", "k", "m", List.of(
                new ChatRequest.Message("system", "You are a helpful assistant.", List.of(), ""), user("hi")),
                List.of(), true, NullNode.getInstance()))).text()).isEqualTo("Assistant here.");
        assertThat(((Reply.Completion) both.apply(new ChatRequest(0, "/v1/chat/completions", "k", "m", List.of(
                new ChatRequest.Message("system", "You are a florist.", List.of(), ""), user("hi")),
                List.of(), true, NullNode.getInstance()))).text()).isEqualTo("Anyone.");
    }

    @Test
    void refusesARuleWithoutACondition() {
        assertThatThrownBy(() -> ModelScript.parse("rules:\n  - say: hi\n"))
                .hasMessageContaining("rules[0] needs 'when'");
    }

    @Test
    void refusesABrokenRegexNamingWhereItIs() {
        assertThatThrownBy(() -> ModelScript.parse("rules:\n  - when: {regex: \"(\"}\n    say: hi\n"))
                .hasMessageContaining("rules[0].when.regex");
    }

    @Test
    void refusesAnUnknownConditionName() {
        assertThatThrownBy(() -> ModelScript.parse("rules:\n  - when: {keyword: [a]}\n    say: hi\n"))
                .hasMessageContaining("when.keyword is unknown");
    }

    @Test
    void readsTheShippedScripts() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        try (var scripts = Files.list(root.resolve("local/scripts"))) {
            List<Path> files = scripts.toList();
            assertThat(files).extracting(p -> p.getFileName().toString()).contains("restaurant.yaml", "assistant.yaml");
            for (Path file : files) {
                assertThat(ModelScript.read(file).rules()).as(file.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void readsDurationsInMillisecondsSecondsOrMinutes() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("40")).isEqualTo(Duration.ofMillis(40));
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
    }
}
