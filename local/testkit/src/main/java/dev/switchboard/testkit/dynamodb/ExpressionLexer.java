package dev.switchboard.testkit.dynamodb;

import java.util.ArrayList;
import java.util.List;

/** Splits a DynamoDB expression into tokens. */
final class ExpressionLexer {

    enum Kind {
        NAME_PLACEHOLDER, VALUE_PLACEHOLDER, IDENTIFIER, NUMBER,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, EOF
    }

    record Token(Kind kind, String text, int position) {
        boolean isKeyword(String keyword) {
            return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
        }
    }

    private ExpressionLexer() {
    }

    static List<Token> tokenize(String text, String kind) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw ExpressionParser.syntaxError(kind, text, String.valueOf(c), start);
                }
                tokens.add(new Token(c == '#' ? Kind.NAME_PLACEHOLDER : Kind.VALUE_PLACEHOLDER,
                        text.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENTIFIER, text.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start));
            } else {
                Kind k;
                int length = 1;
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                switch (two) {
                    case "<>" -> { k = Kind.NE; length = 2; }
                    case "<=" -> { k = Kind.LE; length = 2; }
                    case ">=" -> { k = Kind.GE; length = 2; }
                    default -> k = switch (c) {
                        case '(' -> Kind.LPAREN;
                        case ')' -> Kind.RPAREN;
                        case '[' -> Kind.LBRACKET;
                        case ']' -> Kind.RBRACKET;
                        case ',' -> Kind.COMMA;
                        case '.' -> Kind.DOT;
                        case '=' -> Kind.EQ;
                        case '<' -> Kind.LT;
                        case '>' -> Kind.GT;
                        case '+' -> Kind.PLUS;
                        case '-' -> Kind.MINUS;
                        default -> throw ExpressionParser.syntaxError(kind, text, String.valueOf(c), start);
                    };
                }
                i += length;
                tokens.add(new Token(k, text.substring(start, i), start));
            }
        }
        tokens.add(new Token(Kind.EOF, "<EOF>", text.length()));
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
