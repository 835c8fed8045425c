package dev.kortana.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;

/**
 * A stand-in for Kor'tana's HTTP API under {@code /api}, for the CLI's tests: it records each request as
 * "METHOD raw-URI Authorization" and gives the canned answer set last; {@link #run} runs the CLI with its output kept.
 */
final class StandInApi implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final HttpServer server;
    private volatile int status = 200;
    private volatile String body = "{}";

    StandInApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/api", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** What the next requests are answered. */
    void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Runs {@code ./kortana ARGS}; returns its exit code. */
    int run(String... args) {
        CommandLine cli = Kortana.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
