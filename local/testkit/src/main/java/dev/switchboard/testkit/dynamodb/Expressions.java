package dev.switchboard.testkit.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The expressions Switchboard writes, parsed as DynamoDB parses them (a syntax error, a reserved word used as a
 * name, an undefined or unused placeholder are ValidationExceptions):
 *
 * <pre>
 * condition  := and ( OR and )*                 and := primary ( AND primary )*
 * primary    := '(' condition ')' | attribute_exists '(' path ')' | attribute_not_exists '(' path ')'
 *             | operand ( = | &lt; | &lt;= | &gt; | &gt;= ) operand
 * key        := path = :v [ AND path ( ( = | &lt; | &lt;= | &gt; | &gt;= ) :v | BETWEEN :v AND :v ) ]
 * update     := ( SET path = term (, ...)* | REMOVE path (, path)* | ADD path :v (, ...)* )+
 * term       := operand | if_not_exists '(' path ',' term ')'
 * projection := path ( , path )*                path := name ( . name )*     operand := path | :v
 * </pre>
 */
final class Expressions {
    private static final Set<String> RESERVED = reservedWords();
    private static final List<String> COMPARATORS = List.of("=", "<", "<=", ">", ">=");

    /** A request's ExpressionAttributeNames and ExpressionAttributeValues, and which of them were used. */
    static final class Placeholders {
        private final Map<String, String> names = new LinkedHashMap<>();
        private final ObjectNode values;
        private final Set<String> used = new HashSet<>();

        Placeholders(JsonNode request) {
            request.path("ExpressionAttributeNames").properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
            values = request.has("ExpressionAttributeValues") ? Values.map(request.get("ExpressionAttributeValues"))
                    : Values.NODES.objectNode();
        }

        private String name(String placeholder) {
            return use(placeholder, names.get(placeholder), "name used in the document path");
        }

        private JsonNode value(String placeholder) {
            return use(placeholder, values.get(placeholder), "value used in expression");
        }

        private <T> T use(String placeholder, T found, String what) {
            if (found == null) {
                throw DynamoException.validation("An expression attribute " + what + " is not defined; attribute "
                        + what.substring(0, what.indexOf(' ')) + ": " + placeholder);
            }
            used.add(placeholder);
            return found;
        }

        /** Rejects placeholders no expression used, as DynamoDB does; call after parsing every expression. */
        void requireAllUsed() {
            Set<String> unused = new LinkedHashSet<>(names.keySet());
            values.fieldNames().forEachRemaining(unused::add);
            unused.removeAll(used);
            if (!unused.isEmpty()) {
                throw DynamoException.validation("Value provided in ExpressionAttribute"
                        + (names.containsKey(unused.iterator().next()) ? "Names" : "Values")
                        + " unused in expressions: keys: {" + String.join(", ", unused) + "}");
            }
        }
    }

    /** An update: apply it to a copy of the old item; {@code paths} are what it changed. */
    record Update(List<List<String>> paths, Function<ObjectNode, ObjectNode> apply) {}

    /** A Query's key condition: the partition key value and a test for the sort key value. */
    record KeyCondition(JsonNode hash, Predicate<JsonNode> range) {}

    private record Token(String kind, String text, int at) {
        boolean is(String keyword) {
            return kind.equals("word") && text.equalsIgnoreCase(keyword);
        }
    }

    private final String kind;
    private final String text;
    private final Placeholders placeholders;
    private final List<Token> tokens;
    private int next;

    private Expressions(String kind, String text, Placeholders placeholders) {
        this.kind = kind;
        this.text = text;
        this.placeholders = placeholders;
        if (text.isBlank()) {
            throw DynamoException.validation("Invalid " + kind + ": The expression can not be empty;");
        }
        this.tokens = tokenize();
    }

    static Predicate<ObjectNode> condition(String text, Placeholders placeholders) {
        Expressions p = new Expressions("ConditionExpression", text, placeholders);
        Predicate<ObjectNode> condition = p.or();
        p.expect("<EOF>");
        return condition;
    }

    static List<List<String>> projection(String text, Placeholders placeholders) {
        Expressions p = new Expressions("ProjectionExpression", text, placeholders);
        List<List<String>> paths = new ArrayList<>();
        do {
            paths.add(p.path());
        } while (p.accept(","));
        p.expect("<EOF>");
        p.noOverlap(paths);
        return paths;
    }

    static Update update(String text, Placeholders placeholders, Set<String> keyNames) {
        Expressions p = new Expressions("UpdateExpression", text, placeholders);
        List<List<String>> paths = new ArrayList<>();
        List<BiConsumer<ObjectNode, ObjectNode>> actions = new ArrayList<>();
        Set<String> clauses = new HashSet<>();
        while (!p.peek().kind().equals("<EOF>")) {
            Token clause = p.take();
            String name = clause.text().toUpperCase(Locale.ROOT);
            if (!clause.kind().equals("word") || !Set.of("SET", "REMOVE", "ADD").contains(name)) {
                throw p.syntaxError(clause);
            }
            if (!clauses.add(name)) {
                throw DynamoException.validation("Invalid UpdateExpression: The \"" + name + "\" section can only be "
                        + "used once in an update expression;");
            }
            do {
                List<String> path = p.path();
                paths.add(path);
                actions.add(switch (name) {
                    case "SET" -> {
                        p.expect("=");
                        Function<ObjectNode, JsonNode> term = p.term();
                        yield (old, item) -> set(item, path, term.apply(old));
                    }
                    case "ADD" -> {
                        Function<ObjectNode, JsonNode> value = p.operand();
                        yield (old, item) -> set(item, path, add(Values.get(old, path), value.apply(old)));
                    }
                    default -> (old, item) -> Optional.ofNullable(Values.parent(item, path))
                            .ifPresent(parent -> parent.remove(path.get(path.size() - 1)));
                });
            } while (p.accept(","));
        }
        p.noOverlap(paths);
        paths.stream().map(path -> path.get(0)).filter(keyNames::contains).findFirst().ifPresent(key -> {
            throw DynamoException.validation("One or more parameter values were invalid: Cannot update attribute "
                    + key + ". This attribute is part of the key");
        });
        return new Update(paths, old -> {
            ObjectNode item = old.deepCopy();
            actions.forEach(a -> a.accept(old, item));
            return item;
        });
    }

    static KeyCondition keyCondition(String text, Placeholders placeholders, Table table) {
        Expressions p = new Expressions("KeyConditionExpression", text, placeholders);
        Map<String, Predicate<JsonNode>> parts = new LinkedHashMap<>();
        JsonNode hash = null;
        do {
            List<String> path = p.path();
            String name = path.get(0);
            Token op = p.take();
            Predicate<JsonNode> test;
            if (op.is("BETWEEN")) {
                JsonNode low = p.value();
                p.expect("AND");
                JsonNode high = p.value();
                if (Values.ordered(low, high) && Values.compare(low, high) > 0) {
                    throw DynamoException.validation("Invalid KeyConditionExpression: The BETWEEN operator requires "
                            + "upper bound to be greater than or equal to lower bound");
                }
                test = v -> Values.ordered(v, low) && Values.compare(v, low) >= 0 && Values.compare(v, high) <= 0;
            } else if (COMPARATORS.contains(op.kind())) {
                JsonNode value = p.value();
                if (name.equals(table.hash().name())) {
                    hash = value;
                }
                test = v -> compare(op.kind(), v, value);
            } else {
                throw p.syntaxError(op);
            }
            if (!table.keyNames().contains(name)) {
                throw DynamoException.validation("Query condition missed key schema element: " + table.hash().name());
            }
            if (path.size() > 1 || parts.put(name, test) != null
                    || (name.equals(table.hash().name()) && !op.kind().equals("="))) {
                throw DynamoException.validation("Query key condition not supported");
            }
        } while (p.accept("AND"));
        p.expect("<EOF>");
        if (hash == null) {
            throw DynamoException.validation("Query condition missed key schema element: " + table.hash().name());
        }
        Predicate<JsonNode> range = table.range() == null ? null : parts.get(table.range().name());
        return new KeyCondition(hash, range == null ? v -> true : range);
    }

    private Predicate<ObjectNode> or() {
        Predicate<ObjectNode> left = and();
        while (accept("OR")) {
            left = left.or(and());
        }
        return left;
    }

    private Predicate<ObjectNode> and() {
        Predicate<ObjectNode> left = primary();
        while (accept("AND")) {
            left = left.and(primary());
        }
        return left;
    }

    private Predicate<ObjectNode> primary() {
        if (accept("(")) {
            Predicate<ObjectNode> inner = or();
            expect(")");
            return inner;
        }
        if (peek().kind().equals("word") && tokens.get(next + 1).kind().equals("(")) {
            Token function = take();
            expect("(");
            List<String> path = path();
            expect(")");
            return switch (function.text()) {
                case "attribute_exists" -> item -> Values.get(item, path) != null;
                case "attribute_not_exists" -> item -> Values.get(item, path) == null;
                default -> throw DynamoException.validation("Invalid " + kind + ": Invalid function name; function: "
                        + function.text());
            };
        }
        Function<ObjectNode, JsonNode> left = operand();
        Token op = take();
        if (!COMPARATORS.contains(op.kind())) {
            throw syntaxError(op);
        }
        Function<ObjectNode, JsonNode> right = operand();
        return item -> compare(op.kind(), left.apply(item), right.apply(item));
    }

    private static boolean compare(String op, JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (op.equals("=")) {
            return a.equals(b);
        }
        if (!Values.ordered(a, b)) {
            return false;
        }
        int c = Values.compare(a, b);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private Function<ObjectNode, JsonNode> term() {
        if (peek().is("if_not_exists") && tokens.get(next + 1).kind().equals("(")) {
            take();
            expect("(");
            List<String> path = path();
            expect(",");
            Function<ObjectNode, JsonNode> otherwise = term();
            expect(")");
            return item -> Optional.ofNullable(Values.get(item, path)).orElseGet(() -> otherwise.apply(item));
        }
        return operand();
    }

    private static void set(ObjectNode item, List<String> path, JsonNode value) {
        ObjectNode parent = Values.parent(item, path);
        if (value == null || parent == null) {
            throw DynamoException.validation(value == null
                    ? "The provided expression refers to an attribute that does not exist in the item"
                    : "The document path provided in the update expression is invalid for update");
        }
        parent.set(path.get(path.size() - 1), value.deepCopy());
    }

    private static JsonNode add(JsonNode current, JsonNode increment) {
        if (!increment.has("N") || (current != null && !current.has("N"))) {
            throw DynamoException.validation("An operand in the update expression has an incorrect data type");
        }
        BigDecimal base = current == null ? BigDecimal.ZERO : new BigDecimal(current.get("N").asText());
        return Values.number(base.add(new BigDecimal(increment.get("N").asText())));
    }

    private Function<ObjectNode, JsonNode> operand() {
        if (peek().kind().equals(":")) {
            JsonNode value = value();
            return item -> value;
        }
        List<String> path = path();
        return item -> Values.get(item, path);
    }

    private JsonNode value() {
        Token t = take();
        if (!t.kind().equals(":")) {
            throw syntaxError(t);
        }
        return placeholders.value(t.text());
    }

    private List<String> path() {
        List<String> path = new ArrayList<>();
        do {
            Token t = take();
            if (t.kind().equals("#")) {
                path.add(placeholders.name(t.text()));
            } else if (t.kind().equals("word")) {
                if (RESERVED.contains(t.text().toUpperCase(Locale.ROOT))) {
                    throw DynamoException.validation("Invalid " + kind + ": Attribute name is a reserved keyword; "
                            + "reserved keyword: " + t.text());
                }
                path.add(t.text());
            } else {
                throw syntaxError(t);
            }
        } while (accept("."));
        return path;
    }

    private void noOverlap(List<List<String>> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                List<String> a = paths.get(i);
                List<String> b = paths.get(j);
                int common = Math.min(a.size(), b.size());
                if (a.subList(0, common).equals(b.subList(0, common))) {
                    throw DynamoException.validation("Invalid " + kind + ": Two document paths overlap with each other; "
                            + "must remove or rewrite one of these paths; path one: " + a + ", path two: " + b);
                }
            }
        }
    }

    private List<Token> tokenize() {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#' || c == ':' || Character.isLetter(c) || c == '_') {
                i++;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                String kind = c == '#' || c == ':' ? String.valueOf(c) : "word";
                if (i == start + 1 && !kind.equals("word")) {
                    throw syntaxError(new Token(kind, kind, start));
                }
                out.add(new Token(kind, text.substring(start, i), start));
                continue;
            }
            String two = text.substring(i, Math.min(i + 2, text.length()));
            String op = two.equals("<=") || two.equals(">=") ? two : String.valueOf(c);
            if (!"()=<>,.".contains(op.substring(0, 1))) {
                throw syntaxError(new Token(op, op, start));
            }
            out.add(new Token(op, op, start));
            i += op.length();
        }
        out.add(new Token("<EOF>", "<EOF>", text.length()));
        return out;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (!t.kind().equals("<EOF>")) {
            next++;
        }
        return t;
    }

    /** Takes the next token if it is of this kind, or the keyword (any case). */
    private boolean accept(String kindOrKeyword) {
        if (peek().kind().equals(kindOrKeyword) || peek().is(kindOrKeyword)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String kindOrKeyword) {
        if (!accept(kindOrKeyword)) {
            throw syntaxError(peek());
        }
    }

    private DynamoException syntaxError(Token t) {
        return DynamoException.validation("Invalid " + kind + ": Syntax error; token: \"" + t.text() + "\", near: \""
                + text.substring(Math.max(0, t.at() - 10), Math.min(text.length(), t.at() + 10)).strip() + "\"");
    }

    private static Set<String> reservedWords() {
        try (InputStream in = Expressions.class.getResourceAsStream("reserved-words.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.startsWith("#"))
                    .flatMap(line -> Arrays.stream(line.trim().split("\\s+")))
                    .map(word -> word.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
