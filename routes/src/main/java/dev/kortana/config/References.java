package dev.kortana.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}}, {@code ${env:NAME:default}} and {@code ${file:PATH}} in a value: how a file names a secret (or
 * anything that differs per deployment) without holding it. A file reference reads the whole file, its trailing
 * newline dropped, as Kubernetes and Docker mount secrets. Camel's {@code {{env:NAME}}} and {@code {{env:NAME:default}}},
 * which earlier configuration files used, are read the same way.
 */
final class References {

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\{(env|file):([^}:]+)(?::([^}]*))?}|\\{\\{(env):([^}:]+)(?::([^}]*))?}}");
    /** A value that is one reference and nothing else, with no default or an empty one: how a secret is written. */
    private static final Pattern WHOLE_SECRET_REFERENCE = Pattern.compile("\\$\\{(?:env:[^}:]+:?|file:[^}:]+)}|\\{\\{env:[^}:]+:?}}");

    private final Map<String, String> environment;

    References(Map<String, String> environment) {
        this.environment = environment;
    }

    static boolean isReference(String value) {
        return REFERENCE.matcher(value).find();
    }

    /** Whether a secret's value is written as it must be in a file: one reference, no default but an empty one. */
    static boolean isSecretReference(String value) {
        return WHOLE_SECRET_REFERENCE.matcher(value.trim()).matches();
    }

    /** The reference text as it may be shown: a default given inside it masked. */
    static String shown(String reference) {
        return reference.replaceAll("(\\$\\{env:[^}:]+:)[^}]+}", "$1" + Masking.MASK + "}")
                .replaceAll("(\\{\\{env:[^}:]+:)[^}]+}}", "$1" + Masking.MASK + "}}");
    }

    /** The value with every reference replaced; a reference that does not resolve is added to {@code problems}. */
    String resolve(String key, String value, String source, boolean secret, List<ConfigProblem> problems) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean camelForm = m.group(1) == null;
            String kind = camelForm ? m.group(4) : m.group(1);
            String name = (camelForm ? m.group(5) : m.group(2)).trim();
            String fallback = camelForm ? m.group(6) : m.group(3);
            String resolved = "env".equals(kind) ? environment.get(name) : readFile(name);
            if (resolved == null && fallback != null) {
                resolved = fallback;
            }
            if (resolved == null) {
                problems.add(missing(key, source, kind, name, secret));
                resolved = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static ConfigProblem missing(String key, String source, String kind, String name, boolean secret) {
        String what = secret ? "the secret it refers to is missing" : "the value it refers to is missing";
        return "env".equals(kind)
                ? new ConfigProblem(key, source, what + ": environment variable " + name + " is not set",
                        "set " + name + (secret ? " (from your secret store)" : "") + ", or change the reference")
                : new ConfigProblem(key, source, what + ": file " + name + " cannot be read",
                        "mount the file at " + name + " readable by this user, or change the reference");
    }

    private static String readFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
