package dev.kortana.processors.tools;

import dev.kortana.processors.tools.SqlTokens.Kind;
import dev.kortana.processors.tools.SqlTokens.Token;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Static check that a sql tool's statement is exactly one statement that only reads: it starts with SELECT, WITH,
 * VALUES or TABLE, and no word outside literals, quoted names and comments is a write, DDL or session-control keyword.
 * This is the first layer only: a function called by the statement can still try to write, which the read-only
 * transaction of {@link SqlQueryTool} stops.
 */
public final class ReadOnlySql {

    private static final String FIX = "sql tools only read: use one SELECT, WITH … SELECT, VALUES or TABLE statement";
    private static final Set<String> FIRST = Set.of("SELECT", "WITH", "VALUES", "TABLE");
    private static final Set<String> DATA_WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT");
    private static final Set<String> REFUSED = Set.of(
            "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE",
            "COPY", "CALL", "DO", "SET", "RESET", "LOCK", "VACUUM", "ANALYZE", "CLUSTER", "REINDEX", "COMMENT",
            "SECURITY", "REFRESH", "LISTEN", "NOTIFY", "PREPARE", "EXECUTE", "DISCARD", "BEGIN", "COMMIT", "ROLLBACK",
            "SAVEPOINT", "IMPORT", "INTO");

    private ReadOnlySql() {}

    /** Why {@code sql} is not one read-only statement, or empty when it is. */
    public static Optional<String> problem(String sql) {
        if (sql == null || sql.isBlank()) {
            return Optional.of("sql is empty; " + FIX);
        }
        List<Token> tokens;
        try {
            tokens = SqlTokens.of(sql);
        } catch (SqlTokens.Unterminated e) {
            return Optional.of(e.getMessage());
        }
        if (tokens.isEmpty()) {
            return Optional.of("sql holds only comments; " + FIX);
        }
        boolean inWith = first(tokens).isWord("WITH");
        for (int i = 0; i < tokens.size(); i++) {
            Optional<String> refused = refused(tokens, i, inWith);
            if (refused.isPresent()) {
                return refused;
            }
        }
        for (int i = 0; i < tokens.size() - 1; i++) {
            if (tokens.get(i).kind() == Kind.SEMICOLON) {
                return Optional.of("sql holds more than one statement (" + shown(sql, tokens.get(i + 1)) + " follows ';'); "
                        + FIX);
            }
        }
        Token first = first(tokens);
        if (first.kind() != Kind.WORD || !FIRST.contains(first.text())) {
            return Optional.of("sql starts with " + shown(sql, first) + "; " + FIX);
        }
        return Optional.empty();
    }

    /** The problem with the token at {@code i} when it is a refused keyword or opens a row-locking clause. */
    private static Optional<String> refused(List<Token> tokens, int i, boolean inWith) {
        Token token = tokens.get(i);
        if (token.kind() != Kind.WORD) {
            return Optional.empty();
        }
        String word = token.text();
        if (word.equals("FOR")) {
            String lock = lockingClause(tokens, i);
            return lock == null ? Optional.empty()
                    : Optional.of("sql contains " + lock + ", which locks rows; " + FIX + " without a locking clause");
        }
        if (!REFUSED.contains(word)) {
            return Optional.empty();
        }
        if (word.equals("INTO")) {
            return Optional.of("sql contains INTO (SELECT INTO creates a table); " + FIX);
        }
        if (DATA_WRITES.contains(word)) {
            return Optional.of("sql contains " + word + (inWith ? " inside a WITH" : "") + "; " + FIX);
        }
        String lower = word.toLowerCase(Locale.ROOT);
        // These words are also common column names, so say how to keep the name.
        return Optional.of("sql contains " + word + "; " + FIX + " (a column or table named " + lower
                + " is written in double quotes: \"" + lower + "\")");
    }

    /** FOR UPDATE, FOR SHARE, FOR NO KEY UPDATE or FOR KEY SHARE starting at {@code i}, or null. */
    private static String lockingClause(List<Token> tokens, int i) {
        String next = wordAt(tokens, i + 1);
        if (next.equals("UPDATE") || next.equals("SHARE")) {
            return "FOR " + next;
        }
        if (next.equals("NO") && wordAt(tokens, i + 2).equals("KEY")) {
            return "FOR NO KEY UPDATE";
        }
        if (next.equals("KEY") && wordAt(tokens, i + 2).equals("SHARE")) {
            return "FOR KEY SHARE";
        }
        return null;
    }

    /** The token as written, cut short: enough to find it in the statement. */
    private static String shown(String sql, Token token) {
        String text = sql.substring(token.start(), token.end());
        return text.length() > 30 ? text.substring(0, 30) + "…" : text;
    }

    private static String wordAt(List<Token> tokens, int i) {
        return i < tokens.size() && tokens.get(i).kind() == Kind.WORD ? tokens.get(i).text() : "";
    }

    /** The first token after any opening parentheses: {@code (SELECT …) UNION (SELECT …)} starts with SELECT. */
    private static Token first(List<Token> tokens) {
        for (Token token : tokens) {
            if (!token.text().equals("(")) {
                return token;
            }
        }
        return tokens.get(0);
    }
}
