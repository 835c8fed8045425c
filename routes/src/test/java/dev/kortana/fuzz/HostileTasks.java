package dev.kortana.fuzz;

import static dev.kortana.fuzz.RawObject.Json.quote;

import dev.kortana.fuzz.FuzzCase.Expect;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The seeded generator: good tasks interleaved with hostile ones (mutations of good tasks, and bodies that are not
 * tasks at all). The same seed gives the same sequence, so a failing case is reproduced from the seed and its number.
 */
public final class HostileTasks {

    /** Wrong-typed values, tried against every field in {@link #FIELDS}. */
    private static final String[] WRONG = {"1", "-1", "true", "null", "[]", "{}", "\"x\"", "[\"x\"]", "{\"a\":1}", "\"\"", "0.5", "\"1\""};
    /** Place, field and the raw values that are right for it (a wrong value is any other). */
    private static final String[][] FIELDS = {
            {"top", "id", "string"}, {"top", "goal", "string"}, {"top", "tenant", "string"}, {"top", "inputs", "object"},
            {"top", "constraints", "object"}, {"top", "plan", "array"}, {"constraints", "maxCostUsd", "number"},
            {"constraints", "deadline", "string"}, {"constraints", "dataResidency", "string"},
            {"constraints", "allowedTools", "array"}, {"constraints", "requireApproval", "boolean"},
            {"step", "tool", "string"}, {"step", "args", "object"}, {"step", "rationale", "string"},
            {"step", "dependsOn", "array"}};

    private final Random random;
    private final String idPrefix;
    private final int maxBody;
    private final boolean http;
    private int number;

    /**
     * @param seed     the run's seed (printed by the suite)
     * @param idPrefix keeps the ids of good tasks apart between channels
     * @param maxBody  the largest body this channel can carry at all (oversize cases stay under it)
     * @param http     whether to add HTTP-only cases (Content-Type, Idempotency-Key)
     */
    public HostileTasks(long seed, String idPrefix, int maxBody, boolean http) {
        this.random = new Random(seed);
        this.idPrefix = idPrefix;
        this.maxBody = maxBody;
        this.http = http;
    }

    /**
     * The next case. About 7 in 100 are good and 5 in 100 may be either; every good or accepted case runs the whole
     * pipeline, which is what bounds the suite's run time, so the rest (junk, refused at the edge) is the bulk.
     */
    public FuzzCase next() {
        int n = number++;
        Random r = random;
        int roll = r.nextInt(100);
        if (roll < 5) {
            return new FuzzCase(n, "good", GoodTasks.draft(r, idPrefix, n).text(), Expect.ACCEPT);
        }
        if (roll < 6) {
            return new FuzzCase(n, "good-whitespace", " \t\r\n" + GoodTasks.draft(r, idPrefix, n).text() + "\n ", Expect.ACCEPT);
        }
        if (roll < 7) {
            return new FuzzCase(n, "good-at-limits", atLimits(n), Expect.ACCEPT);
        }
        if (roll < 9) {
            return new FuzzCase(n, "bit-flip", HostileBytes.flipBits(r, utf8(good(n).text())), Expect.EITHER);
        }
        if (roll < 10) {
            return new FuzzCase(n, "byte-noise", HostileBytes.noise(r, utf8(good(n).text())), Expect.EITHER);
        }
        if (roll < 12) {
            return either(n);
        }
        if (roll < 15) {
            byte[] body = utf8(good(n).text());
            return new FuzzCase(n, "truncated", java.util.Arrays.copyOf(body, r.nextInt(body.length)), Expect.REJECT);
        }
        if (roll < 21) {
            return new FuzzCase(n, "invalid-utf8", HostileBytes.invalidUtf8(r, good(n)), Expect.REJECT);
        }
        if (roll < 24) {
            return new FuzzCase(n, "other-encoding", HostileBytes.otherEncoding(r, good(n).text()), Expect.REJECT);
        }
        if (http && roll < 27) {
            return httpOnly(n);
        }
        String kind = structuralKind(r);
        return new FuzzCase(n, kind, structural(n, kind), Expect.REJECT);
    }

    /** A good task to mutate; its id (if any) is apart from the good tasks' ids, so a flipped digit never takes one of theirs. */
    private TaskDraft good(int n) {
        return GoodTasks.draft(random, idPrefix + "-m", n);
    }

    private static String structuralKind(Random r) {
        return new String[] {"lone-surrogate", "nul", "raw-control", "pattern-trailer", "non-finite", "not-json-token", "deep",
                "duplicate-key", "trailing-data", "wrong-type", "unknown-field", "missing-goal", "huge-goal", "oversize", "bad-id",
                "bad-tenant", "bad-plan", "not-an-object", "blank-goal"}[r.nextInt(19)];
    }

    /** A task that breaks the contract in one place (the kind chosen by {@link #structuralKind}). */
    private String structural(int n, String kind) {
        Random r = random;
        TaskDraft d = good(n);
        switch (kind) {
            case "lone-surrogate" -> {
                String lone = new String[] {"\\ud800", "\\udc00", "\\udbff", "\\ud800A", "\\udfff\\ud800", "x\\ud83d"}[r.nextInt(6)];
                switch (r.nextInt(4)) {
                    case 0 -> d.top.put("goal", "\"summarize " + lone + "\"");
                    case 1 -> d.top.put("inputs", "{\"k\":\"" + lone + "\"}");
                    case 2 -> d.top.put("inputs", "{\"" + lone + "\":1}");
                    default -> d.object("step").put("rationale", "\"" + lone + "\"");
                }
            }
            case "nul" -> {
                switch (r.nextInt(3)) {
                    case 0 -> d.top.put("goal", "\"summarize\\u0000\"");
                    case 1 -> d.top.put("inputs", "{\"k\\u0000\":1}");
                    default -> d.top.put("inputs", "{\"k\":[\"a\\u0000b\"]}");
                }
            }
            case "raw-control" -> d.top.put("goal", "\"summarize" + (char) r.nextInt(0x20) + "x\"");
            case "pattern-trailer" -> {
                String t = HostileValues.TRAILERS[r.nextInt(HostileValues.TRAILERS.length)];
                String at = r.nextInt(4) == 0 ? "start" : "end";
                switch (r.nextInt(5)) {
                    case 0 -> d.top.put("id", quote(edge(idPrefix + "-" + n, t, at)));
                    case 1 -> d.top.put("tenant", quote(edge("acme", t, at)));
                    case 2 -> d.object("constraints").put("dataResidency", quote(edge("eu", t, at)));
                    case 3 -> d.object("constraints").put("allowedTools", "[\"memory.search\"," + quote(edge("text.summarize", t, at)) + "]");
                    default -> d.object("step").put("tool", quote(edge("memory.search", t, at)));
                }
            }
            case "non-finite" -> {
                String v = HostileValues.NON_FINITE[r.nextInt(HostileValues.NON_FINITE.length)];
                switch (r.nextInt(3)) {
                    case 0 -> d.top.put("inputs", "{\"n\":" + v + "}");
                    case 1 -> d.object("step").put("args", "{\"query\":\"q\",\"limit\":" + v + "}");
                    default -> d.object("constraints").put("maxCostUsd", v);
                }
            }
            case "not-json-token" -> d.top.put("inputs", "{\"n\":" + HostileValues.NOT_JSON[r.nextInt(HostileValues.NOT_JSON.length)] + "}");
            case "deep" -> d.top.put("inputs", "{\"deep\":" + nested(r, 63 + r.nextInt(r.nextInt(10) == 0 ? 5000 : 100)) + "}");
            case "duplicate-key" -> {
                switch (r.nextInt(5)) {
                    case 0 -> d.top.add("\"goal\"", quote("summarize twice"));
                    case 1 -> d.top.add("\"go\\u0061l\"", quote("summarize escaped twin"));
                    case 2 -> d.top.put("inputs", "{\"k\":1,\"k\":1}");
                    case 3 -> d.object("step").add("\"tool\"", "\"memory.search\"");
                    default -> d.object("constraints").put("maxCostUsd", "1").add("\"maxCostUsd\"", "2");
                }
            }
            case "trailing-data" -> {
                return d.text() + HostileValues.TRAILING[r.nextInt(HostileValues.TRAILING.length)];
            }
            case "wrong-type" -> {
                String[] field = FIELDS[r.nextInt(FIELDS.length)];
                d.object(field[0]).put(field[1], wrongFor(r, field[2]));
                if (field[1].equals("constraints")) {
                    d.constraints = null;
                } else if (field[1].equals("plan")) {
                    d.steps = null;
                }
            }
            case "unknown-field" -> d.object(new String[] {"top", "constraints", "step"}[r.nextInt(3)])
                    .put(new String[] {"Goal", "colour", "goal ", "__proto__", "", "tenantId", "id\u0000"}[r.nextInt(7)], "1");
            case "missing-goal" -> d.top.remove("goal");
            case "blank-goal" -> d.top.put("goal", quote(new String[] {"", " ", "\n\t\r ", "\u2028", "\u001c\u001d"}[r.nextInt(5)]));
            case "huge-goal" -> d.top.put("goal", quote("summarize " + "x".repeat(3991 + r.nextInt(r.nextBoolean() ? 10 : 5000))));
            case "oversize" -> {
                // Mostly just over kortana.intake.max-bytes; one in ten up to what the channel carries at all.
                int size = 262_144 + (r.nextInt(10) == 0 ? r.nextInt(Math.max(1, maxBody - 262_144 - 1000)) : r.nextInt(2000));
                d.top.put("inputs", "{\"blob\":\"" + "b".repeat(size) + "\"}");
            }
            case "bad-id" -> d.top.put("id", HostileValues.IDS[r.nextInt(HostileValues.IDS.length)]);
            case "bad-tenant" -> d.top.put("tenant", HostileValues.TENANTS[r.nextInt(HostileValues.TENANTS.length)]);
            case "bad-plan" -> badPlan(r, d);
            default -> {
                return HostileValues.NOT_AN_OBJECT[r.nextInt(HostileValues.NOT_AN_OBJECT.length)];
            }
        }
        return d.text();
    }

    private void badPlan(Random r, TaskDraft d) {
        RawObject search = new RawObject().put("tool", "\"memory.search\"").put("args", "{\"query\":\"q\"}");
        switch (r.nextInt(9)) {
            case 0 -> d.steps = List.of();
            case 1 -> d.steps = java.util.Collections.nCopies(51, search);
            case 2 -> d.steps = List.of(new RawObject().put("args", "{}"));
            case 3 -> d.steps = List.of(search.copy().put("dependsOn", "[0]"));
            case 4 -> d.steps = List.of(search.copy().put("dependsOn", "[1]"), search.copy().put("dependsOn", "[0]"));
            case 5 -> d.steps = List.of(search, search.copy().put("dependsOn", "[" + (2 + r.nextInt(1000)) + "]"));
            case 6 -> d.steps = List.of(search, search.copy().put("dependsOn", "[-1]"));
            case 7 -> d.steps = List.of(search.copy().put("args", "{\"query\":\"{{steps." + r.nextInt(3) + ".output}}\"}"));
            default -> d.steps = List.of(search, search.copy().put("dependsOn", "[0.5]"));
        }
    }

    /** Valid JSON whose fate depends on more than the contract: refused clearly, or accepted as sent and terminal. */
    private FuzzCase either(int n) {
        TaskDraft d = good(n);
        RawObject search = new RawObject().put("tool", "\"memory.search\"").put("args", "{\"query\":\"q\"}");
        return switch (random.nextInt(6)) {
            case 0 -> new FuzzCase(n, "unknown-tool", textWith(d, List.of(new RawObject().put("tool", "\"no.such.tool\""))), Expect.EITHER);
            case 1 -> new FuzzCase(n, "repeated-dependency", textWith(d, List.of(search, search.copy().put("dependsOn", "[0,0]"))), Expect.EITHER);
            case 2 -> new FuzzCase(n, "negative-zero", textWithInputs(d, "{\"z\":-0,\"y\":-0.0,\"x\":-0e5}"), Expect.EITHER);
            // The schema allows 50 steps, kortana.caps.max-steps (25) fewer: refused at intake, naming the cap.
            case 4 -> new FuzzCase(n, "over-step-cap", textWith(d, java.util.Collections.nCopies(26 + random.nextInt(25), search)),
                    Expect.REJECT);
            case 3 -> new FuzzCase(n, "byte-order-mark", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(d.text())), Expect.EITHER);
            // The top object is level 1 and inputs level 2, so 62 more reach the default limit of 64 exactly.
            default -> new FuzzCase(n, "deep-at-limit", textWithInputs(d, nested(random, 63)), Expect.EITHER);
        };
    }

    /** Valid values at the edges: a 4000-character goal, a 128-character id, a 63-character tenant, 25 steps (the cap). */
    private String atLimits(int n) {
        TaskDraft d = good(n);
        String id = idPrefix + "-" + n + "-";
        d.top.put("id", quote(id + "L".repeat(128 - id.length())));
        d.top.put("tenant", quote("t" + "0".repeat(62)));
        d.top.put("goal", quote("summarize " + "é".repeat(3990)));
        if (random.nextBoolean()) {
            // 25, kortana.caps.max-steps as shipped: the schema's 50 passes intake, but the run would end FAILED at the cap.
            d.steps = java.util.Collections.nCopies(25, new RawObject().put("tool", "\"memory.search\"")
                    .put("args", "{\"query\":\"limits\",\"limit\":1}"));
        }
        return d.text();
    }

    private FuzzCase httpOnly(int n) {
        String body = good(n).text();
        if (random.nextBoolean()) {
            String type = new String[] {"text/plain", "application/xml", "application/jsonx", "multipart/form-data; boundary=x",
                    "application/x-www-form-urlencoded", "json", ""}[random.nextInt(7)];
            return new FuzzCase(n, "wrong-content-type", utf8(body), Expect.REJECT, type, null);
        }
        String key = new String[] {"a/b", "..", "x".repeat(129), "-x", "a b", "é", ".x", "a%2F"}[random.nextInt(8)];
        return new FuzzCase(n, "bad-idempotency-key", utf8(body), Expect.REJECT, null, key);
    }

    private static String textWith(TaskDraft d, List<RawObject> steps) {
        d.steps = steps;
        d.constraints = null;
        return d.text();
    }

    private static TaskDraft textWithoutPlan(TaskDraft d) {
        d.steps = null;
        return d;
    }

    private static String textWithInputs(TaskDraft d, String inputs) {
        d.top.put("inputs", inputs);
        return d.text();
    }

    /** {@code levels} nested objects and arrays around a 1. */
    private static String nested(Random r, int levels) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            boolean array = r.nextBoolean();
            open.append(array ? "[" : "{\"n\":");
            close.insert(0, array ? "]" : "}");
        }
        return open + "1" + close;
    }

    private static String wrongFor(Random r, String type) {
        while (true) {
            String v = WRONG[r.nextInt(WRONG.length)];
            boolean right = switch (type) {
                case "string" -> v.startsWith("\"");
                case "object" -> v.startsWith("{");
                case "array" -> v.startsWith("[");
                case "number" -> v.matches("-?[0-9.]+");
                default -> v.equals("true");
            };
            if (!right) {
                return v;
            }
        }
    }

    private static String edge(String value, String trailer, String at) {
        return at.equals("start") ? trailer + value : value + trailer;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
