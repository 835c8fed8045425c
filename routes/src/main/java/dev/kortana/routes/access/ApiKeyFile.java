package dev.kortana.routes.access;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kortana.processors.intake.FieldProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code kortana.auth.keys-file}: a YAML list of keys, each with an id, a tenant, roles and the SHA-256 of the
 * key (never the key). Everything wrong is reported at once, naming the entry, the field and the fix, and the start
 * stops.
 *
 * <pre>
 * keys:
 *   - {id: acme-ci, tenant: acme, roles: [submitter], sha256: 9f86d0…}
 *   - {id: ops, tenant: "*", roles: [admin], sha256: 2c26b4…}
 * </pre>
 */
public final class ApiKeyFile {

    static final Pattern KEY_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    /** The tenant pattern of agent-task.schema.json. */
    static final Pattern TENANT = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final Pattern SHA256_HEX = Pattern.compile("^[0-9a-fA-F]{64}$");
    private static final Set<String> FIELDS = Set.of("id", "tenant", "roles", "sha256");
    private static final String ROLE_NAMES = Arrays.stream(Role.values()).map(Role::label).collect(Collectors.joining(", "));

    private ApiKeyFile() {}

    /** The keys of a key file; {@code origin} names the file in messages. */
    public static List<IssuedKey> load(InputStream yaml, String origin) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(yaml);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException(origin + ": not readable as YAML: " + why
                    + (why.contains("alias") ? " (write the all-tenants tenant in quotes: tenant: \"*\")" : ""), e);
        }
        JsonNode keys = root == null ? null : root.get("keys");
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no keys under 'keys:'; add entries that ./kortana keys new prints,"
                    + " or leave kortana.auth.keys-file empty");
        }
        List<FieldProblem> problems = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("keys")) {
                problems.add(new FieldProblem(name, "is not a key file field", "remove it; the file holds only 'keys:'"));
            }
        });
        List<IssuedKey> issued = new ArrayList<>();
        Map<String, String> idsSeen = new HashMap<>();
        Map<String, String> hashesSeen = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode entry = keys.get(i);
            String id = text(entry, "id");
            String where = "keys[" + i + "]" + (id == null ? "" : " (id " + id + ")");
            int before = problems.size();
            if (!entry.isObject()) {
                problems.add(new FieldProblem(where, "is not a mapping", "write {id: …, tenant: …, roles: […], sha256: …}"));
                continue;
            }
            checkFields(entry, where, problems);
            Set<Role> roles = check(where, id, text(entry, "tenant"), roleNames(entry.get("roles")), problems);
            String hash = text(entry, "sha256");
            if (hash == null || !SHA256_HEX.matcher(hash).matches()) {
                problems.add(new FieldProblem(field(where, "sha256"), hash == null ? "is missing" : "is not 64 hex digits",
                        "put the SHA-256 of the key here, as ./kortana keys new prints it (or: printf %s \"$KEY\" | sha256sum)"));
            } else if (hashesSeen.putIfAbsent(hash.toLowerCase(Locale.ROOT), where) != null) {
                problems.add(new FieldProblem(field(where, "sha256"), "is the same key as " + hashesSeen.get(hash.toLowerCase(Locale.ROOT)),
                        "give every key its own secret; make a new one with ./kortana keys new"));
            }
            if (id != null && idsSeen.putIfAbsent(id, where) != null) {
                problems.add(new FieldProblem(field(where, "id"), "is used by " + idsSeen.get(id) + " too", "give every key its own id"));
            }
            if (problems.size() == before) {
                issued.add(new IssuedKey(new Principal(id, text(entry, "tenant"), roles), HexFormat.of().parseHex(hash)));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(origin + ": " + problems.size() + " problem(s) in the key file:" + problems.stream()
                    .map(p -> "\n  " + p.field() + ": " + p.problem() + "; " + p.fix()).collect(Collectors.joining()));
        }
        return List.copyOf(issued);
    }

    /**
     * Checks what a key says about its owner (also for {@code ./kortana keys new}); adds a problem per wrong field,
     * named {@code where.field} ({@code field} alone when {@code where} is empty), and returns the roles it could read.
     */
    public static Set<Role> check(String where, String id, String tenant, List<String> roleNames, List<FieldProblem> problems) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            problems.add(new FieldProblem(field(where, "id"), id == null ? "is missing" : "'" + id + "' is not a key id",
                    "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. acme-ci"));
        } else if (id.equals(IssuedKey.BOOTSTRAP_ADMIN_ID)) {
            problems.add(new FieldProblem(field(where, "id"), "'" + id + "' is the id of kortana.admin.api-key", "choose another id"));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (roleNames == null || roleNames.isEmpty()) {
            problems.add(new FieldProblem(field(where, "roles"), "is missing", "list one or more of " + ROLE_NAMES + ", e.g. [submitter]"));
        } else {
            for (String name : roleNames) {
                Role role = name == null ? null : Role.named(name);
                if (role == null) {
                    problems.add(new FieldProblem(field(where, "roles"), "'" + name + "' is not a role", "use " + ROLE_NAMES));
                } else {
                    roles.add(role);
                }
            }
        }
        if (tenant == null || tenant.isBlank()) {
            problems.add(new FieldProblem(field(where, "tenant"), "is missing", "name the tenant whose tasks this key submits and"
                    + " reads, e.g. acme; an admin key for every tenant says tenant: \"*\""));
        } else if (tenant.equals(Principal.ALL_TENANTS)) {
            if (!roles.isEmpty() && !roles.contains(Role.ADMIN)) {
                problems.add(new FieldProblem(field(where, "tenant"), "\"*\" (every tenant) is only allowed with role admin",
                        "name one tenant, or give the key roles: [admin]"));
            }
        } else if (roles.contains(Role.ADMIN)) {
            // Tools, dead letters and the audit log belong to no tenant: an admin of one tenant would reach them all.
            problems.add(new FieldProblem(field(where, "tenant"), "'" + tenant + "' with role admin: an admin manages tools,"
                    + " dead letters and the audit log of every tenant", "give an admin key tenant: \"*\", or give this key"
                    + " roles: [submitter, approver] for " + tenant + " only"));
        } else if (!TENANT.matcher(tenant).matches()) {
            problems.add(new FieldProblem(field(where, "tenant"), "'" + tenant + "' is not a tenant name",
                    "use lower-case letters, digits and '-' (at most 63), as tasks do, or \"*\" for an admin"));
        }
        return roles;
    }

    private static void checkFields(JsonNode entry, String where, List<FieldProblem> problems) {
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("key") || name.equals("secret")) {
                problems.add(new FieldProblem(field(where, name), "holds a key in clear text",
                        "delete it (and issue a new key: this one is exposed); the file keeps only sha256"));
            } else if (!FIELDS.contains(name)) {
                problems.add(new FieldProblem(field(where, name), "is not a key field", "use only id, tenant, roles and sha256"));
            }
        }
    }

    private static String field(String where, String name) {
        return where.isEmpty() ? name : where + "." + name;
    }

    private static List<String> roleNames(JsonNode roles) {
        if (roles == null || roles.isNull()) {
            return null;
        }
        if (roles.isTextual()) {
            return List.of(roles.asText().split(","));
        }
        List<String> names = new ArrayList<>();
        roles.forEach(r -> names.add(r.isTextual() ? r.asText() : r.toString()));
        return names;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }
}
