package dev.switchboard.shared.config;

import java.util.List;
import java.util.Map;

/**
 * The built-in use case: what a call gets when its number has no route and no {@code ROUTE#default} exists, when
 * its use case id is unknown, and, attribute by attribute, what replaces a bad value in a stored use case.
 */
public final class DefaultUseCase {

    public static final String ID = "default";

    public static final String SYSTEM_PROMPT = """
            You are a friendly, concise voice assistant answering a phone call.
            Everything you write is spoken aloud: answer in one to three short sentences, in plain words, \
            with no lists, markdown, emojis or links.
            If you cannot help, say so briefly and offer to connect the caller to a person.
            The caller's name is {{callerName}}. It is {{now}}. Speak {{language}}.
            """;

    private static final UseCase USE_CASE = new UseCase(
            ID,
            "Built-in fallback assistant",
            "UTC",
            SYSTEM_PROMPT,
            Map.of("welcomeGreeting", "Hello! How can I help you today?", "language", "en-US"),
            List.of(),
            Map.of(),
            new UseCase.LlmSettings("", 0.4, 400, 30, 1500),
            List.of(),
            List.of(),
            new UseCase.Handoff("hangup", "", "", "I'm sorry, I can't help with that right now. Goodbye.", 3),
            new UseCase.Limits(1800, 100, 5),
            new UseCase.SpeechSettings(true, false, ""),
            Map.of(),
            Phrases.builtIn());

    private DefaultUseCase() {
    }

    public static UseCase useCase() {
        return USE_CASE;
    }
}
