package dev.kortana.fuzz;

import static dev.kortana.fuzz.RawObject.Json.quote;

/** Values that must never be accepted where they are put: each list is raw JSON text for one kind of place. */
final class HostileValues {

    private HostileValues() {}

    /** Ids unsafe in a header, a file name or a URL, or past the schema's limits. */
    static final String[] IDS = {quote("a/b"), quote("../x"), quote(".."), quote("."), quote("a\r\nSet-Cookie: x=1"),
            quote("x".repeat(129)), quote(""), quote(".hidden"), quote("-x"), quote("a b"), quote("a%2Fb"), quote("é"),
            quote("a\\b"), quote("a?b=c"), quote("a#b"), quote("con\u0000"), quote("id\n"), quote("id\r\n"), quote("\tid"),
            quote("a\u2028"), quote("a\u0085"), quote("x".repeat(5000))};

    /** Tenants with characters the pattern does not allow, or too long. */
    static final String[] TENANTS = {quote("Acme"), quote("acme corp"), quote("acme/../globex"), quote("acme\n"), quote("acme\r\n"),
            quote("ａｃｍｅ"), quote("-acme"), quote("a".repeat(64)), quote(""), quote("ac\u200bme"), quote("acme\t"),
            quote("acme%"), quote("acme_1"), quote("*"), quote("ACME"), quote("acme\u0085")};

    /** What a pattern-checked value may end in (or start with) to sneak past a pattern that matches only a prefix. */
    static final String[] TRAILERS = {"\n", "\r\n", "\r", "\t", " ", "\u000b", "\u000c", "\u2028", "\u2029", "\u0085", "\u00a0", "/", "\u0000"};

    /** Numbers a 64-bit float cannot hold; each must be refused, never stored as Infinity or 0. */
    static final String[] NON_FINITE = {"1e999", "-1e999", "1e-999", "1E400", "123e99999", "-1e309", "2e-400",
            "1" + "0".repeat(400), "-" + "9".repeat(310), "0." + "0".repeat(400) + "1"};

    /** Tokens that are not JSON numbers or literals. */
    static final String[] NOT_JSON = {"NaN", "Infinity", "-Infinity", "+1", ".5", "01", "0x10", "1.", "-", "1e", "True", "undefined",
            "'x'", "nul", "1_000", "--1", "1e+", "０"};

    /** Whole bodies that are not one JSON object in the strict grammar. */
    static final String[] NOT_AN_OBJECT = {"", " ", "\n", "[]", "\"goal\"", "1", "null", "true", "[{\"goal\":\"x\"}]",
            "{'goal':'x'}", "{goal:\"x\"}", "{\"goal\":\"x\",}", "{\"goal\":\"x\" /* c */}", "// c\n{\"goal\":\"x\"}",
            "{\"goal\"=\"x\"}", "{\"goal\":\"x\"", "{\"goal\" \"x\"}", "{,}", "{\"goal\":\"x\";}", "\u0000{\"goal\":\"x\"}"};

    /** What follows a complete task and makes the body more than one document. */
    static final String[] TRAILING = {" x", "{}", "]", "}", ",", " //c", "/*c*/", "\u0000", "\"s\"", "null", " {\"goal\":\"y\"}", "\n1"};
}
