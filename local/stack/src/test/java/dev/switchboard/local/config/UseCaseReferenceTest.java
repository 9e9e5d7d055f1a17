package dev.switchboard.local.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.shared.config.ConfigSchema;
import dev.switchboard.shared.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/use-case-reference.md is generated from the schemas; this fails when the committed page is out of date. */
class UseCaseReferenceTest {

    private static final Path PAGE = Path.of("../../docs/use-case-reference.md");

    @Test
    void theCommittedReferenceIsWhatTheSchemasGenerate() throws IOException {
        String generated = UseCaseReference.markdown(ConfigSchema.useCase().document(), callersSchema());

        assertThat(Files.exists(PAGE) ? Files.readString(PAGE) : "")
                .as("docs/use-case-reference.md is out of date with configs/schema; regenerate it with: %s",
                        UseCaseReference.COMMAND)
                .isEqualTo(generated);
    }

    @Test
    void listsEverySchemaPropertyWithItsDescription() throws IOException {
        String page = UseCaseReference.markdown(ConfigSchema.useCase().document(), callersSchema());

        assertThat(page).contains("| `llm.maxTokens` | integer 1–16384 | `400` | Cap on one reply. |")
                .contains("| `handoff.number` | string: an E.164 number such as +14155550100 | `\"\"` |")
                .contains("## `dtmf[]`")
                .contains("| `relay.url` | not allowed |")
                .contains("| `callers[].number` |")
                .contains("`{{callerName}}`");
        ConfigSchema.useCase().document().path("properties").path("relay").path("properties").fieldNames()
                .forEachRemaining(name -> assertThat(page).contains("| `relay." + name + "` |"));
    }

    private static JsonNode callersSchema() throws IOException {
        return Json.MAPPER.readTree(Files.readString(ConfigFilesTest.REPO_CONFIGS.resolve("schema/callers.schema.json")));
    }
}
