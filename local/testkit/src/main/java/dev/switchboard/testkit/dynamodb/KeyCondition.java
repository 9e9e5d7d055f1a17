package dev.switchboard.testkit.dynamodb;

import dev.switchboard.testkit.dynamodb.Expression.And;
import dev.switchboard.testkit.dynamodb.Expression.Between;
import dev.switchboard.testkit.dynamodb.Expression.Comparison;
import dev.switchboard.testkit.dynamodb.Expression.Condition;
import dev.switchboard.testkit.dynamodb.Expression.Function;
import dev.switchboard.testkit.dynamodb.Expression.Literal;
import dev.switchboard.testkit.dynamodb.Expression.Operand;
import dev.switchboard.testkit.dynamodb.Expression.PathOperand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed KeyConditionExpression checked against a key schema: {@code hash = :v}, optionally AND one range
 * condition ({@code = < <= > >=}, BETWEEN, begins_with).
 */
record KeyCondition(DynamoValue hashValue, List<Condition> rangeConditions) {

    static KeyCondition of(Condition condition, KeySchema schema) {
        List<Condition> parts = new ArrayList<>();
        if (condition instanceof And and) {
            if (and.left() instanceof And || and.right() instanceof And) {
                throw DynamoException.validation("Conditions can be of length 1 or 2 only");
            }
            parts.add(and.left());
            parts.add(and.right());
        } else {
            parts.add(condition);
        }
        DynamoValue hashValue = null;
        List<Condition> range = new ArrayList<>();
        for (Condition part : parts) {
            String attribute = attributeOf(part);
            KeySchema.KeyAttribute key = schema.attributes().stream().filter(a -> a.name().equals(attribute))
                    .findFirst().orElseThrow(() -> DynamoException.validation(
                            "Query condition missed key schema element: " + schema.hash().name()));
            for (DynamoValue literal : literals(part)) {
                if (!literal.type().equals(key.type())) {
                    throw DynamoException.validation("One or more parameter values were invalid: Condition "
                            + "parameter type does not match schema type");
                }
            }
            if (key == schema.hash()) {
                if (!(part instanceof Comparison c) || !c.operator().equals("=") || hashValue != null) {
                    throw DynamoException.validation("Query key condition not supported");
                }
                hashValue = literals(part).get(0);
            } else {
                if (!range.isEmpty()) {
                    throw DynamoException.validation("Query key condition not supported");
                }
                range.add(part);
            }
        }
        if (hashValue == null) {
            throw DynamoException.validation("Query condition missed key schema element: " + schema.hash().name());
        }
        return new KeyCondition(hashValue, range);
    }

    boolean matchesRange(Map<String, DynamoValue> item) {
        return rangeConditions.stream().allMatch(c -> ConditionEvaluator.test(c, item));
    }

    private static String attributeOf(Condition part) {
        Operand path = switch (part) {
            case Comparison c -> {
                if (c.operator().equals("<>")) {
                    throw DynamoException.validation("Unsupported operator in KeyConditionExpression: <>");
                }
                yield c.left();
            }
            case Between b -> b.value();
            case Function f when f.name().equals("begins_with") -> f.arguments().get(0);
            case Function f -> throw DynamoException.validation(
                    "Invalid operator used in KeyConditionExpression: " + f.name());
            default -> throw DynamoException.validation("Invalid operator used in KeyConditionExpression: "
                    + part.getClass().getSimpleName().toUpperCase(Locale.ROOT));
        };
        if (!(path instanceof PathOperand p) || !p.path().isTopLevel()) {
            throw DynamoException.validation("Invalid KeyConditionExpression: The left-hand side of a key condition "
                    + "must be a key attribute name");
        }
        return p.path().root();
    }

    private static List<DynamoValue> literals(Condition part) {
        List<Operand> operands = switch (part) {
            case Comparison c -> List.of(c.right());
            case Between b -> List.of(b.low(), b.high());
            case Function f -> List.of(f.arguments().get(1));
            default -> List.of();
        };
        List<DynamoValue> values = new ArrayList<>();
        for (Operand o : operands) {
            if (!(o instanceof Literal l)) {
                throw DynamoException.validation("Invalid KeyConditionExpression: The right-hand side of a key "
                        + "condition must be an expression attribute value");
            }
            values.add(l.value());
        }
        return values;
    }
}
