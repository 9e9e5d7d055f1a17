package dev.switchboard.local.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Binds the YAML (or JSON) files people write for the local stack, model scripts and conversation files, to their
 * records with Jackson, and turns Jackson's errors into a line that names the place: {@code rules[0].when.keyword is
 * unknown [keywords, all, regex, previous]}. A record's creator says what is wrong by throwing an
 * {@link IllegalArgumentException}; list indexes count from {@code firstIndex}.
 */
public final class YamlFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    private YamlFiles() {
    }

    public static <T> T read(Path file, Class<T> type, int firstIndex) {
        try {
            return present(YAML.readValue(file.toFile(), type));
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(file + ": " + describe(e, firstIndex), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static <T> T parse(String text, Class<T> type, int firstIndex) {
        try {
            return present(YAML.readValue(text, type));
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(describe(e, firstIndex), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** An optional regular expression; {@code what} names it in the error. */
    public static Optional<Pattern> pattern(String what, String regex) {
        try {
            return Optional.ofNullable(regex).map(Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(what + " is not a regular expression: " + e.getDescription());
        }
    }

    private static <T> T present(T value) {
        if (value == null) {
            throw new IllegalArgumentException("the file is empty");
        }
        return value;
    }

    private static String describe(JsonMappingException e, int firstIndex) {
        StringBuilder where = new StringBuilder();
        for (JsonMappingException.Reference place : e.getPath()) {
            if (place.getIndex() >= 0) {
                where.append('[').append(place.getIndex() + firstIndex).append(']');
            } else if (place.getFieldName() != null) {
                where.append(where.isEmpty() ? "" : ".").append(place.getFieldName());
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return where + " is unknown " + unknown.getKnownPropertyIds();
        }
        if (e.getCause() instanceof IllegalArgumentException bad) {
            return where + (where.isEmpty() || bad.getMessage().startsWith(".") ? "" : " ") + bad.getMessage();
        }
        return (where.isEmpty() ? "" : where + ": ") + e.getOriginalMessage();
    }
}
