package dev.kortana.processors.tools;

import java.util.regex.Pattern;

/**
 * How Kor'tana finds out by itself whether a call whose answer was lost took effect: {@code reconcile} in tools.yaml.
 * Either another registered tool, called with {@code {"idempotencyKey": …, "args": {…}}}, or an HTTP GET template
 * whose {@code {{key}}} is replaced by the call's idempotency key (URL-encoded), through the same allowlist as every
 * HTTP call. The answer is a JSON object: {@code {"happened": true, "result": …}} or {@code {"happened": false}}
 * (a 404 is not taken for "did not happen": a wrong path would answer it for every call). A check that is down is
 * asked again later; any other answer leaves the question to a person.
 *
 * @param tool a registered tool that answers the question, or null
 * @param url  an {@code http(s)} URL template with {@code {{key}}}, or null
 */
public record ReconcileCheck(String tool, String url) {

    private static final Pattern URL = Pattern.compile("https?://\\S+");

    public ReconcileCheck {
        if ((tool == null) == (url == null)) {
            throw new IllegalArgumentException("reconcile needs exactly one of tool (a registered tool's name) or url"
                    + " (a GET template such as https://shop.example/orders?idempotency_key={{key}})");
        }
        if (url != null && (!URL.matcher(url).matches() || !url.contains("{{key}}"))) {
            throw new IllegalArgumentException("reconcile.url '" + url + "' must be an http(s) URL with {{key}}, such as"
                    + " https://shop.example/orders?idempotency_key={{key}}");
        }
    }

    /** How it is named in audit entries, the ledger and reasons: the tool, or the URL's host (a URL may hold a token). */
    public String describe() {
        if (tool != null) {
            return "the reconcile tool " + tool;
        }
        String host = null;
        try {
            host = java.net.URI.create(url.replace("{{key}}", "k")).getHost();
        } catch (IllegalArgumentException e) {
            // a template that is not a URI yet: the host stays unnamed
        }
        return "the reconcile URL on " + (host == null ? "its host" : host);
    }
}
