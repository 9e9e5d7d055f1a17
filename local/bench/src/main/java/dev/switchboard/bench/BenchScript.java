package dev.switchboard.bench;

import dev.switchboard.local.model.ModelScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scripted model the benchmark talks to: a caller line containing {@value #KEYWORD} gets {@link #REPLY}, a
 * 100-token answer in nine sentences (the Tokenizer's tokens, as the model streams them); anything else follows
 * the restaurant script, so the restaurant conversation file (with its tool calls) runs against the same stack.
 */
final class BenchScript {

    static final String KEYWORD = "bench turn";

    /** 100 tokens: words with their leading space, and each punctuation mark. */
    static final String REPLY = "Sure, here is what we have tonight. Our pizzas come in small, medium and large, and"
            + " every one is baked in a wood fired oven. The Margherita has tomato, mozzarella and basil. The"
            + " Pepperoni adds spicy salami, and the Diavola brings chili oil and olives. For something lighter, try"
            + " the Ortolana with grilled vegetables. We also make a calzone, garlic knots and a Caesar salad. For"
            + " dessert there is tiramisu or cannoli. Pickup usually takes about twenty minutes. What would you like"
            + " to order?";

    private BenchScript() {
    }

    /** The bench rule first, then the rules of {@code local/scripts/restaurant.yaml} (when present). */
    static ModelScript create(Path root) {
        Path restaurant = root.resolve("local/scripts/restaurant.yaml");
        ModelScript base = Files.isRegularFile(restaurant) ? ModelScript.read(restaurant)
                : ModelScript.fixed(ModelScript.BUILT_IN_DEFAULT);
        List<ModelScript.Rule> rules = new ArrayList<>();
        rules.add(new ModelScript.Rule(0, Optional.of(new ModelScript.Condition(List.of(KEYWORD), List.of(),
                Optional.empty(), Optional.empty())), Optional.empty(), Optional.empty(), REPLY, List.of(),
                Optional.empty(), Optional.empty()));
        for (ModelScript.Rule r : base.rules()) {
            rules.add(new ModelScript.Rule(r.index() + 1, r.when(), r.after(), r.failed(), r.say(), r.toolCalls(),
                    r.firstTokenDelay(), r.tokenPace()));
        }
        return new ModelScript(base.system(), base.firstTokenDelay(), base.tokenPace(), base.defaultReply(), rules);
    }

    /** A caller line that gets {@link #REPLY} and that no other turn of the run uses. */
    static String prompt(String label, int turn) {
        return label + " " + KEYWORD + " " + turn + ", what do you have tonight?";
    }
}
