package dev.switchboard.bench;

import java.util.List;
import java.util.OptionalInt;

/**
 * Which streamed token completes the reply's first word: the first one after which the text so far holds a
 * whitespace character right after a non-whitespace one (the point at which the speech chunker may flush).
 */
final class FirstWord {

    private FirstWord() {
    }

    static OptionalInt completedBy(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            int from = Math.max(1, text.length());
            text.append(tokens.get(i));
            for (int c = from; c < text.length(); c++) {
                if (Character.isWhitespace(text.charAt(c)) && !Character.isWhitespace(text.charAt(c - 1))) {
                    return OptionalInt.of(i);
                }
            }
        }
        return OptionalInt.empty();
    }
}
