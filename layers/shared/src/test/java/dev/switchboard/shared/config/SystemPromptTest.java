package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemPromptTest {

    private static final Instant NOW = Instant.parse("2026-11-28T17:05:00Z");
    private static final CallFacts FACTS = CallFacts.of("CA1", "+14155550123", "+15005550006");

    @Test
    void fillsCallerCallAndTimePlaceholdersInTheUseCasesTimeZone() {
        UseCase u = useCase("Hi {{callerName}} ({{callerEmail}}; {{callerNotes}}) from {{callerNumber}} to "
                + "{{calledNumber}}. {{date}} {{time}} {{timeZone}}. Now: {{now}}. Speak {{language}} of {{languages}}. "
                + "Use case {{useCase}}.", Map.of());
        var caller = new CallerProfile("+14155550123", "Ada", "ada@example.com", "Prefers thin crust", "es-US");

        String prompt = SystemPrompt.render(u, Optional.of(caller), FACTS, NOW);

        assertThat(prompt).isEqualTo("Hi Ada (ada@example.com; Prefers thin crust) from +14155550123 to +15005550006. "
                + "Saturday, November 28, 2026 12:05 America/New_York. "
                + "Now: Saturday, November 28, 2026 at 12:05 (America/New_York). Speak en-US of en-US, es-US. "
                + "Use case demo.");
    }

    @Test
    void saysUnknownForACallerWithoutAProfile() {
        String prompt = SystemPrompt.render(useCase("{{callerName}}/{{callerNotes}}/{{callerLanguage}}.", Map.of()),
                Optional.empty(), FACTS, NOW);

        assertThat(prompt).isEqualTo("unknown/none/.");
    }

    @Test
    void usesTheConversationsCurrentLanguageWhenKnown() {
        String prompt = SystemPrompt.render(useCase("{{language}}", Map.of()), Optional.empty(),
                FACTS.withLanguage("es-US"), NOW);

        assertThat(prompt).isEqualTo("es-US");
    }

    @Test
    void fillsDataPathsWithTextOrJson() {
        UseCase u = useCase("{{data.name}} | {{ data.hours.mon }} | {{data.sizes}} | {{data.missing}}",
                Map.of("name", "Luigi's", "hours", Map.of("mon", "11:00-22:00"), "sizes", List.of("small", "large")));

        String prompt = SystemPrompt.render(u, Optional.empty(), FACTS, NOW);

        assertThat(prompt).isEqualTo("Luigi's | 11:00-22:00 | [\"small\",\"large\"] | {{data.missing}}");
    }

    @Test
    void leavesUnknownPlaceholdersAndDollarSignsAlone() {
        String prompt = SystemPrompt.render(useCase("Costs $5 {{callerAge}} \\1", Map.of()), Optional.empty(), FACTS, NOW);

        assertThat(prompt).isEqualTo("Costs $5 {{callerAge}} \\1");
    }

    @Test
    void listsPlaceholdersItCannotFill() {
        List<String> unknown = SystemPrompt.unknownPlaceholders("{{callerName}} {{data.menu}} {{data.nope}} {{whatever}}",
                Map.of("menu", List.of()));

        assertThat(unknown).containsExactly("data.nope", "whatever");
    }

    private static UseCase useCase(String prompt, Map<String, Object> data) {
        UseCase d = DefaultUseCase.useCase();
        return new UseCase("demo", "", "America/New_York", prompt, Map.of("language", "en-US"),
                List.of(new UseCase.LanguageOption("es-US", Map.of())), Map.of(), d.llm(), List.of(), List.of(),
                d.handoff(), d.limits(), d.speech(), data, d.phrases());
    }
}
