package dev.switchboard.wsmessage.speech;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VoiceSafeTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "**Great** choice! | Great choice!",
            "That is _really_ good. | That is really good.",
            "Use `code` here | Use code here",
            "See [our menu](https://example.com/menu) online. | See our menu online.",
            "Visit https://example.com/a?b=1. | Visit the link.",
            "Go to www.example.com, then call. | Go to the link, then call.",
            "Pizza 🍕 is ready 👍🏽! | Pizza is ready !",
            "We sell fruit, e.g. apples. | We sell fruit, for example apples.",
            "Ask Dr. Smith & Mr. Jones | Ask Doctor Smith and Mister Jones",
            "It is 20% off | It is 20 percent off",
            "Apples, pears, etc. | Apples, pears, et cetera.",
            "12.50 dollars | 12.50 dollars"
    })
    void cleansWhatWouldSoundWrong(String in, String out) {
        assertThat(VoiceSafeText.clean(in)).isEqualTo(out);
    }

    @Test
    void dropsHeadingsAndBulletsAtLineStartButKeepsLineBreaks() {
        assertThat(VoiceSafeText.clean("## Menu\n- Pizza\n* Pasta\n1. Salad")).isEqualTo("Menu\nPizza\nPasta\n1. Salad");
        assertThat(VoiceSafeText.clean("five - six")).isEqualTo("five - six");
    }

    @Test
    void givesTheSameResultStreamedInAnySplit() {
        String text = "## Today\n**Specials**: see [the list](https://x.io/l) 🎉, e.g. soup & salad.\n- Tea  ok";
        String whole = VoiceSafeText.clean(text);
        for (int size = 1; size <= 7; size++) {
            VoiceSafeText cleaner = VoiceSafeText.cleaning();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                out.append(cleaner.accept(text.substring(i, Math.min(text.length(), i + size))));
            }
            out.append(cleaner.finish());
            assertThat(out.toString()).as("split %d", size).isEqualTo(whole);
        }
        // a vanished emoji leaves its punctuation after a space, which TTS does not pronounce
        assertThat(whole).isEqualTo("Today\nSpecials: see the list , for example soup and salad.\nTea  ok");
    }

    @Test
    void holdsBackAnUnfinishedWord() {
        VoiceSafeText cleaner = VoiceSafeText.cleaning();
        assertThat(cleaner.accept("Visit https://exa")).isEqualTo("Visit ");
        assertThat(cleaner.accept("mple.com now")).isEqualTo("the link ");
        assertThat(cleaner.finish()).isEqualTo("now");
    }

    @Test
    void passesTextThroughWhenTurnedOff() {
        VoiceSafeText cleaner = VoiceSafeText.passThrough();
        assertThat(cleaner.accept("**bold** ")).isEqualTo("**bold** ");
        assertThat(cleaner.finish()).isEmpty();
    }
}
