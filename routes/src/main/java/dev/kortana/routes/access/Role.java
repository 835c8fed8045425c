package dev.kortana.routes.access;

import java.util.Locale;

/**
 * What an API key may do. Every role reads the tasks of its own tenant; {@link #ADMIN} implies the other two.
 *
 * <ul>
 *   <li>{@link #SUBMITTER}: submits tasks for its tenant;</li>
 *   <li>{@link #APPROVER}: decides on tasks of its tenant that wait for approval;</li>
 *   <li>{@link #ADMIN}: registers tools, reads and replays dead letters, verifies the audit log; always for every tenant
 *   ({@code "*"}).</li>
 * </ul>
 */
public enum Role {
    SUBMITTER, APPROVER, ADMIN;

    /** The role as written in the key file and in messages: {@code submitter}, {@code approver}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a key file or command line names, case-insensitively; null when there is none. */
    static Role named(String label) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(label.trim())) {
                return role;
            }
        }
        return null;
    }
}
