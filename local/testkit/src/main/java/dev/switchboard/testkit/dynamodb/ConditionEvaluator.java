package dev.switchboard.testkit.dynamodb;

import dev.switchboard.testkit.dynamodb.Expression.And;
import dev.switchboard.testkit.dynamodb.Expression.Between;
import dev.switchboard.testkit.dynamodb.Expression.Comparison;
import dev.switchboard.testkit.dynamodb.Expression.Condition;
import dev.switchboard.testkit.dynamodb.Expression.Function;
import dev.switchboard.testkit.dynamodb.Expression.In;
import dev.switchboard.testkit.dynamodb.Expression.Literal;
import dev.switchboard.testkit.dynamodb.Expression.Not;
import dev.switchboard.testkit.dynamodb.Expression.Operand;
import dev.switchboard.testkit.dynamodb.Expression.Or;
import dev.switchboard.testkit.dynamodb.Expression.PathOperand;
import dev.switchboard.testkit.dynamodb.Expression.Size;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Evaluates conditions against an item (an empty map when the item does not exist). A comparison with a missing
 * attribute or across types is false, except {@code <>}, which is then true.
 */
final class ConditionEvaluator {
    private ConditionEvaluator() {
    }

    static boolean test(Condition condition, Map<String, DynamoValue> item) {
        return switch (condition) {
            case And and -> test(and.left(), item) && test(and.right(), item);
            case Or or -> test(or.left(), item) || test(or.right(), item);
            case Not not -> !test(not.condition(), item);
            case Comparison c -> compare(c.operator(), value(c.left(), item), value(c.right(), item));
            case Between b -> {
                DynamoValue v = value(b.value(), item);
                DynamoValue lo = value(b.low(), item);
                DynamoValue hi = value(b.high(), item);
                yield ValueOrder.comparable(v, lo) && ValueOrder.comparable(v, hi)
                        && ValueOrder.compare(lo, v) <= 0 && ValueOrder.compare(v, hi) <= 0;
            }
            case In in -> {
                DynamoValue v = value(in.value(), item);
                yield v != null && in.candidates().stream().anyMatch(o -> v.equals(value(o, item)));
            }
            case Function f -> function(f, item);
        };
    }

    static DynamoValue value(Operand operand, Map<String, DynamoValue> item) {
        return switch (operand) {
            case Literal l -> l.value();
            case PathOperand p -> Documents.get(item, p.path());
            case Size s -> size(Documents.get(item, s.path()));
            default -> throw new IllegalStateException("not a condition operand: " + operand);
        };
    }

    private static boolean compare(String operator, DynamoValue left, DynamoValue right) {
        if (operator.equals("=")) {
            return left != null && left.equals(right);
        }
        if (operator.equals("<>")) {
            return left == null || !left.equals(right);
        }
        if (!ValueOrder.comparable(left, right)) {
            return false;
        }
        int c = ValueOrder.compare(left, right);
        return switch (operator) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static DynamoValue size(DynamoValue v) {
        long size;
        switch (v) {
            case null -> {
                return null;
            }
            case DynamoValue.S s -> size = s.value().codePointCount(0, s.value().length());
            case DynamoValue.B b -> size = b.value().length();
            case DynamoValue.SS ss -> size = ss.values().size();
            case DynamoValue.NS ns -> size = ns.values().size();
            case DynamoValue.BS bs -> size = bs.values().size();
            case DynamoValue.M m -> size = m.values().size();
            case DynamoValue.L l -> size = l.values().size();
            default -> {
                return null;
            }
        }
        return new DynamoValue.N(BigDecimal.valueOf(size));
    }

    private static boolean function(Function f, Map<String, DynamoValue> item) {
        DynamoValue first = value(f.arguments().get(0), item);
        return switch (f.name()) {
            case "attribute_exists" -> first != null;
            case "attribute_not_exists" -> first == null;
            case "attribute_type" -> first != null
                    && ((DynamoValue.S) value(f.arguments().get(1), item)).value().equals(first.type());
            case "begins_with" -> {
                DynamoValue prefix = value(f.arguments().get(1), item);
                if (first instanceof DynamoValue.S s && prefix instanceof DynamoValue.S p) {
                    yield s.value().startsWith(p.value());
                }
                yield first instanceof DynamoValue.B b && prefix instanceof DynamoValue.B p
                        && b.value().startsWith(p.value());
            }
            case "contains" -> contains(first, value(f.arguments().get(1), item));
            default -> throw new IllegalStateException("unknown function " + f.name());
        };
    }

    private static boolean contains(DynamoValue container, DynamoValue part) {
        if (container == null || part == null) {
            return false;
        }
        return switch (container) {
            case DynamoValue.S s -> part instanceof DynamoValue.S p && s.value().contains(p.value());
            case DynamoValue.B b -> part instanceof DynamoValue.B p && b.value().contains(p.value());
            case DynamoValue.SS ss -> part instanceof DynamoValue.S p && ss.values().contains(p.value());
            case DynamoValue.NS ns -> part instanceof DynamoValue.N p && ns.values().contains(p.value());
            case DynamoValue.BS bs -> part instanceof DynamoValue.B p && bs.values().contains(p.value());
            case DynamoValue.L l -> l.values().contains(part);
            default -> false;
        };
    }
}
