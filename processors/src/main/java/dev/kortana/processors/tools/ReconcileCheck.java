package dev.kortana.processors.tools;

import java.util.regex.Pattern;

/**
 * How Kor'tana finds out by itself whether a call whose answer was lost took effect: {@code reconcile} in tools.yaml.
 * Either another registered tool, called with {@code {"idempotencyKey": …, "args": {…}}}, or an HTTP GET template
 * whose {@code {{key}}} is replaced by the call's idempotency key (URL-encoded), through the same allowlist as every
 * HTTP call. The answer is a JSON object: {@code {"happened": true, "result": …}} or {@code {"happened": false}};
 * an HTTP check may also answer 404 for "did not happen". Anything else leaves the question to a person.
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

    /** How it is named in audit entries and reasons. */
    public String describe() {
        return tool != null ? "tool " + tool : "GET " + url;
    }
}
