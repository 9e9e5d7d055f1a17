package dev.switchboard.local.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.local.model.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConversationFileTest {

    @Test
    void readsStepsActionsAndExpectations() {
        ConversationFile file = ConversationFile.parse("""
                name: demo
                to: "+15005550006"
                settle: 150ms
                timeout: 5s
                greeting: Bella
                steps:
                  - say: hi
                    expect:
                      reply: {contains: [a, b], regex: "x\\\\d"}
                      toolCalls: [place_order, {name: get_pickup_time, ok: true, arguments: {contains: pickup}}]
                  - dtmf: "1#"
                    interrupt: {after: "We", heard: "We have"}
                  - hangup: true
                    expect: {handoff: "<Hangup"}
                """);

        assertThat(file.name()).isEqualTo("demo");
        assertThat(file.to()).contains("+15005550006");
        assertThat(file.settle()).contains(Duration.ofMillis(150));
        assertThat(file.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(file.greeting()).hasValueSatisfying(g -> assertThat(g.problems("Bella Notte")).isEmpty());
        assertThat(file.steps()).extracting(ConversationFile.Step::action).containsExactly(
                new ConversationFile.Action.Say("hi"), new ConversationFile.Action.Dtmf("1#"),
                new ConversationFile.Action.Hangup());
        ConversationFile.Expect first = file.steps().get(0).expect();
        assertThat(first.toolCalls()).extracting(ConversationFile.ToolExpectation::name)
                .containsExactly("place_order", "get_pickup_time");
        assertThat(first.reply()).hasValueSatisfying(m -> {
            assertThat(m.problems("a b x1")).isEmpty();
            assertThat(m.problems("A b")).containsExactly("does not match /x\\d/");
        });
        assertThat(file.steps().get(1).interrupt()).contains(
                new ConversationFile.Interrupt("We", java.util.Optional.of("We have")));
    }

    @Test
    void explainsWhatIsWrongWithAStep() {
        assertThatThrownBy(() -> ConversationFile.parse("steps:\n  - say: hi\n    dtmf: '1'\n"))
                .hasMessageContaining("steps[1] needs exactly one of say, dtmf, hangup, wait");
        assertThatThrownBy(() -> ConversationFile.parse("steps:\n  - say: hi\n    expect: {replies: x}\n"))
                .hasMessageContaining("expect.replies is unknown");
        assertThatThrownBy(() -> ConversationFile.parse("steps:\n  - sing: hi\n"))
                .hasMessageContaining("steps[1]");
    }

    @Test
    void matchesTextCaseInsensitivelyAndReportsEachProblem() {
        TextMatch match = YamlFiles.parse(
                "{\"contains\":\"ORDER\",\"notContains\":[\"sorry\"],\"equals\":\"x\"}", TextMatch.class, 0);

        assertThat(match.problems("Your order. Sorry.")).containsExactly("contains \"sorry\"", "is not \"x\"");
    }

    @Test
    void readsTheShippedConversations() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("template.yaml"))) {
            root = root.getParent();
        }
        ConversationFile order = ConversationFile.read(root.resolve("local/conversations/restaurant-order.yaml"));

        assertThat(order.steps()).hasSizeGreaterThan(5);
        assertThat(order.useCase()).contains("restaurant");
    }

    @Test
    void parsesTwimlWithARelayAndItsParameters() {
        RelayTwiml twiml = RelayTwiml.parse("""
                <?xml version="1.0" encoding="UTF-8"?><Response><Connect action="http://h/twiml/action">
                <ConversationRelay url="ws://h:1/" welcomeGreeting="Hi &amp; welcome" language="es-US">
                <Language code="en-US"/><Parameter name="callSid" value="CA1"/></ConversationRelay></Connect></Response>""");

        assertThat(twiml.relay()).hasValueSatisfying(relay -> {
            assertThat(relay.actionUrl()).isEqualTo("http://h/twiml/action");
            assertThat(relay.url()).isEqualTo("ws://h:1/");
            assertThat(relay.welcomeGreeting()).contains("Hi & welcome");
            assertThat(relay.language()).isEqualTo("es-US");
            assertThat(relay.parameters()).containsEntry("callSid", "CA1");
        });
        assertThat(RelayTwiml.parse("<Response><Hangup/></Response>").relay()).isEmpty();
    }

    @Test
    void parsesEveryAppToTwilioMessage() {
        assertThat(RelayEvent.parse("{\"type\":\"text\",\"token\":\"Hi\",\"last\":true}", 1))
                .isEqualTo(new RelayEvent.Text("Hi", true, "", 1));
        assertThat(RelayEvent.parse("{\"type\":\"text\",\"last\":true}", 1)).isInstanceOf(RelayEvent.Unknown.class);
        assertThat(RelayEvent.parse("{\"type\":\"end\",\"handoffData\":\"{}\"}", 1)).isEqualTo(new RelayEvent.End("{}", 1));
        assertThat(RelayEvent.parse("{\"type\":\"sendDigits\",\"digits\":\"1w2\"}", 1)).isEqualTo(new RelayEvent.SendDigits("1w2", 1));
        assertThat(RelayEvent.parse("{\"type\":\"play\",\"source\":\"https://a/b.mp3\"}", 1)).isEqualTo(new RelayEvent.Play("https://a/b.mp3", 1));
        assertThat(RelayEvent.parse("{\"type\":\"language\",\"ttsLanguage\":\"es-US\",\"transcriptionLanguage\":\"es-US\"}", 1))
                .isEqualTo(new RelayEvent.Language("es-US", "es-US", 1));
        assertThat(RelayEvent.parse("not json", 1)).isInstanceOf(RelayEvent.Unknown.class);
    }
}
