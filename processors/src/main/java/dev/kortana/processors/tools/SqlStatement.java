package dev.kortana.processors.tools;

import dev.kortana.processors.tools.SqlTokens.Kind;
import dev.kortana.processors.tools.SqlTokens.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sql tool's statement made ready for JDBC: each {@code :name} parameter outside literals, quoted names and
 * comments becomes a {@code ?}, and the agent's arguments are bound to them by name. The statement text always comes
 * from the tool's registration; arguments only ever become parameter values.
 *
 * @param tool    the tool whose statement this is (named in failures)
 * @param jdbcSql the statement with {@code ?} placeholders; a {@code ?} the statement itself holds (the jsonb
 *                operator) is doubled, so the driver does not take it for a placeholder
 * @param names   the parameter name of each placeholder, in order; a name used twice appears twice
 */
public record SqlStatement(String tool, String jdbcSql, List<String> names) {

    public SqlStatement {
        names = List.copyOf(names);
    }

    /**
     * Parses {@code sql}. {@code :id::int} is the parameter {@code id} followed by a cast; a final {@code ;} is left
     * out.
     *
     * @throws ToolFailure when a literal, quoted name or comment is not closed
     */
    public static SqlStatement parse(String tool, String sql) {
        List<Token> tokens;
        try {
            tokens = SqlTokens.of(sql);
        } catch (SqlTokens.Unterminated e) {
            throw new ToolFailure("tool " + tool + ": " + e.getMessage());
        }
        int last = tokens.size();
        if (last > 0 && tokens.get(last - 1).kind() == Kind.SEMICOLON) {
            last--;
        }
        StringBuilder jdbc = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int copied = 0;
        for (Token token : tokens.subList(0, last)) {
            if (token.kind() == Kind.PARAM) {
                jdbc.append(sql, copied, token.start()).append('?');
                names.add(token.text());
                copied = token.end();
            } else if (token.kind() == Kind.SYMBOL && token.text().equals("?")) {
                jdbc.append(sql, copied, token.start()).append("??");
                copied = token.end();
            }
        }
        int end = last < tokens.size() ? tokens.get(last).start() : sql.length();
        jdbc.append(sql, copied, end);
        return new SqlStatement(tool, jdbc.toString().strip(), names);
    }

    /**
     * The values for the placeholders, in order.
     *
     * @throws ToolFailure when an argument the statement names is missing, or is an object or array
     */
    public List<Object> bind(Map<String, Object> args) {
        List<Object> values = new ArrayList<>(names.size());
        for (String name : names) {
            if (!args.containsKey(name)) {
                throw new ToolFailure("argument '" + name + "' is required by the statement of tool " + tool);
            }
            values.add(scalar(name, args.get(name)));
        }
        return values;
    }

    private Object scalar(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof Number) {
            return value;
        }
        String what = value instanceof Map ? "an object" : value instanceof Iterable || value.getClass().isArray()
                ? "an array" : "a " + value.getClass().getSimpleName();
        throw new ToolFailure("argument '" + name + "' of tool " + tool
                + " must be a string, number, boolean or null to fill a statement parameter, not " + what);
    }
}
