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
 * newline dropped, as Kubernetes and Docker mount secrets.
 */
final class References {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}:]+)(?::([^}]*))?}");

    private final Map<String, String> environment;

    References(Map<String, String> environment) {
        this.environment = environment;
    }

    /** A reference of ours, or Camel's own {@code {{env:NAME}}}, which Camel resolves where the value is used. */
    static boolean isReference(String value) {
        return REFERENCE.matcher(value).find() || value.contains("{{env:");
    }

    /** The value with every reference replaced; a reference that does not resolve is added to {@code problems}. */
    String resolve(String key, String value, String source, boolean secret, List<ConfigProblem> problems) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String name = m.group(2).trim();
            String fallback = m.group(3);
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
