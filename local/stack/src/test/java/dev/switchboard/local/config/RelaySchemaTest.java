package dev.switchboard.local.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.ConfigProblem;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.config.UseCaseReader;
import dev.switchboard.shared.json.Json;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code <ConversationRelay>} and {@code <Language>} values the use-case schema accepts: {@code config validate}
 * (the schema, strictly) and {@link UseCaseReader} (the same schema, leniently, on what is in DynamoDB) accept and
 * refuse the same values and name the same attribute: a file the config command accepts is never cut down when it
 * is read, and the other way round.
 */
class RelaySchemaTest {

    private static final ConfigSchema SCHEMA = ConfigSchema.useCase();

    /** One row per documented value, each range's edges, and a value Twilio would reject (64101). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "relay": {"speechTimeout": "auto"}                                   | true
            "relay": {"speechTimeout": 600}                                      | true
            "relay": {"speechTimeout": 5000}                                     | true
            "relay": {"speechTimeout": "1500"}                                   | true
            "relay": {"speechTimeout": 599}                                      | false
            "relay": {"speechTimeout": 5001}                                     | false
            "relay": {"speechTimeout": "599"}                                    | false
            "relay": {"speechTimeout": "0600"}                                   | false
            "relay": {"speechTimeout": 0}                                        | false
            "relay": {"speechTimeout": "soon"}                                   | false
            "relay": {"eotThreshold": 0.5}                                       | true
            "relay": {"eotThreshold": 0.9}                                       | true
            "relay": {"eotThreshold": "0.7"}                                     | true
            "relay": {"eotThreshold": 0.49}                                      | false
            "relay": {"eotThreshold": 0.95}                                      | false
            "relay": {"eotThreshold": "1"}                                       | false
            "relay": {"welcomeGreetingInterruptible": "dtmf"}                    | true
            "relay": {"welcomeGreetingInterruptible": "true"}                    | false
            "relay": {"interruptible": "speech"}                                 | true
            "relay": {"interruptible": false}                                    | true
            "relay": {"interruptible": "sometimes"}                              | false
            "relay": {"reportInputDuringAgentSpeech": "any"}                     | true
            "relay": {"reportInputDuringAgentSpeech": "yes"}                     | false
            "relay": {"interruptSensitivity": "medium"}                          | true
            "relay": {"interruptSensitivity": "max"}                             | false
            "relay": {"elevenlabsTextNormalization": "auto"}                     | true
            "relay": {"elevenlabsTextNormalization": "true"}                     | false
            "relay": {"dtmfDetection": true}                                     | true
            "relay": {"dtmfDetection": "yes"}                                    | false
            "relay": {"preemptible": "false"}                                    | true
            "relay": {"ignoreBackchannel": "on"}                                 | false
            "relay": {"ttsProvider": "ElevenLabs"}                               | true
            "relay": {"ttsProvider": "amazon"}                                   | true
            "relay": {"ttsProvider": "GOOGLE"}                                   | false
            "relay": {"ttsProvider": "Polly"}                                    | false
            "relay": {"transcriptionProvider": "Deepgram"}                       | true
            "relay": {"transcriptionProvider": "AssemblyAI"}                     | false
            "relay": {"language": "es-US"}                                       | true
            "relay": {"language": "multi"}                                       | false
            "relay": {"ttsLanguage": "multi"}                                    | true
            "relay": {"transcriptionLanguage": "english"}                        | false
            "relay": {"debug": "debugging tokens-played"}                        | true
            "relay": {"debug": "everything"}                                     | false
            "relay": {"events": "speaker-events config-updated"}                 | true
            "relay": {"events": "debugging"}                                     | false
            "relay": {"ttsLanguage": "multi", "ttsProvider": "elevenlabs"}       | true
            "relay": {"ttsLanguage": "multi", "ttsProvider": "Google"}           | false
            "relay": {"ttsLanguage": "en-US", "ttsProvider": "Google"}           | true
            "relay": {"transcriptionLanguage": "multi", "transcriptionProvider": "Deepgram"} | true
            "relay": {"transcriptionLanguage": "multi", "transcriptionProvider": "Google"}   | false
            "relay": {"welcomegreeting": "Hi"}                                   | false
            "languages": [{"code": "es-US", "ttsProvider": "Google", "voice": "es-US-Neural2-A"}] | true
            "languages": [{"code": "es-US", "ttsProvider": "Polly"}]             | false
            "languages": [{"code": "multi", "ttsProvider": "ElevenLabs", "transcriptionProvider": "deepgram"}] | true
            "languages": [{"code": "multi", "ttsProvider": "Amazon"}]            | false
            "languages": [{"code": "multi", "transcriptionProvider": "Google"}]  | false
            "languages": [{"code": "es-US", "transcriptionProvider": "Google", "speechModel": "long"}] | true
            "languages": [{"code": "es US"}]                                     | false
            "languages": [{"code": "es-US", "interruptible": "any"}]             | false
            """)
    void schemaAndReaderAcceptTheSameValues(String fragment, boolean accepted) {
        JsonNode document = Json.read("{\"id\": \"demo\", \"systemPrompt\": \"p\", " + fragment + "}");

        List<ConfigSchema.Violation> violations = SCHEMA.validate(document);
        List<ConfigProblem> problems = UseCaseReader.read("demo", document).problems();

        assertThat(violations.isEmpty()).as("schema accepts it: %s", violations).isEqualTo(accepted);
        assertThat(problems.isEmpty()).as("reader accepts it: %s", problems).isEqualTo(accepted);
        if (!accepted) {
            assertThat(problems).extracting(ConfigProblem::attribute)
                    .as("both name the same attribute")
                    .containsExactlyInAnyOrderElementsOf(violations.stream().map(ConfigSchema.Violation::path).toList());
        }
    }
}
