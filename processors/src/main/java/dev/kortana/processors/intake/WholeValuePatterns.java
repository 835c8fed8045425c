package dev.kortana.processors.intake;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * Schema patterns with ECMA-262's {@code $}: the end of the value. Java's {@code $} also matches before a final line
 * break, so {@code "acme\n"} would pass {@code ^[a-z]+$}; each {@code $} outside a character class becomes {@code \z}.
 */
final class WholeValuePatterns implements RegularExpressionFactory {

    static final WholeValuePatterns INSTANCE = new WholeValuePatterns();

    private WholeValuePatterns() {}

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(endAnchored(regex));
        return value -> pattern.matcher(value).find();
    }

    /** The same regex with every unescaped {@code $} outside {@code [...]} written as {@code \z}. */
    static String endAnchored(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '$' && !inClass) {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
