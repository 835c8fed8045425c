package dev.kortana.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The services a configuration says it needs, asked whether they answer: the PostgreSQL of {@code kortana.db.url}
 * (a real login, so a wrong password is named now rather than at the first task) and a broker of
 * {@code kortana.kafka.brokers}. A service that is still starting is waited for, up to
 * {@code kortana.startup.dependency-wait-ms}; a refused login is not.
 */
public final class Dependencies {

    private static final Duration PAUSE = Duration.ofMillis(500);

    private Dependencies() {}

    /** What could not be reached within {@code wait} (zero: asked once). */
    public static List<ConfigProblem> check(KortanaConfig config, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<ConfigProblem> problems = new ArrayList<>();
        String url = blankToNull(config.value("kortana.db.url"));
        if (url != null) {
            String failure = untilDeadline(deadline, () -> database(config, url));
            if (failure != null) {
                problems.add(new ConfigProblem("kortana.db.url", config.values().get("kortana.db.url").source(),
                        "PostgreSQL at " + Masking.masked("kortana.db.url", url) + " cannot be used: " + failure,
                        "start it, or fix kortana.db.url, kortana.db.user and kortana.db.password (KORTANA_DB_URL, KORTANA_DB_USER, KORTANA_DB_PASSWORD)"));
            }
        }
        String brokers = blankToNull(config.value("kortana.kafka.brokers"));
        if (brokers != null) {
            String failure = untilDeadline(deadline, () -> kafka(brokers));
            if (failure != null) {
                problems.add(new ConfigProblem("kortana.kafka.brokers", config.values().get("kortana.kafka.brokers").source(),
                        "no Kafka broker of " + brokers + " answers: " + failure,
                        "start Kafka, or fix kortana.kafka.brokers (KORTANA_KAFKA_BROKERS); empty turns the Kafka channel off"));
            }
        }
        return problems;
    }

    /** A check's answer: null when fine, else why not and whether asking again may help. */
    private record Answer(String failure, boolean retry) {}

    private interface Check {
        Answer ask();
    }

    private static String untilDeadline(long deadline, Check check) {
        while (true) {
            Answer answer = check.ask();
            if (answer == null) {
                return null;
            }
            if (!answer.retry() || System.nanoTime() + PAUSE.toNanos() > deadline) {
                return answer.failure();
            }
            try {
                Thread.sleep(PAUSE.toMillis()); // waiting for a service to come up, between two connection attempts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer.failure();
            }
        }
    }

    private static Answer database(KortanaConfig config, String url) {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            return new Answer("it is not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE)", false);
        }
        Properties login = new Properties();
        login.setProperty("user", config.value("kortana.db.user"));
        login.setProperty("password", config.value("kortana.db.password") == null ? "" : config.value("kortana.db.password"));
        login.setProperty("connectTimeout", "5");
        login.setProperty("loginTimeout", "5");
        try (Connection ignored = DriverManager.getConnection(url, login)) {
            return null;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            // 08: the connection itself (not up yet, or a network in between); 57P03: the server is starting up.
            boolean retry = state.startsWith("08") || "57P03".equals(state);
            return new Answer(Masking.masked("kortana.db.url", String.valueOf(e.getMessage())), retry);
        }
    }

    private static Answer kafka(String brokers) {
        List<String> failures = new ArrayList<>();
        for (String broker : brokers.split(",")) {
            String address = broker.trim();
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                return new Answer("'" + address + "' is not host:port", false);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 2000);
                return null;
            } catch (IOException | NumberFormatException e) {
                failures.add(address + " (" + e.getMessage() + ")");
            }
        }
        return new Answer(String.join(", ", failures), true);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
