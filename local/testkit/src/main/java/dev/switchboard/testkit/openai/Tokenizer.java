package dev.switchboard.testkit.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text roughly the way a GPT tokenizer does, so streams look like a model's: a word (letters, digits) with
 * its one leading space, each punctuation mark on its own (with its leading space, if any), and any other
 * whitespace character alone. {@code "Hello there, how"} becomes {@code "Hello", " there", ",", " how"}.
 * Joining the tokens always gives back the exact input.
 */
public final class Tokenizer {

    private static final Pattern TOKEN = Pattern.compile(
            "[ \\t]?[\\p{L}\\p{M}\\p{N}]+"   // a word with its leading space
                    + "|[ \\t]?[^\\s\\p{L}\\p{M}\\p{N}]"   // one punctuation mark or symbol
                    + "|\\s");                      // any whitespace not taken as a leading space

    private Tokenizer() {
    }

    public static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return List.copyOf(tokens);
    }
}
