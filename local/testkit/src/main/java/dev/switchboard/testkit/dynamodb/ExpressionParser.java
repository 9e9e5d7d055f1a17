package dev.switchboard.testkit.dynamodb;

import dev.switchboard.testkit.dynamodb.Expression.And;
import dev.switchboard.testkit.dynamodb.Expression.Arithmetic;
import dev.switchboard.testkit.dynamodb.Expression.Between;
import dev.switchboard.testkit.dynamodb.Expression.Comparison;
import dev.switchboard.testkit.dynamodb.Expression.Condition;
import dev.switchboard.testkit.dynamodb.Expression.Function;
import dev.switchboard.testkit.dynamodb.Expression.IfNotExists;
import dev.switchboard.testkit.dynamodb.Expression.In;
import dev.switchboard.testkit.dynamodb.Expression.ListAppend;
import dev.switchboard.testkit.dynamodb.Expression.Literal;
import dev.switchboard.testkit.dynamodb.Expression.Not;
import dev.switchboard.testkit.dynamodb.Expression.Operand;
import dev.switchboard.testkit.dynamodb.Expression.Or;
import dev.switchboard.testkit.dynamodb.Expression.PathOperand;
import dev.switchboard.testkit.dynamodb.Expression.SetAction;
import dev.switchboard.testkit.dynamodb.Expression.Size;
import dev.switchboard.testkit.dynamodb.Expression.Update;
import dev.switchboard.testkit.dynamodb.Expression.ValueAction;
import dev.switchboard.testkit.dynamodb.ExpressionLexer.Kind;
import dev.switchboard.testkit.dynamodb.ExpressionLexer.Token;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for condition, filter, key condition, update and projection expressions.
 *
 * <pre>
 * condition  := or
 * or         := and ( OR and )*
 * and        := not ( AND not )*
 * not        := NOT not | primary
 * primary    := '(' condition ')' | function '(' operand, ... ')'
 *             | operand comparator operand | operand BETWEEN operand AND operand | operand IN '(' operand, ... ')'
 * operand    := path | :value | size '(' path ')'
 * path       := (name | #name) ( '.' (name | #name) | '[' digits ']' )*
 * update     := ( SET set (',' set)* | REMOVE path (',' path)* | ADD path :v (',' ...)* | DELETE path :v (...)* )+
 * set        := path '=' term ( ('+' | '-') term )?
 * term       := path | :value | if_not_exists '(' path ',' term ')' | list_append '(' term ',' term ')'
 * projection := path ( ',' path )*
 * </pre>
 */
final class ExpressionParser {
    private static final Set<String> RESERVED = loadReservedWords();
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
    private static final Set<String> TYPE_NAMES =
            Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

    private final String text;
    private final String kind;
    private final ExpressionAttributes attributes;
    private final List<Token> tokens;
    private int position;

    private ExpressionParser(String text, String kind, ExpressionAttributes attributes) {
        if (text.isBlank()) {
            throw DynamoException.validation("Invalid " + kind + ": The expression can not be empty;");
        }
        this.text = text;
        this.kind = kind;
        this.attributes = attributes;
        this.tokens = ExpressionLexer.tokenize(text, kind);
    }

    /** Parses a ConditionExpression, FilterExpression or KeyConditionExpression ({@code kind} names it). */
    static Condition condition(String text, String kind, ExpressionAttributes attributes) {
        ExpressionParser p = new ExpressionParser(text, kind, attributes);
        Condition c = p.or();
        p.expect(Kind.EOF);
        return c;
    }

    static Update update(String text, ExpressionAttributes attributes) {
        ExpressionParser p = new ExpressionParser(text, "UpdateExpression", attributes);
        Update u = p.updateClauses();
        p.checkNoOverlap(u.paths());
        return u;
    }

    static List<DocumentPath> projection(String text, ExpressionAttributes attributes) {
        ExpressionParser p = new ExpressionParser(text, "ProjectionExpression", attributes);
        List<DocumentPath> paths = new ArrayList<>();
        do {
            paths.add(p.path());
        } while (p.accept(Kind.COMMA));
        p.expect(Kind.EOF);
        p.checkNoOverlap(paths);
        return paths;
    }

    static DynamoException syntaxError(String kind, String text, String token, int at) {
        int from = Math.max(0, at - 10);
        int to = Math.min(text.length(), at + Math.max(token.length(), 1) + 10);
        return DynamoException.validation("Invalid " + kind + ": Syntax error; token: \"" + token
                + "\", near: \"" + text.substring(from, to).strip() + "\"");
    }

    // ---- conditions ----

    private Condition or() {
        Condition left = and();
        while (acceptKeyword("OR")) {
            left = new Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (acceptKeyword("AND")) {
            left = new And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (acceptKeyword("NOT")) {
            return new Not(not());
        }
        return primary();
    }

    private Condition primary() {
        if (accept(Kind.LPAREN)) {
            Condition inner = or();
            expect(Kind.RPAREN);
            return inner;
        }
        Token t = peek();
        if (t.kind() == Kind.IDENTIFIER && peekAt(1).kind() == Kind.LPAREN && !t.text().equals("size")) {
            return function();
        }
        Operand left = operand();
        Token op = next();
        switch (op.kind()) {
            case EQ, NE, LT, LE, GT, GE -> {
                Operand right = operand();
                if (op.kind() != Kind.EQ && op.kind() != Kind.NE) {
                    requireOrderable(op.text(), left);
                    requireOrderable(op.text(), right);
                }
                return new Comparison(op.text(), left, right);
            }
            default -> {
                if (op.isKeyword("BETWEEN")) {
                    Operand low = operand();
                    expectKeyword("AND");
                    Operand high = operand();
                    requireOrderable("BETWEEN", left);
                    requireOrderable("BETWEEN", low);
                    requireOrderable("BETWEEN", high);
                    if (low instanceof Literal lo && high instanceof Literal hi && ValueOrder.comparable(lo.value(),
                            hi.value()) && ValueOrder.compare(lo.value(), hi.value()) > 0) {
                        throw DynamoException.validation("Invalid " + kind + ": The BETWEEN operator requires upper "
                                + "bound to be greater than or equal to lower bound; lower bound operand: "
                                + "AttributeValue: " + ValueJson.describe(lo.value()) + ", upper bound operand: "
                                + "AttributeValue: " + ValueJson.describe(hi.value()));
                    }
                    return new Between(left, low, high);
                }
                if (op.isKeyword("IN")) {
                    expect(Kind.LPAREN);
                    List<Operand> candidates = new ArrayList<>();
                    do {
                        candidates.add(operand());
                    } while (accept(Kind.COMMA));
                    expect(Kind.RPAREN);
                    if (candidates.size() > 100) {
                        throw DynamoException.validation("Invalid " + kind + ": The IN operator is provided with "
                                + "too many operands; number of operands: " + candidates.size());
                    }
                    return new In(left, candidates);
                }
                throw syntaxError(kind, text, op.text(), op.position());
            }
        }
    }

    private Condition function() {
        Token name = next();
        String fn = name.text();
        if (UPDATE_FUNCTIONS.contains(fn)) {
            throw DynamoException.validation("Invalid " + kind
                    + ": The function is not allowed in a condition expression; function: " + fn);
        }
        if (!CONDITION_FUNCTIONS.contains(fn)) {
            throw DynamoException.validation("Invalid " + kind + ": Invalid function name; function: " + fn);
        }
        expect(Kind.LPAREN);
        List<Operand> args = new ArrayList<>();
        do {
            args.add(operand());
        } while (accept(Kind.COMMA));
        expect(Kind.RPAREN);
        int expected = fn.startsWith("attribute_") && !fn.equals("attribute_type") ? 1 : 2;
        if (args.size() != expected) {
            throw DynamoException.validation("Invalid " + kind + ": Incorrect number of operands for operator or "
                    + "function; operator or function: " + fn + ", number of operands: " + args.size());
        }
        if (!(args.get(0) instanceof PathOperand) && !fn.equals("begins_with") && !fn.equals("contains")
                || fn.equals("begins_with") && args.get(0) instanceof Size) {
            throw DynamoException.validation("Invalid " + kind + ": Operator or function requires a document "
                    + "path; operator or function: " + fn);
        }
        if (fn.equals("attribute_type")) {
            if (!(args.get(1) instanceof Literal lit) || !(lit.value() instanceof DynamoValue.S s)
                    || !TYPE_NAMES.contains(s.value())) {
                throw DynamoException.validation("Invalid " + kind + ": Invalid attribute type name found; type: "
                        + describeOperandType(args.get(1)) + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
            }
        }
        if (fn.equals("begins_with")) {
            for (Operand a : args) {
                if (a instanceof Literal lit && !(lit.value() instanceof DynamoValue.S)
                        && !(lit.value() instanceof DynamoValue.B)) {
                    throw incorrectOperandType(fn, lit.value());
                }
            }
        }
        return new Function(fn, args);
    }

    private Operand operand() {
        Token t = peek();
        if (t.kind() == Kind.VALUE_PLACEHOLDER) {
            next();
            return new Literal(t.text(), attributes.value(t.text()));
        }
        if (t.kind() == Kind.IDENTIFIER && peekAt(1).kind() == Kind.LPAREN) {
            next();
            if (!t.text().equals("size")) {
                if (CONDITION_FUNCTIONS.contains(t.text()) || UPDATE_FUNCTIONS.contains(t.text())) {
                    throw DynamoException.validation("Invalid " + kind + ": The function is not allowed to be used "
                            + "this way in an expression; function: " + t.text());
                }
                throw DynamoException.validation("Invalid " + kind + ": Invalid function name; function: "
                        + t.text());
            }
            expect(Kind.LPAREN);
            if (peek().kind() != Kind.IDENTIFIER && peek().kind() != Kind.NAME_PLACEHOLDER) {
                throw DynamoException.validation("Invalid " + kind
                        + ": Operator or function requires a document path; operator or function: size");
            }
            DocumentPath path = path();
            expect(Kind.RPAREN);
            return new Size(path);
        }
        return new PathOperand(path());
    }

    private void requireOrderable(String operator, Operand operand) {
        if (operand instanceof Literal lit && !lit.value().isScalarKeyType()) {
            throw incorrectOperandType(operator, lit.value());
        }
    }

    private DynamoException incorrectOperandType(String operator, DynamoValue value) {
        return DynamoException.validation("Invalid " + kind + ": Incorrect operand type for operator or function; "
                + "operator or function: " + operator + ", operand type: " + typeWord(value));
    }

    private static String typeWord(DynamoValue v) {
        return switch (v.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "SS" -> "STRING_SET";
            case "NS" -> "NUMBER_SET";
            case "BS" -> "BINARY_SET";
            case "M" -> "MAP";
            case "L" -> "LIST";
            case "BOOL" -> "BOOLEAN";
            default -> "NULL";
        };
    }

    private static String describeOperandType(Operand o) {
        return o instanceof Literal lit && lit.value() instanceof DynamoValue.S s ? s.value() : "not a string";
    }

    // ---- paths ----

    private DocumentPath path() {
        List<DocumentPath.Element> elements = new ArrayList<>();
        elements.add(new DocumentPath.Field(pathName()));
        while (true) {
            if (accept(Kind.DOT)) {
                elements.add(new DocumentPath.Field(pathName()));
            } else if (accept(Kind.LBRACKET)) {
                Token n = next();
                if (n.kind() != Kind.NUMBER) {
                    throw syntaxError(kind, text, n.text(), n.position());
                }
                int index;
                try {
                    index = Integer.parseInt(n.text());
                } catch (NumberFormatException e) {
                    throw DynamoException.validation("Invalid " + kind + ": List index is not within the allowable "
                            + "range; index: " + n.text());
                }
                elements.add(new DocumentPath.Index(index));
                expect(Kind.RBRACKET);
            } else {
                return new DocumentPath(elements);
            }
        }
    }

    private String pathName() {
        Token t = next();
        if (t.kind() == Kind.NAME_PLACEHOLDER) {
            return attributes.name(t.text());
        }
        if (t.kind() == Kind.IDENTIFIER) {
            if (RESERVED.contains(t.text().toUpperCase(Locale.ROOT))) {
                throw DynamoException.validation("Invalid " + kind + ": Attribute name is a reserved keyword; "
                        + "reserved keyword: " + t.text());
            }
            return t.text();
        }
        throw syntaxError(kind, text, t.text(), t.position());
    }

    private void checkNoOverlap(List<DocumentPath> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).overlaps(paths.get(j))) {
                    throw DynamoException.validation("Invalid " + kind + ": Two document paths overlap with each "
                            + "other; must remove or rewrite one of these paths; path one: "
                            + paths.get(i).describe() + ", path two: " + paths.get(j).describe());
                }
            }
        }
    }

    // ---- update ----

    private Update updateClauses() {
        List<SetAction> sets = new ArrayList<>();
        List<DocumentPath> removes = new ArrayList<>();
        List<ValueAction> adds = new ArrayList<>();
        List<ValueAction> deletes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        do {
            Token clause = next();
            String name = clause.kind() == Kind.IDENTIFIER ? clause.text().toUpperCase(Locale.ROOT) : "";
            if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(name)) {
                throw syntaxError(kind, text, clause.text(), clause.position());
            }
            if (!seen.add(name)) {
                throw DynamoException.validation("Invalid UpdateExpression: The \"" + name
                        + "\" section can only be used once in an update expression;");
            }
            do {
                switch (name) {
                    case "SET" -> {
                        DocumentPath path = path();
                        expect(Kind.EQ);
                        sets.add(new SetAction(path, setValue()));
                    }
                    case "REMOVE" -> removes.add(path());
                    case "ADD" -> adds.add(valueAction("ADD"));
                    default -> deletes.add(valueAction("DELETE"));
                }
            } while (accept(Kind.COMMA));
        } while (peek().kind() != Kind.EOF);
        return new Update(sets, removes, adds, deletes);
    }

    private ValueAction valueAction(String operator) {
        DocumentPath path = path();
        Token t = next();
        if (t.kind() != Kind.VALUE_PLACEHOLDER) {
            throw syntaxError(kind, text, t.text(), t.position());
        }
        Literal value = new Literal(t.text(), attributes.value(t.text()));
        String type = value.value().type();
        boolean ok = operator.equals("ADD") ? Set.of("N", "SS", "NS", "BS").contains(type)
                : Set.of("SS", "NS", "BS").contains(type);
        if (!ok) {
            throw incorrectOperandType(operator, value.value());
        }
        return new ValueAction(path, value);
    }

    private Operand setValue() {
        Operand left = term();
        if (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            char op = next().text().charAt(0);
            Operand right = term();
            for (Operand o : List.of(left, right)) {
                if (o instanceof Literal lit && !(lit.value() instanceof DynamoValue.N)) {
                    throw incorrectOperandType(String.valueOf(op), lit.value());
                }
            }
            return new Arithmetic(left, op, right);
        }
        return left;
    }

    private Operand term() {
        Token t = peek();
        if (t.kind() == Kind.VALUE_PLACEHOLDER) {
            next();
            return new Literal(t.text(), attributes.value(t.text()));
        }
        if (t.kind() == Kind.IDENTIFIER && peekAt(1).kind() == Kind.LPAREN) {
            next();
            expect(Kind.LPAREN);
            Operand result;
            switch (t.text()) {
                case "if_not_exists" -> {
                    DocumentPath path = path();
                    expect(Kind.COMMA);
                    result = new IfNotExists(path, term());
                }
                case "list_append" -> {
                    Operand first = term();
                    expect(Kind.COMMA);
                    Operand second = term();
                    for (Operand o : List.of(first, second)) {
                        if (o instanceof Literal lit && !(lit.value() instanceof DynamoValue.L)) {
                            throw incorrectOperandType("list_append", lit.value());
                        }
                    }
                    result = new ListAppend(first, second);
                }
                default -> {
                    if (CONDITION_FUNCTIONS.contains(t.text()) || t.text().equals("size")) {
                        throw DynamoException.validation("Invalid UpdateExpression: The function is not allowed in "
                                + "an update expression; function: " + t.text());
                    }
                    throw DynamoException.validation("Invalid UpdateExpression: Invalid function name; function: "
                            + t.text());
                }
            }
            expect(Kind.RPAREN);
            return result;
        }
        return new PathOperand(path());
    }

    // ---- token helpers ----

    private Token peek() {
        return tokens.get(position);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(position);
        if (t.kind() != Kind.EOF) {
            position++;
        }
        return t;
    }

    private boolean accept(Kind k) {
        if (peek().kind() == k) {
            position++;
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(Kind k) {
        Token t = next();
        if (t.kind() != k) {
            throw syntaxError(kind, text, t.text(), t.position());
        }
    }

    private void expectKeyword(String keyword) {
        Token t = next();
        if (!t.isKeyword(keyword)) {
            throw syntaxError(kind, text, t.text(), t.position());
        }
    }

    private static Set<String> loadReservedWords() {
        try (InputStream in = ExpressionParser.class.getResourceAsStream("reserved-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("reserved-words.txt missing from the classpath");
            }
            Set<String> words = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#")) {
                    for (String w : line.trim().split("\\s+")) {
                        if (!w.isEmpty()) {
                            words.add(w.toUpperCase(Locale.ROOT));
                        }
                    }
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
