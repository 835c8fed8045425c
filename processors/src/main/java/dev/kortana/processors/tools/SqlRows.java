package dev.kortana.processors.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A query result as the sql tool's output: {@code columns}, {@code rows} (one object per row), {@code rowCount},
 * {@code truncated} and {@code text} (a header line and one line per row, for later steps). Numbers and booleans stay
 * JSON numbers and booleans, json and jsonb become JSON, dates and times ISO-8601 strings, anything else its text.
 */
final class SqlRows {

    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    private SqlRows() {}

    /** Reads at most {@code maxRows} rows; {@code truncated} says whether the result set held more. */
    static ObjectNode read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = columnNames(meta);
        ArrayNode rows = NODES.arrayNode();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            ObjectNode row = rows.addObject();
            for (int i = 0; i < columns.size(); i++) {
                row.set(columns.get(i), value(rs, i + 1, meta.getColumnTypeName(i + 1)));
            }
        }
        ObjectNode output = NODES.objectNode();
        columns.forEach(output.putArray("columns")::add);
        output.set("rows", rows);
        output.put("rowCount", rows.size());
        output.put("truncated", truncated);
        output.put("text", text(columns, rows, truncated));
        return output;
    }

    /** Column labels, made unique ({@code SELECT 1, 1} has two columns named {@code ?column?}). */
    private static List<String> columnNames(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String label = meta.getColumnLabel(i);
            String name = label;
            for (int n = 2; !seen.add(name); n++) {
                name = label + "_" + n;
            }
            names.add(name);
        }
        return names;
    }

    private static JsonNode value(ResultSet rs, int column, String type) throws SQLException {
        if (rs.getObject(column) == null) {
            return NODES.nullNode();
        }
        return switch (type) {
            case "int2", "int4", "int8", "oid" -> NODES.numberNode(rs.getLong(column));
            case "float4", "float8" -> finite(rs.getDouble(column), rs.getString(column));
            case "numeric" -> numeric(rs.getString(column));
            case "bool" -> NODES.booleanNode(rs.getBoolean(column));
            case "json", "jsonb" -> json(rs.getString(column));
            case "date" -> time(rs, column, LocalDate.class);
            case "time" -> time(rs, column, LocalTime.class);
            case "timetz" -> time(rs, column, OffsetTime.class);
            case "timestamp" -> time(rs, column, LocalDateTime.class);
            case "timestamptz" -> time(rs, column, OffsetDateTime.class);
            default -> rs.getObject(column) instanceof Array array ? array(array) : NODES.textNode(rs.getString(column));
        };
    }

    private static JsonNode finite(double value, String text) {
        return Double.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(text);
    }

    private static JsonNode numeric(String text) {
        try {
            return NODES.numberNode(new java.math.BigDecimal(text));
        } catch (NumberFormatException e) {
            return NODES.textNode(text); // NaN and ±Infinity have no JSON number
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return NODES.textNode(text);
        }
    }

    private static JsonNode time(ResultSet rs, int column, Class<?> type) throws SQLException {
        try {
            return NODES.textNode(rs.getObject(column, type).toString());
        } catch (SQLException | RuntimeException e) {
            return NODES.textNode(rs.getString(column)); // infinity, or a year the java.time types cannot hold
        }
    }

    private static JsonNode array(Array array) throws SQLException {
        return element(array.getArray());
    }

    /** An array element: nested arrays stay arrays (a two-dimensional int[][] is Integer[][]). */
    private static JsonNode element(Object element) {
        if (element == null) {
            return NODES.nullNode();
        }
        if (element instanceof Object[] elements) {
            ArrayNode out = NODES.arrayNode();
            for (Object inner : elements) {
                out.add(element(inner));
            }
            return out;
        }
        return element instanceof Number || element instanceof Boolean
                ? Json.MAPPER.valueToTree(element) : NODES.textNode(element.toString());
    }

    private static String text(List<String> columns, ArrayNode rows, boolean truncated) {
        if (rows.isEmpty()) {
            return String.join(" | ", columns) + "\n(no rows)";
        }
        StringBuilder text = new StringBuilder(String.join(" | ", columns));
        for (JsonNode row : rows) {
            text.append('\n');
            for (int i = 0; i < columns.size(); i++) {
                JsonNode cell = row.get(columns.get(i));
                String shown = cell.isTextual() ? cell.textValue() : cell.toString();
                // One line per row: a later step can count and quote rows.
                text.append(i == 0 ? "" : " | ").append(shown.replace("\r", "\\r").replace("\n", "\\n"));
            }
        }
        if (truncated) {
            text.append("\n(first ").append(rows.size()).append(" rows only; the result had more)");
        }
        return text.toString();
    }
}
