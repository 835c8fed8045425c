package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP edge over a real socket: codings the server would ignore are refused, its own errors are problem+json. */
class HttpEdgeIT {

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningKortana.start(dataDir, schema, Map.of("camel.server.maxBodySize", "65536", "kortana.intake.max-bytes", "4096"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void anIdEndingInCrLfIsA400NamingTheIdAndNothingIsStored() throws Exception {
        HttpResponse<String> response = app.postJson("{\"id\":\"crlf-id\\r\\n\",\"goal\":\"summarize\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Json.MAPPER.readTree(response.body()).path("errors").findValuesAsText("field")).containsExactly("/id");
        assertThat(storedTasksLike("crlf-id%")).isZero();
    }

    @Test
    void aValueEndingInALineBreakOrInvalidUtf8IsA400AndNothingIsStored() throws Exception {
        assertThat(app.postJson("{\"id\":\"nl-tenant\",\"goal\":\"g\",\"tenant\":\"default\\n\"}").statusCode()).isEqualTo(400);
        String overlong = rawPost("Content-Type: application/json\r\n",
                concat("{\"id\":\"bad-utf8\",\"goal\":\"", new byte[] {(byte) 0xc0, (byte) 0xae}, "..\"}"));

        assertThat(overlong).startsWith("HTTP/1.1 400").contains("not valid UTF-8");
        assertThat(storedTasksLike("nl-tenant")).isZero();
        assertThat(storedTasksLike("bad-utf8")).isZero();
    }

    @Test
    void aTransferCodingBesideChunkedIsRefusedWith400() throws Exception {
        String body = "{\"id\":\"gzip-chunked\",\"goal\":\"g\"}";
        String answer = rawPost("Content-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n",
                (Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/problem+json")
                .contains("Transfer-Encoding 'gzip, chunked' is not supported");
        assertThat(storedTasksLike("gzip-chunked")).isZero();
    }

    @Test
    void aContentEncodingIsRefusedWith415() throws Exception {
        HttpResponse<String> response = app.post("/api/tasks", "application/json", "{\"id\":\"gz\",\"goal\":\"g\"}",
                Map.of("Content-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(problem(response).path("detail").asText()).contains("Content-Encoding 'gzip'");
        assertThat(storedTasksLike("gz")).isZero();
    }

    @Test
    void aBodyOverTheServerLimitIsA413Problem() throws Exception {
        HttpResponse<String> response = app.postJson("{\"goal\":\"" + "x".repeat(70_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(problem(response).path("detail").asText()).contains("camel.server.maxBodySize");
    }

    @Test
    void aPathOutsideTheApiIsA404Problem() throws Exception {
        HttpResponse<String> response = app.get("/nothing/here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(problem(response).path("status").asInt()).isEqualTo(404);
    }

    @Test
    void requestLinesAndHeadersOverTheCodecLimitsAreRefusedByTheServerAndItStaysUp() throws Exception {
        // Vert.x answers these in its HTTP codec, before any handler (docs/ARCHITECTURE.md, the HTTP edge)
        assertThat(rawRequest("GET /api/tasks/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n")).containsPattern("^HTTP/1\\.[01] 414");
        assertThat(rawRequest("GET /api/tasks HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n")).containsPattern("^HTTP/1\\.[01] 431");
        assertThat(rawPost("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
                "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8))).doesNotStartWith("HTTP/1.1 2");

        assertThat(app.get("/api/tasks").statusCode()).isEqualTo(200);
    }

    private static JsonNode problem(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private static String rawPost(String headers, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        String length = headers.contains("Transfer-Encoding") ? "" : "Content-Length: " + body.length + "\r\n";
        request.writeBytes(("POST /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + length + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        return raw(request.toByteArray());
    }

    private static String rawRequest(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends bytes as they are and reads the answer until the server closes the connection ("" when it says nothing). */
    private static String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static int storedTasksLike(String pattern) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".tasks WHERE id LIKE '" + pattern + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
