package dev.kortana.cli;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Locale;

/**
 * The log's encoder, chosen at start-up: one JSON object per line (logback's own {@link JsonEncoder}) when
 * {@code KORTANA_LOG_FORMAT} (or the system property {@code kortana.log.format}) is {@code json}, in any case; readable
 * text with {@link #setPattern the pattern} otherwise. Any other value writes text and says so, rather than nothing.
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {

    private String pattern;
    private Encoder<ILoggingEvent> delegate;

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    /** Whether the log is JSON lines: the same decision the encoder makes (the ready banner asks it too). */
    public static boolean json() {
        return "json".equals(format());
    }

    private static String format() {
        String value = System.getProperty("kortana.log.format", System.getenv("KORTANA_LOG_FORMAT"));
        return value == null || value.isBlank() ? "text" : value.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public void start() {
        String format = format();
        if ("json".equals(format)) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(getContext());
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            delegate = json;
        } else {
            if (!"text".equals(format)) {
                addWarn("KORTANA_LOG_FORMAT (or kortana.log.format) is '" + format + "', not text or json: writing text");
            }
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.start();
            delegate = text;
        }
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
