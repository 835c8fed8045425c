package dev.kortana.routes.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Which inbox file names the file channel can read, move and record. A name that cannot be written back with
 * {@code .error.json} appended (over 244 bytes of the file system's 255), was not UTF-8 (Java reads it with U+FFFD,
 * and then cannot open it), or holds a control character or a backslash is left to {@link InboxSweep}, which moves it
 * to {@code .error/} under a safe name; Camel's consumer never picks it up, so it cannot fail on it every poll.
 */
public final class InboxNames<T> implements GenericFileFilter<T> {

    /** 255 bytes, the usual file system limit, less {@code .error.json}. */
    static final int MAX_NAME_BYTES = 255 - ".error.json".length();

    @Override
    public boolean accept(GenericFile<T> file) {
        return file.isDirectory() || whyUnsafe(file.getFileNameOnly()).isEmpty();
    }

    /** Why the file channel cannot handle {@code name}, as a short reason (also the metric's tag); empty when it can. */
    static Optional<String> whyUnsafe(String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            return Optional.of("not-utf8");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return Optional.of("name-too-long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return Optional.of("control-character");
            }
            if (c == '\\') {
                return Optional.of("backslash");
            }
        }
        return Optional.empty();
    }
}
