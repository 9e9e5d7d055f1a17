package dev.switchboard.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.config.Phrases.Phrase;
import dev.switchboard.shared.config.Phrases.Spoken;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhrasesTest {

    private final Phrases phrases = new Phrases(Map.of(
            Phrase.CONNECTION_LOST, ordered("es-US", "Perdón, algo salió mal.", "de-DE", "Entschuldigung."),
            Phrase.APOLOGY, ordered("en-US", "Sorry about that.")));

    @Test
    void namesTheRequestedLanguageWhenTheTextIsInIt() {
        assertThat(phrases.spoken(Phrase.CONNECTION_LOST, "es-US")).isEqualTo(new Spoken("Perdón, algo salió mal.", "es-US"));
        assertThat(phrases.spoken(Phrase.CONNECTION_LOST, "ES-us")).isEqualTo(new Spoken("Perdón, algo salió mal.", "ES-us"));
    }

    @Test
    void keepsTheRequestedLanguageWhenOnlyItsPrimaryLanguageMatches() {
        assertThat(phrases.spoken(Phrase.CONNECTION_LOST, "es-MX")).isEqualTo(new Spoken("Perdón, algo salió mal.", "es-MX"));
    }

    @Test
    void namesTheFallbackTextsOwnLanguageWhenTheCallsLanguageHasNoText() {
        assertThat(phrases.spoken(Phrase.CONNECTION_LOST, "fr-FR")).isEqualTo(new Spoken("Perdón, algo salió mal.", "es-US"));
    }

    @Test
    void namesEnglishForTheBuiltInText() {
        assertThat(phrases.spoken(Phrase.GOODBYE, "es-US"))
                .isEqualTo(new Spoken(Phrase.GOODBYE.english(), Phrases.BUILT_IN_LANGUAGE));
        assertThat(phrases.spoken(Phrase.CONNECTION_LOST, "en-GB"))
                .isEqualTo(new Spoken(Phrase.CONNECTION_LOST.english(), "en-GB"));
    }

    @Test
    void saysWhatSpokenSays() {
        assertThat(phrases.say(Phrase.CONNECTION_LOST, "fr-FR")).isEqualTo("Perdón, algo salió mal.");
        assertThat(phrases.say(Phrase.APOLOGY, "en-AU")).isEqualTo("Sorry about that.");
    }

    private static Map<String, String> ordered(String... languageAndText) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < languageAndText.length; i += 2) {
            texts.put(languageAndText[i], languageAndText[i + 1]);
        }
        return texts;
    }
}
