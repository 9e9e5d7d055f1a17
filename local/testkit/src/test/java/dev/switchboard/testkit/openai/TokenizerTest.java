package dev.switchboard.testkit.openai;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerTest {

    @Test
    void splitsWordsWithTheirLeadingSpaceAndPunctuationAlone() {
        assertThat(Tokenizer.tokenize("Hello there, how")).containsExactly("Hello", " there", ",", " how");
    }

    @Test
    void keepsNumbersAccentsAndNewlines() {
        assertThat(Tokenizer.tokenize("At 12:30, café!\nBye"))
                .containsExactly("At", " 12", ":", "30", ",", " café", "!", "\n", "Bye");
    }

    @Test
    void joiningTheTokensGivesBackTheText() {
        for (String text : List.of("", " leading", "double  space", "tabs\tand\r\nlines ", "{\"a\": [1, 2]}",
                "¿Qué tal? 你好。", "trailing space ")) {
            assertThat(String.join("", Tokenizer.tokenize(text))).isEqualTo(text);
        }
    }

    @Test
    void returnsNoTokensForEmptyText() {
        assertThat(Tokenizer.tokenize("")).isEmpty();
    }
}
