package dev.switchboard.testkit.dynamodb;

import dev.switchboard.testkit.dynamodb.Expression.Arithmetic;
import dev.switchboard.testkit.dynamodb.Expression.IfNotExists;
import dev.switchboard.testkit.dynamodb.Expression.ListAppend;
import dev.switchboard.testkit.dynamodb.Expression.Literal;
import dev.switchboard.testkit.dynamodb.Expression.Operand;
import dev.switchboard.testkit.dynamodb.Expression.PathOperand;
import dev.switchboard.testkit.dynamodb.Expression.SetAction;
import dev.switchboard.testkit.dynamodb.Expression.Update;
import dev.switchboard.testkit.dynamodb.Expression.ValueAction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an UpdateExpression. Every operand is evaluated against the item as it was before the update, as in
 * DynamoDB; then SET, REMOVE, ADD and DELETE are applied (their paths never overlap, so order does not matter
 * except for removing several elements of one list, which uses the original indexes).
 */
final class UpdateApplier {
    private UpdateApplier() {
    }

    static Map<String, DynamoValue> apply(Update update, Map<String, DynamoValue> old) {
        List<DynamoValue> setValues = new ArrayList<>();
        for (SetAction s : update.sets()) {
            setValues.add(evaluate(s.value(), old));
        }
        Map<String, DynamoValue> item = old;
        for (int i = 0; i < update.sets().size(); i++) {
            item = Documents.set(item, update.sets().get(i).path(), setValues.get(i));
        }
        List<DocumentPath> removes = new ArrayList<>(update.removes());
        removes.sort(Comparator.comparing(UpdateApplier::lastIndex).reversed());
        for (DocumentPath path : removes) {
            item = Documents.remove(item, path);
        }
        for (ValueAction add : update.adds()) {
            DynamoValue existing = Documents.get(old, add.path());
            item = Documents.set(item, add.path(), add(existing, add.value().value()));
        }
        for (ValueAction delete : update.deletes()) {
            DynamoValue existing = Documents.get(old, delete.path());
            if (existing == null) {
                continue;
            }
            DynamoValue remaining = delete(existing, delete.value().value());
            item = remaining == null ? Documents.remove(item, delete.path())
                    : Documents.set(item, delete.path(), remaining);
        }
        return item;
    }

    private static int lastIndex(DocumentPath path) {
        return path.elements().getLast() instanceof DocumentPath.Index i ? i.index() : -1;
    }

    private static DynamoValue evaluate(Operand operand, Map<String, DynamoValue> item) {
        return switch (operand) {
            case Literal l -> l.value();
            case PathOperand p -> require(Documents.get(item, p.path()));
            case IfNotExists f -> {
                DynamoValue existing = Documents.get(item, f.path());
                yield existing != null ? existing : evaluate(f.fallback(), item);
            }
            case ListAppend a -> {
                DynamoValue first = evaluate(a.first(), item);
                DynamoValue second = evaluate(a.second(), item);
                if (!(first instanceof DynamoValue.L l1) || !(second instanceof DynamoValue.L l2)) {
                    throw incorrectType();
                }
                List<DynamoValue> joined = new ArrayList<>(l1.values());
                joined.addAll(l2.values());
                yield new DynamoValue.L(joined);
            }
            case Arithmetic a -> {
                DynamoValue left = evaluate(a.left(), item);
                DynamoValue right = evaluate(a.right(), item);
                if (!(left instanceof DynamoValue.N l) || !(right instanceof DynamoValue.N r)) {
                    throw incorrectType();
                }
                BigDecimal result = a.operator() == '+' ? l.value().add(r.value()) : l.value().subtract(r.value());
                yield new DynamoValue.N(ValueJson.checkNumber(result));
            }
            default -> throw new IllegalStateException("not an update operand: " + operand);
        };
    }

    private static DynamoValue require(DynamoValue value) {
        if (value == null) {
            throw DynamoException.validation(
                    "The provided expression refers to an attribute that does not exist in the item");
        }
        return value;
    }

    private static DynamoValue add(DynamoValue existing, DynamoValue value) {
        if (existing == null) {
            return value;
        }
        return switch (existing) {
            case DynamoValue.N n when value instanceof DynamoValue.N v ->
                    new DynamoValue.N(ValueJson.checkNumber(n.value().add(v.value())));
            case DynamoValue.SS s when value instanceof DynamoValue.SS v -> new DynamoValue.SS(union(s.values(),
                    v.values()));
            case DynamoValue.NS s when value instanceof DynamoValue.NS v -> new DynamoValue.NS(union(s.values(),
                    v.values()));
            case DynamoValue.BS s when value instanceof DynamoValue.BS v -> new DynamoValue.BS(union(s.values(),
                    v.values()));
            default -> throw incorrectType();
        };
    }

    /** The set without the given elements, or null when nothing is left. */
    private static DynamoValue delete(DynamoValue existing, DynamoValue value) {
        DynamoValue result = switch (existing) {
            case DynamoValue.SS s when value instanceof DynamoValue.SS v -> new DynamoValue.SS(minus(s.values(),
                    v.values()));
            case DynamoValue.NS s when value instanceof DynamoValue.NS v -> new DynamoValue.NS(minus(s.values(),
                    v.values()));
            case DynamoValue.BS s when value instanceof DynamoValue.BS v -> new DynamoValue.BS(minus(s.values(),
                    v.values()));
            default -> throw incorrectType();
        };
        boolean empty = switch (result) {
            case DynamoValue.SS s -> s.values().isEmpty();
            case DynamoValue.NS s -> s.values().isEmpty();
            case DynamoValue.BS s -> s.values().isEmpty();
            default -> false;
        };
        return empty ? null : result;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static DynamoException incorrectType() {
        return DynamoException.validation("An operand in the update expression has an incorrect data type");
    }
}
