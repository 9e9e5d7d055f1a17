package dev.switchboard.wsmessage.speech;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans model text so it sounds right when spoken: markdown markers (headings, bullets, emphasis, code fences,
 * link syntax) are dropped, emojis removed, URLs spoken as "the link", common abbreviations expanded.
 *
 * <p>Streaming-safe: {@link #accept} takes LLM deltas and returns only cleaned text of complete words, holding
 * back a word until the whitespace after it arrives; {@link #finish} returns the rest. The caller keeps the
 * original text for history. Not thread-safe: one instance per reply.
 */
public final class VoiceSafeText {

    private static final Pattern WORD_AND_SPACE = Pattern.compile("(\\S*)(\\s+)");
    private static final Pattern LINK_TARGET = Pattern.compile("\\]\\([^)\\s]*\\)");
    private static final Pattern URL = Pattern.compile("(?i)^(https?://|www\\.)\\S+$");
    private static final Pattern LEADING = Pattern.compile("^[(\\[<\"'“‘]+");
    private static final Pattern TRAILING = Pattern.compile("[.,;:!?)\\]>\"'”’]+$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}$");
    private static final Pattern BULLET = Pattern.compile("^([-*+•>]|```\\w*|---+|\\|)$");
    private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|~~|`|^[*_]+|[*_]+$");
    private static final Pattern PERCENT = Pattern.compile("^(\\d+(?:[.,]\\d+)?)%$");
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("e.g.", "for example"), Map.entry("E.g.", "For example"), Map.entry("eg.", "for example"),
            Map.entry("i.e.", "that is"), Map.entry("I.e.", "That is"),
            Map.entry("etc.", "et cetera."), Map.entry("etc", "et cetera"),
            Map.entry("Dr.", "Doctor"), Map.entry("Mr.", "Mister"), Map.entry("Mrs.", "Missus"), Map.entry("Ms.", "Miz"),
            Map.entry("approx.", "approximately"), Map.entry("approx", "approximately"),
            Map.entry("vs.", "versus"), Map.entry("vs", "versus"),
            Map.entry("hrs", "hours"), Map.entry("hr", "hour"), Map.entry("mins", "minutes"),
            Map.entry("min.", "minutes"), Map.entry("w/", "with"), Map.entry("w/o", "without"),
            Map.entry("&", "and"), Map.entry("+", "plus"), Map.entry("=", "equals"),
            Map.entry("a.m.", "AM"), Map.entry("p.m.", "PM"));

    private final boolean enabled;
    private final StringBuilder pending = new StringBuilder();
    private boolean lineStart = true;

    private VoiceSafeText(boolean enabled) {
        this.enabled = enabled;
    }

    /** A cleaner for one reply. */
    public static VoiceSafeText cleaning() {
        return new VoiceSafeText(true);
    }

    /** Passes text through unchanged (the use case turned cleaning off). */
    public static VoiceSafeText passThrough() {
        return new VoiceSafeText(false);
    }

    /** Cleans a whole text at once. */
    public static String clean(String text) {
        VoiceSafeText cleaner = cleaning();
        return cleaner.accept(text) + cleaner.finish();
    }

    /** Adds a delta; returns the cleaned text of the words it completed (possibly empty). */
    public String accept(String delta) {
        if (!enabled) {
            return delta;
        }
        pending.append(delta);
        int end = pending.length();
        while (end > 0 && !Character.isWhitespace(pending.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            return "";
        }
        String complete = pending.substring(0, end);
        pending.delete(0, end);
        return cleanWords(complete);
    }

    /** The cleaned remainder; call once at the end of the reply. */
    public String finish() {
        if (!enabled || pending.isEmpty()) {
            return "";
        }
        pending.append(' ');
        String rest = cleanWords(pending.toString());
        pending.setLength(0);
        // drop the space we added to complete the last word
        return rest.endsWith(" ") ? rest.substring(0, rest.length() - 1) : rest;
    }

    /** {@code text} ends with whitespace. */
    private String cleanWords(String text) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = WORD_AND_SPACE.matcher(text);
        while (m.find()) {
            String word = m.group(1);
            String space = m.group(2);
            String cleaned = word.isEmpty() ? "" : cleanWord(word);
            boolean newline = space.indexOf('\n') >= 0;
            if (!cleaned.isEmpty()) {
                out.append(cleaned).append(space);
                lineStart = newline;
            } else if (newline) {
                // keep line breaks (they are pauses); drop the space after a word that vanished
                out.append(space.substring(space.indexOf('\n')));
                lineStart = true;
            } else if (word.isEmpty()) {
                out.append(space);
            }
        }
        return out.toString();
    }

    private String cleanWord(String word) {
        if (lineStart && (HEADING.matcher(word).matches() || BULLET.matcher(word).matches())) {
            return "";
        }
        if (word.startsWith("```")) {
            return "";
        }
        String w = stripEmoji(word);
        w = LINK_TARGET.matcher(w).replaceAll("");
        w = EMPHASIS.matcher(w).replaceAll("");
        if (w.startsWith("[")) {
            w = w.substring(1);
        }
        if (w.isEmpty()) {
            return "";
        }
        Matcher lead = LEADING.matcher(w);
        String prefix = lead.find() ? lead.group() : "";
        String rest = w.substring(prefix.length());
        String abbreviation = ABBREVIATIONS.get(rest);
        if (abbreviation != null) {
            return prefix + abbreviation;
        }
        Matcher trail = TRAILING.matcher(rest);
        String suffix = trail.find() ? trail.group() : "";
        String core = rest.substring(0, rest.length() - suffix.length());
        if (URL.matcher(core).matches()) {
            return prefix + "the link" + suffix;
        }
        abbreviation = ABBREVIATIONS.get(core);
        if (abbreviation == null && suffix.startsWith(".")) {
            abbreviation = ABBREVIATIONS.get(core + ".");
            if (abbreviation != null) {
                suffix = suffix.substring(1);
            }
        }
        if (abbreviation != null) {
            return prefix + abbreviation + suffix;
        }
        Matcher percent = PERCENT.matcher(core);
        if (percent.matches()) {
            return prefix + percent.group(1) + " percent" + suffix;
        }
        return w;
    }

    private static String stripEmoji(String word) {
        StringBuilder out = new StringBuilder(word.length());
        word.codePoints().filter(cp -> !isEmoji(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static boolean isEmoji(int cp) {
        return Character.isExtendedPictographic(cp)
                || Character.isEmojiModifier(cp)
                || cp == 0x200D            // zero-width joiner
                || cp == 0xFE0F            // emoji presentation selector
                || cp == 0x20E3            // combining keycap
                || (cp >= 0x1F1E6 && cp <= 0x1F1FF); // regional indicators (flags)
    }
}
