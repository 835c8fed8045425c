package dev.kortana.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JSON object written by hand, field by field, so a mutation can put any text, valid or not, in any place. */
final class RawObject {

    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    /** Sets {@code name} (quoted for JSON) to the raw JSON text {@code value}, in place when it exists. */
    RawObject put(String name, String value) {
        String key = Json.quote(name);
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getKey().equals(key)) {
                fields.set(i, Map.entry(key, value));
                return this;
            }
        }
        fields.add(Map.entry(key, value));
        return this;
    }

    /** Adds a field with a key written exactly as given (quotes included), even when one of that name exists. */
    RawObject add(String rawKey, String value) {
        fields.add(Map.entry(rawKey, value));
        return this;
    }

    RawObject remove(String name) {
        fields.removeIf(f -> f.getKey().equals(Json.quote(name)));
        return this;
    }

    List<String> names() {
        return fields.stream().map(f -> f.getKey().substring(1, f.getKey().length() - 1)).toList();
    }

    String get(String name) {
        return fields.stream().filter(f -> f.getKey().equals(Json.quote(name))).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    RawObject copy() {
        RawObject copy = new RawObject();
        copy.fields.addAll(fields);
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, String> f : fields) {
            s.append(s.length() == 1 ? "" : ",").append(f.getKey()).append(':').append(f.getValue());
        }
        return s.append('}').toString();
    }

    /** JSON text helpers, written here rather than by Jackson so that every byte is the generator's choice. */
    static final class Json {

        private Json() {}

        /** {@code s} as a JSON string: quotes, backslashes and control characters escaped, everything else as is. */
        static String quote(String s) {
            StringBuilder out = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }

        /** As {@link #quote}, with every character outside ASCII written as a \\u escape (pairs for the astral planes). */
        static String quoteAscii(String s) {
            String quoted = quote(s);
            StringBuilder out = new StringBuilder(quoted.length());
            for (int i = 0; i < quoted.length(); i++) {
                char c = quoted.charAt(i);
                out.append(c < 0x80 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
            }
            return out.toString();
        }

        static String array(List<String> rawValues) {
            return "[" + String.join(",", rawValues) + "]";
        }
    }
}
