package dev.kortana.processors.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks a whole policies.yaml; every problem in it is reported in one {@link PolicyFileException}. */
final class PolicyFileReader {

    static final List<String> FIELDS = List.of("version", "default", "defaults", "rules", "rate-limits");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What a checked file holds. */
    record Contents(String label, boolean defaultDeny, ApprovalTerms defaultApproval, List<Rule> rules,
            RateLimits rateLimits) {}

    private PolicyFileReader() {}

    static Contents read(byte[] yaml, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PolicyFileException(origin, List.of("not valid YAML: " + firstLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")") + "; fix the syntax there (a repeated key counts too)"));
        } catch (IOException e) {
            throw new PolicyFileException(origin, List.of("cannot be read: " + e.getMessage()));
        }
        Problems problems = new Problems();
        MappingReader top = MappingReader.of(root, "", "", problems);
        top.allowOnly(FIELDS);
        String label = top.text("version", "\"2026-11-25\"");
        if (label != null && !LABEL.matcher(label).matches()) {
            top.report("version", "'" + label + "' is not a usable label", "use up to 64 letters, digits, '.', '_',"
                    + " ':' or '-', e.g. version: \"2026-11-25\"");
        }
        boolean defaultDeny = defaultDeny(top);
        MappingReader defaults = top.mapping("defaults");
        ApprovalTerms approval = ApprovalTerms.DEFAULTS;
        if (defaults != null) {
            defaults.allowOnly(List.of("approval"));
            MappingReader block = defaults.mapping("approval");
            approval = block == null ? approval : ApprovalTermsReader.read(block, approval);
        }
        List<Rule> rules = rules(top, approval, problems);
        MappingReader limits = top.mapping("rate-limits");
        RateLimits rateLimits = limits == null ? RateLimits.NONE : RateLimitsReader.read(limits);
        if (problems.count() > 0) {
            throw new PolicyFileException(origin, problems.all());
        }
        return new Contents(label, defaultDeny, approval, rules, rateLimits);
    }

    private static boolean defaultDeny(MappingReader top) {
        String text = top.text("default", "allow");
        if (text == null || text.equalsIgnoreCase("allow")) {
            return false;
        }
        if (!text.equalsIgnoreCase("deny")) {
            top.report("default", "'" + text + "' is not allow or deny", "write default: allow (what no rule"
                    + " matches runs) or default: deny (only what an ALLOW rule matches runs)");
        }
        return text.toLowerCase(Locale.ROOT).equals("deny");
    }

    private static List<Rule> rules(MappingReader top, ApprovalTerms defaults, Problems problems) {
        List<Rule> rules = new ArrayList<>();
        JsonNode list = top.raw("rules");
        if (list == null) {
            return rules;
        }
        if (!list.isArray()) {
            top.report("rules", "must be a list", "start each rule with '- id: ...' under rules:");
            return rules;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Rule rule = RuleReader.read(list.get(i), i, defaults, ids, problems);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The first 12 hex digits of the SHA-256 of {@code bytes}: the file part of a version. */
    static String contentHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
