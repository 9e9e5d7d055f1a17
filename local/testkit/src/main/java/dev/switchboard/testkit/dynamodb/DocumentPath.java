package dev.switchboard.testkit.dynamodb;

import java.util.List;

/** A document path such as {@code a.b[2].c}, with {@code #name} placeholders already substituted. */
record DocumentPath(List<Element> elements) {

    sealed interface Element {
    }

    record Field(String name) implements Element {
    }

    record Index(int index) implements Element {
    }

    DocumentPath {
        elements = List.copyOf(elements);
    }

    static DocumentPath of(String topLevelName) {
        return new DocumentPath(List.of(new Field(topLevelName)));
    }

    /** The top-level attribute name. */
    String root() {
        return ((Field) elements.get(0)).name();
    }

    boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** True if one path equals the other or is a prefix of it. */
    boolean overlaps(DocumentPath other) {
        int n = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, n).equals(other.elements.subList(0, n));
    }

    /** DynamoDB's rendering in overlap errors: {@code [a, b, [2]]}. */
    String describe() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            switch (elements.get(i)) {
                case Field f -> sb.append(f.name());
                case Index x -> sb.append('[').append(x.index()).append(']');
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Element e : elements) {
            switch (e) {
                case Field f -> sb.append(sb.isEmpty() ? "" : ".").append(f.name());
                case Index x -> sb.append('[').append(x.index()).append(']');
            }
        }
        return sb.toString();
    }
}
