package dev.switchboard.testkit.dynamodb;

import java.util.ArrayList;
import java.util.List;

/** The syntax trees produced by {@link ExpressionParser}. */
final class Expression {
    private Expression() {
    }

    /** Something that yields an attribute value (or nothing, when a path is missing). */
    sealed interface Operand {
    }

    record PathOperand(DocumentPath path) implements Operand {
    }

    record Literal(String placeholder, DynamoValue value) implements Operand {
    }

    /** {@code size(path)}, only in conditions. */
    record Size(DocumentPath path) implements Operand {
    }

    /** {@code if_not_exists(path, operand)}, only in SET. */
    record IfNotExists(DocumentPath path, Operand fallback) implements Operand {
    }

    /** {@code list_append(a, b)}, only in SET. */
    record ListAppend(Operand first, Operand second) implements Operand {
    }

    /** {@code a + b} or {@code a - b}, only in SET. */
    record Arithmetic(Operand left, char operator, Operand right) implements Operand {
    }

    sealed interface Condition {
    }

    record Comparison(String operator, Operand left, Operand right) implements Condition {
    }

    record Between(Operand value, Operand low, Operand high) implements Condition {
    }

    record In(Operand value, List<Operand> candidates) implements Condition {
    }

    record And(Condition left, Condition right) implements Condition {
    }

    record Or(Condition left, Condition right) implements Condition {
    }

    record Not(Condition condition) implements Condition {
    }

    /** attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
    record Function(String name, List<Operand> arguments) implements Condition {
    }

    /** Every document path a condition reads. */
    static List<DocumentPath> paths(Condition condition) {
        List<DocumentPath> paths = new ArrayList<>();
        collect(condition, paths);
        return paths;
    }

    private static void collect(Condition condition, List<DocumentPath> paths) {
        switch (condition) {
            case And a -> {
                collect(a.left(), paths);
                collect(a.right(), paths);
            }
            case Or o -> {
                collect(o.left(), paths);
                collect(o.right(), paths);
            }
            case Not n -> collect(n.condition(), paths);
            case Comparison c -> {
                collect(c.left(), paths);
                collect(c.right(), paths);
            }
            case Between b -> {
                collect(b.value(), paths);
                collect(b.low(), paths);
                collect(b.high(), paths);
            }
            case In in -> {
                collect(in.value(), paths);
                in.candidates().forEach(o -> collect(o, paths));
            }
            case Function f -> f.arguments().forEach(o -> collect(o, paths));
        }
    }

    private static void collect(Operand operand, List<DocumentPath> paths) {
        switch (operand) {
            case PathOperand p -> paths.add(p.path());
            case Size s -> paths.add(s.path());
            default -> {
            }
        }
    }

    record SetAction(DocumentPath path, Operand value) {
    }

    /** ADD or DELETE: a path and a literal. */
    record ValueAction(DocumentPath path, Literal value) {
    }

    record Update(List<SetAction> sets, List<DocumentPath> removes, List<ValueAction> adds,
                  List<ValueAction> deletes) {

        /** Every path the update writes, in clause order. */
        List<DocumentPath> paths() {
            List<DocumentPath> paths = new ArrayList<>();
            sets.forEach(s -> paths.add(s.path()));
            paths.addAll(removes);
            adds.forEach(a -> paths.add(a.path()));
            deletes.forEach(d -> paths.add(d.path()));
            return paths;
        }
    }
}
