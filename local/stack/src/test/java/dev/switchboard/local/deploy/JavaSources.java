package dev.switchboard.local.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Just enough Java source reading to answer "which code can a Lambda handler run?": the sources are split into
 * types and their members (methods, constructors, field initializers), and {@link #reachableFrom} follows a handler
 * to every member it may call. A call on a variable goes to the methods of that name in the variable's declared
 * type and in every mentioned type that implements it; a call on a type name to that type; a call on a type or a
 * variable of a type outside these sources (the JDK, the AWS SDK) to nothing of ours; a call whose receiver cannot
 * be told (a chained call, a lambda parameter) to every method of that name in every mentioned type. A lambda's body
 * counts as reached where the lambda is written. The answer errs on the side of more code, not less: a check built
 * on it may demand a permission or a variable a handler never needs, but does not miss one it needs.
 */
final class JavaSources {

    enum TokenKind { IDENT, STRING, CHAR, NUMBER, SYMBOL }

    record Token(TokenKind kind, String text) {
        boolean is(String symbolOrWord) {
            return text.equals(symbolOrWord) && kind != TokenKind.STRING && kind != TokenKind.CHAR;
        }
    }

    enum MemberKind { METHOD, CONSTRUCTOR, INITIALIZER }

    /** A method, a constructor, or initialization code (field initializers, initializer blocks, enum constants). */
    record Member(TypeDecl owner, MemberKind kind, String name, List<Token> tokens) {
        @Override
        public String toString() {
            return owner.name() + "." + name;
        }
    }

    /** A class, interface, enum or record (nested ones are types of their own). */
    static final class TypeDecl {
        private final String name;
        private final Path file;
        private final List<String> imports;
        private final Set<String> supertypes = new LinkedHashSet<>();
        private final List<Member> members = new ArrayList<>();
        /** Field declarations and record components, where a variable's declared type is looked up. */
        private final List<Token> declarations = new ArrayList<>();

        TypeDecl(String name, Path file, List<String> imports) {
            this.name = name;
            this.file = file;
            this.imports = imports;
        }

        String name() {
            return name;
        }

        Path file() {
            return file;
        }

        List<String> imports() {
            return imports;
        }

        Set<String> supertypes() {
            return supertypes;
        }

        List<Member> members() {
            return members;
        }

        List<Token> declarations() {
            return declarations;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");

    private final Map<String, List<TypeDecl>> types = new HashMap<>();

    private JavaSources() {
    }

    /** Every {@code .java} file under these source roots (missing roots are skipped). */
    static JavaSources scan(List<Path> roots) {
        JavaSources sources = new JavaSources();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    sources.parseFile(file, tokenize(Files.readString(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    boolean hasType(String simpleName) {
        return types.containsKey(simpleName);
    }

    /** The members a handler class may run: all of its own and its supertypes', and what they reach. */
    Set<Member> reachableFrom(String handlerSimpleName) {
        return new Reach(handlerSimpleName).members;
    }

    // ---------------------------------------------------------------------------------------------- reachability

    private final class Reach {
        final Set<Member> members = new LinkedHashSet<>();
        final Set<TypeDecl> referenced = new LinkedHashSet<>();
        /** Names called where the receiver's type is unknown: every mentioned type's methods of that name. */
        final Set<String> calledAnywhere = new LinkedHashSet<>();
        /** Declared type name to the method names called on variables of that type. */
        final Map<String, Set<String>> calledOn = new HashMap<>();
        final Deque<Member> work = new ArrayDeque<>();

        Reach(String handler) {
            List<TypeDecl> roots = types.get(handler);
            if (roots == null) {
                throw new IllegalArgumentException("no source for " + handler);
            }
            for (TypeDecl root : roots) {
                for (TypeDecl type : withSupertypes(root)) {
                    reference(type);
                    type.members().forEach(this::reach);
                }
            }
            while (!work.isEmpty()) {
                scan(work.pop());
            }
        }

        Set<TypeDecl> withSupertypes(TypeDecl type) {
            Set<TypeDecl> all = new LinkedHashSet<>();
            addWithSupertypes(type, all);
            return all;
        }

        void addWithSupertypes(TypeDecl type, Set<TypeDecl> into) {
            if (into.add(type)) {
                type.supertypes().forEach(s -> types.getOrDefault(s, List.of()).forEach(t -> addWithSupertypes(t, into)));
            }
        }

        boolean assignable(TypeDecl type, String to) {
            return withSupertypes(type).stream().anyMatch(t -> t.name().equals(to));
        }

        void reference(TypeDecl type) {
            if (!referenced.add(type)) {
                return;
            }
            for (Member member : type.members()) {
                if (member.kind() != MemberKind.METHOD) {
                    reach(member);
                }
            }
            calledAnywhere.forEach(name -> reachNamed(withSupertypes(type), name));
            calledOn.forEach((declared, names) -> {
                if (assignable(type, declared)) {
                    names.forEach(name -> reachNamed(withSupertypes(type), name));
                }
            });
            type.supertypes().forEach(s -> types.getOrDefault(s, List.of()).forEach(this::reference));
        }

        void reachNamed(Set<TypeDecl> in, String name) {
            for (TypeDecl type : in) {
                for (Member member : type.members()) {
                    if (member.kind() == MemberKind.METHOD && member.name().equals(name)) {
                        reach(member);
                    }
                }
            }
        }

        void callAnywhere(String name) {
            if (calledAnywhere.add(name)) {
                List.copyOf(referenced).forEach(type -> reachNamed(Set.of(type), name));
            }
        }

        void callOn(String declaredType, String name) {
            if (calledOn.computeIfAbsent(declaredType, t -> new LinkedHashSet<>()).add(name)) {
                for (TypeDecl type : List.copyOf(referenced)) {
                    if (assignable(type, declaredType)) {
                        reachNamed(withSupertypes(type), name);
                    }
                }
            }
            types.getOrDefault(declaredType, List.of()).forEach(this::reference);
        }

        void reach(Member member) {
            if (members.add(member)) {
                work.push(member);
            }
        }

        void scan(Member member) {
            List<Token> tokens = member.tokens();
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                if (token.kind() != TokenKind.IDENT) {
                    continue;
                }
                types.getOrDefault(token.text(), List.of()).forEach(this::reference);
                Token previous = i > 0 ? tokens.get(i - 1) : null;
                boolean methodReference = previous != null && previous.is("::");
                boolean invoked = i + 1 < tokens.size() && tokens.get(i + 1).is("(") && (previous == null || !previous.is("new"));
                if (invoked || methodReference) {
                    call(member, tokens, i);
                }
            }
        }

        void call(Member member, List<Token> tokens, int i) {
            String name = tokens.get(i).text();
            Token previous = i > 0 ? tokens.get(i - 1) : null;
            if (previous == null || !(previous.is(".") || previous.is("::"))) {
                // unqualified: this type, its supertypes, and the types of the same file (outer and nested classes)
                Set<TypeDecl> scope = new LinkedHashSet<>(withSupertypes(member.owner()));
                types.values().forEach(list -> list.stream().filter(t -> t.file().equals(member.owner().file()))
                        .forEach(t -> scope.addAll(withSupertypes(t))));
                reachNamed(scope, name);
                return;
            }
            Token receiver = tokens.get(i - 2);
            if (receiver.kind() != TokenKind.IDENT) {
                callAnywhere(name);
            } else if (receiver.is("this") || receiver.is("super")) {
                reachNamed(withSupertypes(member.owner()), name);
            } else if (types.containsKey(receiver.text())) {
                types.get(receiver.text()).forEach(type -> reachNamed(withSupertypes(type), name));
            } else if (Character.isUpperCase(receiver.text().charAt(0))) {
                // a static call on a type outside these sources (URI.create, Duration.ofMillis): none of ours runs
            } else {
                String declared = declaredType(member, receiver.text());
                if (declared == null) {
                    callAnywhere(name);
                } else if (types.containsKey(declared)) {
                    callOn(declared, name);
                }
                // else: a variable of a JDK or SDK type (a DynamoDbClient, a Map): none of ours runs
            }
        }
    }

    /** The simple name of the type {@code variable} is declared with, in this member or its type's fields; null if unknown. */
    static String declaredType(Member member, String variable) {
        String found = declaredType(member.tokens(), variable);
        return found != null ? found : declaredType(member.owner().declarations(), variable);
    }

    private static String declaredType(List<Token> tokens, String variable) {
        for (int k = 1; k + 1 < tokens.size(); k++) {
            Token next = tokens.get(k + 1);
            if (!tokens.get(k).is(variable) || tokens.get(k).kind() != TokenKind.IDENT
                    || !(next.is(";") || next.is(",") || next.is(")") || next.is("=") || next.is(":"))) {
                continue;
            }
            int t = k - 1;
            if (tokens.get(t).is(">")) {
                int depth = 0;
                for (; t >= 0; t--) {
                    depth += tokens.get(t).is(">") ? 1 : tokens.get(t).is("<") ? -1 : 0;
                    if (depth == 0) {
                        break;
                    }
                }
                t--;
            }
            if (t >= 0 && tokens.get(t).kind() == TokenKind.IDENT && !tokens.get(t).is("var")
                    && !tokens.get(t).is("return") && !tokens.get(t).is("new")
                    && Character.isUpperCase(tokens.get(t).text().charAt(0))) {
                return tokens.get(t).text();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- parsing

    private void parseFile(Path file, List<Token> tokens) {
        List<String> imports = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            if (token.is("import")) {
                StringBuilder name = new StringBuilder();
                for (i++; i < tokens.size() && !tokens.get(i).is(";"); i++) {
                    name.append(tokens.get(i).text());
                }
                imports.add(name.toString().replace("static", ""));
            } else if (isTypeKeyword(tokens, i)) {
                i = parseType(file, tokens, i, List.copyOf(imports));
                continue;
            }
            i++;
        }
    }

    private static boolean isTypeKeyword(List<Token> tokens, int i) {
        return tokens.get(i).kind() == TokenKind.IDENT && TYPE_KEYWORDS.contains(tokens.get(i).text())
                && (i == 0 || !tokens.get(i - 1).is("."))
                && i + 1 < tokens.size() && tokens.get(i + 1).kind() == TokenKind.IDENT;
    }

    /** Parses the type whose keyword is at {@code i}; returns the index after its closing brace. */
    private int parseType(Path file, List<Token> tokens, int i, List<String> imports) {
        String keyword = tokens.get(i).text();
        TypeDecl type = new TypeDecl(tokens.get(i + 1).text(), file, imports);
        types.computeIfAbsent(type.name(), k -> new ArrayList<>()).add(type);
        int j = i + 2;
        int parens = 0;
        boolean inSupertypes = false;
        for (; !(parens == 0 && tokens.get(j).is("{")); j++) {
            Token t = tokens.get(j);
            if (t.is("(")) {
                parens++;
            } else if (t.is(")")) {
                parens--;
            } else if (parens == 0 && (t.is("extends") || t.is("implements") || t.is("permits"))) {
                inSupertypes = !t.is("permits");
            } else if (inSupertypes && parens == 0 && t.kind() == TokenKind.IDENT) {
                type.supertypes().add(t.text());
            }
            if (parens > 0 || t.is(")")) {
                type.declarations().add(t);      // record components
            }
        }
        return parseBody(file, tokens, j + 1, type, keyword.equals("enum"), imports);
    }

    private int parseBody(Path file, List<Token> tokens, int i, TypeDecl type, boolean isEnum, List<String> imports) {
        if (isEnum) {
            List<Token> constants = new ArrayList<>();
            int braces = 0;
            int parens = 0;
            for (; ; i++) {
                Token t = tokens.get(i);
                if (braces == 0 && parens == 0 && (t.is(";") || t.is("}"))) {
                    break;
                }
                braces += t.is("{") ? 1 : t.is("}") ? -1 : 0;
                parens += t.is("(") ? 1 : t.is(")") ? -1 : 0;
                constants.add(t);
            }
            type.members().add(new Member(type, MemberKind.INITIALIZER, "<enum constants>", constants));
            if (tokens.get(i).is(";")) {
                i++;
            }
        }
        while (!tokens.get(i).is("}")) {
            if (tokens.get(i).is(";")) {
                i++;
                continue;
            }
            List<Token> header = new ArrayList<>();
            int parens = 0;
            boolean initializer = false;
            int j = i;
            while (true) {
                Token t = tokens.get(j);
                if (parens == 0 && t.is(";")) {
                    if (initializer) {
                        type.members().add(new Member(type, MemberKind.INITIALIZER, "<field>", afterEquals(header)));
                    }
                    type.declarations().addAll(header);
                    type.declarations().add(t);
                    j++;
                    break;
                }
                if (parens == 0 && t.is("{")) {
                    int keywordAt = typeKeywordIn(header);
                    if (keywordAt >= 0 && !initializer) {
                        j = parseType(file, tokens, i + keywordAt, imports);     // header.get(k) is tokens.get(i + k)
                        break;
                    }
                    if (initializer) {
                        int close = matchingBrace(tokens, j);
                        header.addAll(tokens.subList(j, close + 1));
                        j = close + 1;
                        continue;
                    }
                    int close = matchingBrace(tokens, j);
                    List<Token> body = new ArrayList<>(tokens.subList(j + 1, close));
                    List<Token> signature = withoutAnnotations(header);
                    int paren = indexOf(signature, "(");
                    if (paren > 0) {
                        String name = signature.get(paren - 1).text();
                        List<Token> all = new ArrayList<>(signature.subList(paren, signature.size()));
                        all.addAll(body);
                        type.members().add(new Member(type, name.equals(type.name()) ? MemberKind.CONSTRUCTOR
                                : MemberKind.METHOD, name, all));
                    } else if (!signature.isEmpty() && signature.get(signature.size() - 1).is(type.name())) {
                        type.members().add(new Member(type, MemberKind.CONSTRUCTOR, type.name(), body));
                    } else {
                        type.members().add(new Member(type, MemberKind.INITIALIZER, "<initializer>", body));
                    }
                    j = close + 1;
                    break;
                }
                if (t.is("(")) {
                    parens++;
                } else if (t.is(")")) {
                    parens--;
                } else if (parens == 0 && t.is("=")) {
                    initializer = true;
                }
                header.add(t);
                j++;
            }
            i = j;
        }
        return i + 1;
    }

    private static int typeKeywordIn(List<Token> header) {
        for (int k = 0; k < header.size() - 1; k++) {
            if (isTypeKeyword(header, k)) {
                return k;
            }
        }
        return -1;
    }

    private static List<Token> afterEquals(List<Token> header) {
        int parens = 0;
        for (int k = 0; k < header.size(); k++) {
            Token t = header.get(k);
            parens += t.is("(") ? 1 : t.is(")") ? -1 : 0;
            if (parens == 0 && t.is("=")) {
                return List.copyOf(header.subList(k + 1, header.size()));
            }
        }
        return List.copyOf(header);
    }

    private static List<Token> withoutAnnotations(List<Token> header) {
        List<Token> out = new ArrayList<>();
        for (int k = 0; k < header.size(); k++) {
            if (header.get(k).is("@") && k + 1 < header.size() && !header.get(k + 1).is("interface")) {
                k++;
                while (k + 2 < header.size() && header.get(k + 1).is(".")) {
                    k += 2;
                }
                if (k + 1 < header.size() && header.get(k + 1).is("(")) {
                    int depth = 0;
                    for (k = k + 1; k < header.size(); k++) {
                        depth += header.get(k).is("(") ? 1 : header.get(k).is(")") ? -1 : 0;
                        if (depth == 0) {
                            break;
                        }
                    }
                }
                continue;
            }
            out.add(header.get(k));
        }
        return out;
    }

    private static int indexOf(List<Token> tokens, String symbol) {
        for (int k = 0; k < tokens.size(); k++) {
            if (tokens.get(k).is(symbol)) {
                return k;
            }
        }
        return -1;
    }

    private static int matchingBrace(List<Token> tokens, int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            depth += tokens.get(k).is("{") ? 1 : tokens.get(k).is("}") ? -1 : 0;
            if (depth == 0) {
                return k;
            }
        }
        throw new IllegalStateException("unbalanced braces");
    }

    // ---------------------------------------------------------------------------------------------- tokens

    /** Identifiers, literals and symbols; comments and whitespace dropped. String tokens hold the literal's text. */
    static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !source.startsWith("\"\"\"", end)) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                tokens.add(new Token(TokenKind.STRING, source.substring(i + 3, Math.min(end, n))));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                tokens.add(new Token(c == '"' ? TokenKind.STRING : TokenKind.CHAR, source.substring(i + 1, Math.min(end, n))));
                i = end + 1;
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(source.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(TokenKind.IDENT, source.substring(i, end)));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(source.charAt(end)) || source.charAt(end) == '_'
                        || source.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(TokenKind.NUMBER, source.substring(i, end)));
                i = end;
            } else if (source.startsWith("::", i) || source.startsWith("->", i)) {
                tokens.add(new Token(TokenKind.SYMBOL, source.substring(i, i + 2)));
                i += 2;
            } else {
                tokens.add(new Token(TokenKind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }
}
