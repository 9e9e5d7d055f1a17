package dev.switchboard.local.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.config.CallerProfile;
import dev.switchboard.shared.config.UseCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {

    static final Path REPO_CONFIGS = Path.of("../../configs");

    @TempDir
    Path root;
    Path configs;
    Path prompts;

    @BeforeEach
    void copySchemas() throws IOException {
        configs = Files.createDirectories(root.resolve("configs"));
        prompts = Files.createDirectories(root.resolve("prompts"));
        Files.createDirectories(configs.resolve("schema"));
        try (Stream<Path> schemas = Files.list(REPO_CONFIGS.resolve("schema"))) {
            for (Path schema : schemas.toList()) {
                Files.copy(schema, configs.resolve("schema").resolve(schema.getFileName()));
            }
        }
        Files.writeString(prompts.resolve("demo.md"), "You are the demo agent. It is {{now}}. Caller: {{callerName}}.");
    }

    @Test
    void theShippedConfigsAreValid() {
        ConfigSet set = ConfigFiles.load(REPO_CONFIGS);

        assertThat(set.problems()).isEmpty();
        assertThat(set.useCases()).extracting(UseCaseFile::id).containsExactly("assistant", "restaurant");
        UseCaseFile restaurant = set.useCases().get(1);
        assertThat(restaurant.useCase().tools()).extracting(UseCase.ToolSpec::name, UseCase.ToolSpec::function)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("place_order", "PlaceOrder"),
                        org.assertj.core.groups.Tuple.tuple("get_pickup_time", "PickupTime"),
                        org.assertj.core.groups.Tuple.tuple("get_delivery_time", "DeliveryTime"),
                        org.assertj.core.groups.Tuple.tuple("send_sms_confirmation", "SendSms"));
        assertThat(restaurant.useCase().tools()).allSatisfy(t -> assertThat(t.filler()).isNotBlank());
        assertThat(restaurant.useCase().dtmf()).extracting(UseCase.DtmfHandler::key, UseCase.DtmfHandler::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0", "handoff"),
                        org.assertj.core.groups.Tuple.tuple("1", "say"));
        assertThat(restaurant.useCase().handoff().mode()).isEqualTo("enqueue");
        assertThat(restaurant.useCase().languages()).extracting(UseCase.LanguageOption::code).containsExactly("es-US");
        assertThat(restaurant.useCase().systemPrompt()).contains("{{data.name}}").contains("{{data.menu}}");
        assertThat(restaurant.useCase().data()).containsKeys("name", "menu", "hours", "kitchen", "delivery");
        assertThat(set.defaultUseCase()).map(UseCaseFile::id).contains("assistant");
        assertThat(set.callers()).extracting(CallerProfile::name).containsExactly("Ada Lovelace", "Carlos Ruiz");
    }

    @Test
    void storesThePromptInlineAndDropsFileOnlyKeysFromTheItem() throws IOException {
        write("demo", "{\"$schema\":\"./schema/use-case.schema.json\",\"id\":\"demo\",\"promptFile\":\"demo.md\","
                + "\"numbers\":[\"+15005550006\"],\"defaultRoute\":true}");

        UseCaseFile demo = valid().useCases().get(0);

        assertThat(demo.item().has("promptFile")).isFalse();
        assertThat(demo.item().has("numbers")).isFalse();
        assertThat(demo.item().has("defaultRoute")).isFalse();
        assertThat(demo.item().has("$schema")).isFalse();
        assertThat(demo.item().get("systemPrompt").asText()).startsWith("You are the demo agent.");
        assertThat(demo.numbers()).containsExactly("+15005550006");
        assertThat(demo.defaultRoute()).isTrue();
    }

    @Test
    void reportsWhereTheJsonIsBroken() throws IOException {
        write("demo", "{\n  \"id\": \"demo\",\n  \"promptFile\": \"demo.md\",\n}");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("demo.json");
            assertThat(p.message()).startsWith("not valid JSON at line 4, column 1");
        });
    }

    @Test
    void rejectsUnknownRelayAttributes() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"relay\":{\"welcomegreeting\":\"Hi\"}}");

        assertThat(problems()).singleElement()
                .isEqualTo(new FileProblem("demo.json", "relay.welcomegreeting", "unknown attribute"));
    }

    @Test
    void rejectsRelayValuesTwilioDoesNotAccept() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"relay\":{\"dtmfDetection\":\"yes\","
                + "\"interruptible\":\"sometimes\",\"language\":\"english\"}}");

        assertThat(problems()).extracting(FileProblem::path)
                .containsExactly("relay.dtmfDetection", "relay.interruptible", "relay.language");
        assertThat(problems().get(0).message()).isEqualTo("'yes' is not one of true, false");
    }

    @Test
    void acceptsBooleansAndNumbersForRelayAttributes() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"relay\":{\"dtmfDetection\":true,"
                + "\"speechTimeout\":1500,\"interruptible\":false}}");

        assertThat(valid().useCases().get(0).useCase().relay())
                .containsEntry("dtmfDetection", "true").containsEntry("speechTimeout", "1500");
    }

    @Test
    void rejectsAMissingPromptFile() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"nope.md\"}");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("promptFile");
            assertThat(p.message()).contains("nope.md does not exist");
        });
    }

    @Test
    void rejectsAPromptFileOutsideThePromptsDirectory() throws IOException {
        Files.writeString(root.resolve("secret.md"), "secret");
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"../secret.md\"}");

        assertThat(problems()).anySatisfy(p -> assertThat(p.path()).isEqualTo("promptFile"));
    }

    @Test
    void requiresExactlyOnePrompt() throws IOException {
        write("both", "{\"id\":\"both\",\"promptFile\":\"demo.md\",\"systemPrompt\":\"inline\"}");
        write("none", "{\"id\":\"none\"}");

        assertThat(problems()).extracting(p -> p.file() + " " + p.path() + " " + p.message()).containsExactly(
                "both.json promptFile give promptFile or systemPrompt, not both",
                "none.json promptFile missing: name a file in " + prompts + " (or give systemPrompt inline)");
    }

    @Test
    void rejectsPlaceholdersThePromptCannotFill() throws IOException {
        write("demo", "{\"id\":\"demo\",\"systemPrompt\":\"Hi {{callerNmae}}, menu {{data.menu}}\",\"data\":{}}");

        assertThat(problems()).extracting(FileProblem::message).containsExactly(
                "unknown placeholder {{callerNmae}} (known: callSid, calledNumber, callerEmail, callerLanguage, "
                        + "callerName, callerNotes, callerNumber, date, language, languages, now, time, timeZone, "
                        + "useCase, data.<key>)",
                "unknown placeholder {{data.menu}} (known: callSid, calledNumber, callerEmail, callerLanguage, "
                        + "callerName, callerNotes, callerNumber, date, language, languages, now, time, timeZone, "
                        + "useCase, data.<key>)");
    }

    @Test
    void rejectsToolsWithoutAFunction() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"tools\":["
                + "{\"name\":\"a\",\"description\":\"d\"},{\"name\":\"b\",\"description\":\"d\",\"function\":\" \"}]}");

        assertThat(problems()).extracting(FileProblem::path, FileProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("tools[0].function", "missing"),
                org.assertj.core.groups.Tuple.tuple("tools[1].function", "empty"));
    }

    @Test
    void rejectsToolParametersThatAreNotAnObjectSchema() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"tools\":[{\"name\":\"a\",\"description\":\"d\","
                + "\"function\":\"A\",\"parameters\":{\"type\":\"string\"}}]}");

        assertThat(problems()).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("tools[0].parameters.type"));
    }

    @Test
    void rejectsNumbersThatAreNotE164() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"numbers\":[\"555-1234\"]}");

        assertThat(problems()).singleElement().isEqualTo(new FileProblem("demo.json", "numbers[0]",
                "'555-1234' is not an E.164 number such as +14155550100"));
    }

    @Test
    void rejectsANumberRoutedToTwoUseCases() throws IOException {
        write("one", "{\"id\":\"one\",\"promptFile\":\"demo.md\",\"numbers\":[\"+15005550006\"]}");
        write("two", "{\"id\":\"two\",\"promptFile\":\"demo.md\",\"numbers\":[\"+15005550007\",\"+15005550006\"]}");

        assertThat(problems()).singleElement().isEqualTo(new FileProblem("two.json", "numbers[1]",
                "+15005550006 is already routed by one.json"));
    }

    @Test
    void rejectsASecondDefaultRoute() throws IOException {
        write("one", "{\"id\":\"one\",\"promptFile\":\"demo.md\",\"defaultRoute\":true}");
        write("two", "{\"id\":\"two\",\"promptFile\":\"demo.md\",\"defaultRoute\":true}");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("two.json");
            assertThat(p.path()).isEqualTo("defaultRoute");
        });
    }

    @Test
    void requiresTheFileToBeNamedAfterTheId() throws IOException {
        write("pizza", "{\"id\":\"restaurant\",\"promptFile\":\"demo.md\"}");

        assertThat(problems()).singleElement().isEqualTo(new FileProblem("pizza.json", "id",
                "'restaurant' must match the file name (restaurant.json)"));
    }

    @Test
    void rejectsDtmfHandlersThatNameAMissingTool() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"dtmf\":[{\"key\":\"5\",\"action\":\"collect\","
                + "\"tool\":\"lookup\"}]}");

        assertThat(problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("dtmf[0].tool");
            assertThat(p.message()).startsWith("no tool named 'lookup'");
        });
    }

    @Test
    void rejectsASayHandlerWithoutText() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"dtmf\":[{\"key\":\"1\",\"action\":\"say\"}]}");

        assertThat(problems()).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("dtmf[0].text"));
    }

    @Test
    void rejectsAnEnqueueHandoffWithoutWorkflow() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"handoff\":{\"mode\":\"enqueue\"}}");

        assertThat(problems()).singleElement()
                .isEqualTo(new FileProblem("demo.json", "handoff.workflowSid", "missing"));
    }

    @Test
    void rejectsUnknownTopLevelAttributes() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"limit\":{\"maxTurns\":3}}");

        assertThat(problems()).singleElement()
                .isEqualTo(new FileProblem("demo.json", "limit", "unknown attribute"));
    }

    @Test
    void rejectsOutOfRangeNumbers() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\",\"llm\":{\"temperature\":5},"
                + "\"limits\":{\"maxTurns\":0}}");

        assertThat(problems()).extracting(FileProblem::path).containsExactly("limits.maxTurns", "llm.temperature");
    }

    @Test
    void rejectsBadCallerProfiles() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\"}");
        Files.writeString(configs.resolve("callers.json"), "{\"callers\":[{\"number\":\"4155550123\",\"language\":\"Spanish\"}]}");

        assertThat(problems()).extracting(FileProblem::path).containsExactly("callers[0].language", "callers[0].number");
    }

    @Test
    void rejectsDuplicateCallerNumbers() throws IOException {
        write("demo", "{\"id\":\"demo\",\"promptFile\":\"demo.md\"}");
        Files.writeString(configs.resolve("callers.json"),
                "{\"callers\":[{\"number\":\"+14155550123\"},{\"number\":\"+14155550123\",\"name\":\"Twin\"}]}");

        assertThat(problems()).singleElement().isEqualTo(new FileProblem("callers.json", "callers[1].number",
                "+14155550123 is already the number of callers[0]"));
    }

    @Test
    void complainsAboutAnEmptyDirectory() {
        assertThat(problems()).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("no use case files (*.json)"));
    }

    private void write(String id, String json) throws IOException {
        Files.writeString(configs.resolve(id + ".json"), json);
    }

    private java.util.List<FileProblem> problems() {
        return ConfigFiles.load(configs, prompts).problems();
    }

    private ConfigSet valid() {
        ConfigSet set = ConfigFiles.load(configs, prompts);
        assertThat(set.problems()).isEmpty();
        return set;
    }
}
