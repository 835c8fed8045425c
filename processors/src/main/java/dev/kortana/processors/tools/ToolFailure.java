package dev.kortana.processors.tools;

/** A tool call that cannot succeed as given; the step fails at once, without retries. */
public class ToolFailure extends RuntimeException {

    private final int httpStatus;

    public ToolFailure(String message) {
        this(message, 0);
    }

    /** An HTTP tool's 4xx answer, with its status. */
    public ToolFailure(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status that refused the call, or 0 when it was not an HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
