package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.memory.MiniLmEmbedder;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.MemoryStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory search by meaning with the real all-MiniLM-L6-v2 model, end to end: a paraphrase that shares no word with
 * what was taught is found, another tenant finds nothing of it (through the tool, the store and the index), and a
 * deleted index is rebuilt from the table at the next start. With StartupSummaryIT's first start (the packaged app,
 * read as an operator reads its log), the only tests that load the model; the others use the hashed-words embedder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SemanticMemoryIT {

    private static final String LESSON = "Broker 3 ran out of disk on the night of 2 November; consumers lagged for 40 minutes.";
    private static final String PARAPHRASE = "which kafka node had a full drive";

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        app = startWithTheModel();
        String body = "{\"id\":\"teach-acme\",\"tenant\":\"acme\",\"goal\":\"summarize this incident report\","
                + "\"inputs\":{\"text\":\"" + LESSON + "\"}}";
        assertThat(app.postJson(body).statusCode()).isEqualTo(202);
        assertThat(app.awaitTerminal("teach-acme").path("status").asText()).isEqualTo("COMPLETED");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    @Order(1)
    void aParaphraseIsFoundThatFullTextMisses() throws Exception {
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories WHERE tsv @@ to_tsquery('english',"
                + " 'which | kafka | node | had | full | drive')")).as("full text alone finds nothing").isZero();

        JsonNode output = search("acme", PARAPHRASE);

        assertThat(output.path("query").asText()).isEqualTo(PARAPHRASE);
        assertThat(output.path("count").asInt()).isEqualTo(1);
        JsonNode hit = output.path("hits").get(0);
        assertThat(hit.path("taskId").asText()).isEqualTo("teach-acme");
        assertThat(hit.path("kind").asText()).isEqualTo("fact");
        assertThat(hit.path("content").asText()).contains("Broker 3 ran out of disk");
        assertThat(hit.path("rank").asDouble()).isPositive();
        assertThat(hit.path("id").asLong()).isPositive();
        assertThat(output.path("text").asText()).contains("Broker 3 ran out of disk");
    }

    @Test
    @Order(2)
    void anotherTenantNeverRetrievesItThroughTheToolTheStoreOrTheIndex() throws Exception {
        for (String query : new String[] {PARAPHRASE, LESSON}) {
            JsonNode output = search("globex", query);
            assertThat(output.path("count").asInt()).as("globex asking %s", query).isZero();
            assertThat(output.path("text").asText()).startsWith("Memory holds nothing yet that matches");

            MemoryStore store = app.camel().getRegistry().lookupByNameAndType("memoryStore", MemoryStore.class);
            assertThat(store.search("globex", query, 50)).isEmpty();
            assertThat(store.search("acme", query, 50)).extracting(MemoryStore.Memory::taskId).contains("acme/teach-acme");

            VectorIndex index = app.camel().getRegistry().lookupByNameAndType("memoryIndex", VectorIndex.class);
            float[] vector = embedder().embed(query);
            // globex's own searches left globex episodes in the index; none of acme's vectors is ever among its hits.
            List<Long> acmeIds = index.nearest("acme", vector, 50).stream().map(VectorIndex.Hit::id).toList();
            assertThat(acmeIds).isNotEmpty();
            assertThat(index.nearest("globex", vector, 50)).extracting(VectorIndex.Hit::id).doesNotContainAnyElementsOf(acmeIds);
        }
    }

    @Test
    @Order(3)
    void aDeletedIndexIsRebuiltFromTheTableAtStartAndSearchStillWorks() throws Exception {
        app.close();
        app = null;
        Path indexDir = dataDir.resolve("memory-index");
        assertThat(indexDir).isDirectory();
        deleteTree(indexDir);

        app = startWithTheModel();

        assertThat(indexDir).isDirectory();
        VectorIndex index = app.camel().getRegistry().lookupByNameAndType("memoryIndex", VectorIndex.class);
        long rows = TestStore.count(schema, "SELECT count(*) FROM memories");
        assertThat(rows).isPositive();
        assertThat(index.committed()).map(VectorIndex.State::count).contains(rows);
        assertThat(search("acme", PARAPHRASE).path("hits").get(0).path("taskId").asText()).isEqualTo("teach-acme");
    }

    private static RunningKortana startWithTheModel() throws Exception {
        return RunningKortana.start(dataDir, schema, Map.of("kortana.memory.embedder", MiniLmEmbedder.MODEL));
    }

    private static MiniLmEmbedder embedder;

    /** A second copy of the model in this JVM, to ask the index directly with the vector the store would use. */
    private static synchronized MiniLmEmbedder embedder() {
        if (embedder == null) {
            embedder = new MiniLmEmbedder(dataDir.resolve("cache").resolve("djl"));
        }
        return embedder;
    }

    /** Runs memory.search as a one-step plan of the tenant's and returns the step's output. */
    private static JsonNode search(String tenant, String query) throws Exception {
        String body = "{\"tenant\":\"" + tenant + "\",\"goal\":\"look up an incident\",\"plan\":[{\"tool\":\"memory.search\","
                + "\"args\":{\"query\":\"" + query.replace("\"", "\\\"") + "\"}}]}";
        HttpResponse<String> response = app.postJson(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode task = app.awaitTerminal(Json.MAPPER.readTree(response.body()).path("taskId").asText());
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("tenant").asText()).isEqualTo(tenant);
        return task.path("steps").get(0).path("output");
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
