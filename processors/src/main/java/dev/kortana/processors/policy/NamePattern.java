package dev.kortana.processors.policy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Any of a list of name globs, compiled once: {@code *} stands for any run of characters, {@code ?} for one. Exact
 * names and {@code prefix*} globs take a fast path; matching never allocates.
 */
final class NamePattern {

    /** What a glob may contain: names are lower-case letters, digits, '.', '_' and '-'. */
    static final Pattern GLOB = Pattern.compile("[a-z0-9._*?-]{1,128}");

    private final String[] exact;
    private final String[] prefixes;
    private final String[] wildcards;

    private NamePattern(String[] exact, String[] prefixes, String[] wildcards) {
        this.exact = exact;
        this.prefixes = prefixes;
        this.wildcards = wildcards;
    }

    /** Compiles {@code globs}, which must each match {@link #GLOB}. */
    static NamePattern of(List<String> globs) {
        List<String> lower = globs.stream().map(g -> g.toLowerCase(Locale.ROOT)).distinct().toList();
        return new NamePattern(
                lower.stream().filter(g -> !isGlob(g)).toArray(String[]::new),
                lower.stream().filter(NamePattern::isPrefixGlob).map(g -> g.substring(0, g.length() - 1))
                        .toArray(String[]::new),
                lower.stream().filter(g -> isGlob(g) && !isPrefixGlob(g)).toArray(String[]::new));
    }

    /** Reads the globs of {@code key}; null when absent or malformed (the problem is reported). */
    static NamePattern read(MappingReader block, String key, String example) {
        List<String> globs = block.texts(key, example);
        if (globs == null) {
            return null;
        }
        for (String g : globs) {
            if (!GLOB.matcher(g.toLowerCase(Locale.ROOT)).matches()) {
                block.report(key, "'" + g + "' is not a name or glob", "use lower-case letters, digits, '.', '_', '-',"
                        + " with * for any run of characters and ? for one, e.g. " + example);
                return null;
            }
        }
        return of(globs);
    }

    boolean matches(String name) {
        if (name == null) {
            return false;
        }
        for (String e : exact) {
            if (e.equals(name)) {
                return true;
            }
        }
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        for (String w : wildcards) {
            if (wildcardMatch(w, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGlob(String g) {
        return g.indexOf('*') >= 0 || g.indexOf('?') >= 0;
    }

    private static boolean isPrefixGlob(String g) {
        return g.endsWith("*") && g.indexOf('*') == g.length() - 1 && g.indexOf('?') < 0;
    }

    /** Greedy glob matching with one backtrack point: linear in practice, no recursion, no allocation. */
    static boolean wildcardMatch(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int afterStar = 0;
        while (n < name.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))) {
                g++;
                n++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                afterStar = n;
            } else if (star >= 0) {
                g = star + 1;
                n = ++afterStar;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
