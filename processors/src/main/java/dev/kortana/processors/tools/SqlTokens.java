package dev.kortana.processors.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PostgreSQL text into the tokens that matter to the sql tool kind: words, {@code :name} parameters,
 * string literals, quoted names, semicolons and other symbols. Comments and whitespace are left out; each token keeps
 * its position, so the text between tokens can be copied as it is. It follows the server's lexer where a mismatch
 * could hide a keyword: {@code ''} and E-string escapes, dollar quotes, nested block comments, ASCII-only keywords.
 */
final class SqlTokens {

    /** What a token is. */
    enum Kind { WORD, PARAM, STRING, QUOTED_NAME, SEMICOLON, SYMBOL }

    /**
     * One token.
     *
     * @param kind  what it is
     * @param start its first character in the text
     * @param end   the character after it
     * @param text  the word in upper case (ASCII letters only, as the server folds keywords), the parameter name
     *              without its colon, or the token exactly as written
     */
    record Token(Kind kind, int start, int end, String text) {

        boolean isWord(String upper) {
            return kind == Kind.WORD && text.equals(upper);
        }
    }

    /** The text cannot be split: a literal, quoted name or comment is not closed. */
    static final class Unterminated extends IllegalArgumentException {
        Unterminated(String message) {
            super(message);
        }
    }

    private final String sql;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private SqlTokens(String sql) {
        this.sql = sql;
    }

    /** The tokens of {@code sql}, comments left out. */
    static List<Token> of(String sql) {
        SqlTokens lexer = new SqlTokens(sql);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            int start = pos;
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && next(1) == '-') {
                int eol = sql.indexOf('\n', pos);
                pos = eol < 0 ? sql.length() : eol + 1;
            } else if (c == '/' && next(1) == '*') {
                blockComment();
            } else if (c == '\'') {
                quoted('\'', false, "string literal");
                add(Kind.STRING, start);
            } else if (c == '"') {
                quoted('"', false, "quoted name");
                add(Kind.QUOTED_NAME, start);
            } else if (c == '$' && dollarTag() != null) {
                dollarQuoted(dollarTag());
                add(Kind.STRING, start);
            } else if (wordStart(c)) {
                word(start);
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next(1)))) {
                // Digits and dots only: letters after a number start a word, so "1into" still shows INTO.
                while (pos < sql.length() && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                    pos++;
                }
                add(Kind.SYMBOL, start);
            } else if (c == ':' && next(1) == ':') {
                pos += 2;
                add(Kind.SYMBOL, start);
            } else if (c == ':' && wordStart(next(1))) {
                pos++;
                while (pos < sql.length() && wordPart(sql.charAt(pos))) {
                    pos++;
                }
                tokens.add(new Token(Kind.PARAM, start, pos, sql.substring(start + 1, pos)));
            } else {
                pos++;
                add(c == ';' ? Kind.SEMICOLON : Kind.SYMBOL, start);
            }
        }
    }

    private void word(int start) {
        while (pos < sql.length() && wordPart(sql.charAt(pos))) {
            pos++;
        }
        if (pos - start == 1 && (sql.charAt(start) == 'E' || sql.charAt(start) == 'e') && next(0) == '\'') {
            quoted('\'', true, "escape string literal");
            add(Kind.STRING, start);
            return;
        }
        tokens.add(new Token(Kind.WORD, start, pos, asciiUpper(sql.substring(start, pos))));
    }

    /** From the opening quote at {@code pos} to after the closing one; a doubled quote stands for itself. */
    private void quoted(char quote, boolean backslashEscapes, String what) {
        int start = pos;
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == quote && next(1) == quote) {
                pos += 2;
            } else if (c == quote) {
                pos++;
                return;
            } else {
                pos++;
            }
        }
        throw new Unterminated("sql has an unterminated " + what + " starting at character " + (start + 1));
    }

    private void blockComment() {
        int start = pos;
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        throw new Unterminated("sql has an unterminated /* comment starting at character " + (start + 1));
    }

    /** The tag of a dollar quote opening at {@code pos} ({@code $$} or {@code $tag$}), or null when it is not one. */
    private String dollarTag() {
        int i = pos + 1;
        if (i < sql.length() && wordStart(sql.charAt(i))) {
            while (i < sql.length() && wordPart(sql.charAt(i)) && sql.charAt(i) != '$') {
                i++;
            }
        }
        return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(pos, i + 1) : null;
    }

    private void dollarQuoted(String tag) {
        int close = sql.indexOf(tag, pos + tag.length());
        if (close < 0) {
            throw new Unterminated("sql has an unterminated dollar-quoted string " + tag + " starting at character " + (pos + 1));
        }
        pos = close + tag.length();
    }

    private void add(Kind kind, int start) {
        tokens.add(new Token(kind, start, pos, sql.substring(start, pos)));
    }

    private char next(int offset) {
        int i = pos + offset;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private static boolean wordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean wordPart(char c) {
        return wordStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    /** Upper case for ASCII letters only: the server never folds other letters into a keyword. */
    private static String asciiUpper(String word) {
        char[] chars = word.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] = (char) (chars[i] - ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
