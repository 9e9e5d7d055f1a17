package dev.switchboard.testkit.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and (immutably) rewrites values at document paths inside an item. */
final class Documents {
    private Documents() {
    }

    /** The value at {@code path}, or null when any step is missing or of the wrong type. */
    static DynamoValue get(Map<String, DynamoValue> item, DocumentPath path) {
        DynamoValue current = item.get(path.root());
        for (DocumentPath.Element e : path.elements().subList(1, path.elements().size())) {
            if (current == null) {
                return null;
            }
            current = step(current, e);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static DynamoValue step(DynamoValue current, DocumentPath.Element e) {
        return switch (e) {
            case DocumentPath.Field f -> current instanceof DynamoValue.M m ? m.values().get(f.name()) : null;
            case DocumentPath.Index i -> current instanceof DynamoValue.L l && i.index() < l.values().size()
                    ? l.values().get(i.index()) : null;
        };
    }

    /**
     * Returns a copy of {@code item} with {@code value} at {@code path}. Every parent must exist with the right
     * type; a list index past the end appends.
     */
    static Map<String, DynamoValue> set(Map<String, DynamoValue> item, DocumentPath path, DynamoValue value) {
        return ((DynamoValue.M) setIn(new DynamoValue.M(item), path.elements(), 0, value)).values();
    }

    private static DynamoValue setIn(DynamoValue container, List<DocumentPath.Element> path, int i,
                                     DynamoValue value) {
        DocumentPath.Element e = path.get(i);
        boolean last = i == path.size() - 1;
        switch (e) {
            case DocumentPath.Field f -> {
                if (!(container instanceof DynamoValue.M m)) {
                    throw invalidPath();
                }
                Map<String, DynamoValue> copy = new LinkedHashMap<>(m.values());
                if (last) {
                    copy.put(f.name(), value);
                } else {
                    DynamoValue child = m.values().get(f.name());
                    if (child == null) {
                        throw invalidPath();
                    }
                    copy.put(f.name(), setIn(child, path, i + 1, value));
                }
                return new DynamoValue.M(copy);
            }
            case DocumentPath.Index x -> {
                if (!(container instanceof DynamoValue.L l)) {
                    throw invalidPath();
                }
                List<DynamoValue> copy = new ArrayList<>(l.values());
                if (last) {
                    if (x.index() < copy.size()) {
                        copy.set(x.index(), value);
                    } else {
                        copy.add(value);
                    }
                } else {
                    if (x.index() >= copy.size()) {
                        throw invalidPath();
                    }
                    copy.set(x.index(), setIn(copy.get(x.index()), path, i + 1, value));
                }
                return new DynamoValue.L(copy);
            }
        }
    }

    /** Returns a copy of {@code item} without the value at {@code path}; a missing last step is a no-op. */
    static Map<String, DynamoValue> remove(Map<String, DynamoValue> item, DocumentPath path) {
        return ((DynamoValue.M) removeIn(new DynamoValue.M(item), path.elements(), 0)).values();
    }

    private static DynamoValue removeIn(DynamoValue container, List<DocumentPath.Element> path, int i) {
        DocumentPath.Element e = path.get(i);
        boolean last = i == path.size() - 1;
        switch (e) {
            case DocumentPath.Field f -> {
                if (!(container instanceof DynamoValue.M m)) {
                    throw invalidPath();
                }
                DynamoValue child = m.values().get(f.name());
                if (child == null) {
                    if (last) {
                        return container;
                    }
                    throw invalidPath();
                }
                Map<String, DynamoValue> copy = new LinkedHashMap<>(m.values());
                if (last) {
                    copy.remove(f.name());
                } else {
                    copy.put(f.name(), removeIn(child, path, i + 1));
                }
                return new DynamoValue.M(copy);
            }
            case DocumentPath.Index x -> {
                if (!(container instanceof DynamoValue.L l)) {
                    throw invalidPath();
                }
                if (x.index() >= l.values().size()) {
                    if (last) {
                        return container;
                    }
                    throw invalidPath();
                }
                List<DynamoValue> copy = new ArrayList<>(l.values());
                if (last) {
                    copy.remove(x.index());
                } else {
                    copy.set(x.index(), removeIn(copy.get(x.index()), path, i + 1));
                }
                return new DynamoValue.L(copy);
            }
        }
    }

    static DynamoException invalidPath() {
        return DynamoException.validation("The document path provided in the update expression is invalid for update");
    }

    /**
     * The item restricted to {@code paths} (ProjectionExpression semantics): nested maps keep the projected
     * members, projected list elements keep their relative order.
     */
    static Map<String, DynamoValue> project(Map<String, DynamoValue> item, List<DocumentPath> paths) {
        Node root = new Node();
        for (DocumentPath path : paths) {
            DynamoValue value = get(item, path);
            if (value == null) {
                continue;
            }
            Node node = root;
            for (DocumentPath.Element e : path.elements()) {
                node = node.children.computeIfAbsent(e, k -> new Node());
            }
            node.value = value;
        }
        return ((DynamoValue.M) root.build(new DynamoValue.M(item))).values();
    }

    /** A projection tree node; children are keyed by path element, in source order. */
    private static final class Node {
        final Map<DocumentPath.Element, Node> children = new LinkedHashMap<>();
        DynamoValue value;

        DynamoValue build(DynamoValue source) {
            if (value != null) {
                return value;
            }
            if (source instanceof DynamoValue.M m) {
                Map<String, DynamoValue> out = new LinkedHashMap<>();
                for (Map.Entry<String, DynamoValue> e : m.values().entrySet()) {
                    Node child = children.get(new DocumentPath.Field(e.getKey()));
                    if (child != null) {
                        out.put(e.getKey(), child.build(e.getValue()));
                    }
                }
                return new DynamoValue.M(out);
            }
            DynamoValue.L l = (DynamoValue.L) source;
            List<DynamoValue> out = new ArrayList<>();
            for (int i = 0; i < l.values().size(); i++) {
                Node child = children.get(new DocumentPath.Index(i));
                if (child != null) {
                    out.add(child.build(l.values().get(i)));
                }
            }
            return new DynamoValue.L(out);
        }
    }
}
