package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.memory.Consolidation;
import dev.kortana.processors.memory.HashedWordsEmbedder;
import dev.kortana.processors.memory.RankFusion;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.MemoryIndexSync;
import dev.kortana.processors.store.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memories table and its vector index against the real PostgreSQL, with the deterministic word embedder (no
 * model): tenants stay apart in the store and the index, and a start brings a missing, stale or foreign index back in
 * step with the table.
 */
class MemoryStoreIT {

    private static final HashedWordsEmbedder WORDS = new HashedWordsEmbedder(384);

    @TempDir
    Path dataDir;

    String schema;
    Database db;
    VectorIndex index;
    MemoryStore store;

    @BeforeEach
    void open() {
        schema = TestDatabase.newSchema();
        db = TestStore.migrated(schema);
        index = VectorIndex.open(indexDir(), WORDS.model());
        store = store(index);
        new MemoryIndexSync(db, WORDS, index).run();
    }

    @AfterEach
    void close() {
        index.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aTenantNeverGetsAnotherTenantsMemoryFromTheStoreOrTheIndex() {
        store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk on 2 November");
        store.remember("globex", "t-2", "fact", "The invoice run paid supplier 7 twice");

        assertThat(store.search("acme", "broker disk", 10)).extracting(MemoryStore.Memory::taskId).containsExactly("t-1");
        assertThat(store.search("globex", "broker 3 ran out of disk on 2 November", 10)).isEmpty();
        assertThat(store.search("globex", "invoice paid twice", 10)).extracting(MemoryStore.Memory::taskId).containsExactly("t-2");
        assertThat(store.search("initech", "broker 3 ran out of disk", 10)).isEmpty();
        assertThat(index.nearest("globex", WORDS.embed("Broker 3 ran out of disk on 2 November"), 10))
                .extracting(VectorIndex.Hit::id).containsExactly(id("t-2"));
    }

    @Test
    void aMemoryIsStoredWithItsEmbeddingAndModelAndOnlyOncePerTaskAndKind() throws Exception {
        assertThat(store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk").outcome()).isEqualTo(MemoryStore.Outcome.STORED);
        assertThat(store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk").outcome()).isEqualTo(MemoryStore.Outcome.KNOWN);

        assertThat(TestStore.rows(schema, "SELECT embedding_model || ':' || array_length(embedding, 1) FROM memories"))
                .containsExactly(WORDS.model() + ":384");
        assertThat(index.nearest("acme", WORDS.embed("disk"), 10)).hasSize(1);
    }

    @Test
    void anotherInstancesMemoryReachesThisIndexAtTheNextSearch() throws Exception {
        try (VectorIndex otherIndex = VectorIndex.open(dataDir.resolve("other-instance"), WORDS.model())) {
            store(otherIndex).remember("acme", "t-9", "fact", "Broker 9 lost its network card");
            assertThat(index.contains(id("t-9"))).isFalse();

            assertThat(store.search("acme", "network card", 5)).extracting(MemoryStore.Memory::taskId).containsExactly("t-9");

            assertThat(index.contains(id("t-9"))).isTrue();
            assertThat(index.nearest("acme", WORDS.embed("Broker 9 lost its network card"), 1))
                    .extracting(VectorIndex.Hit::id).containsExactly(id("t-9"));
        }
    }

    @Test
    void aMissingIndexIsRebuiltFromTheTableAtStart() throws Exception {
        store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk");
        store.remember("acme", "t-2", "fact", "Consumers lagged for forty minutes");
        index.close();
        deleteTree(indexDir());

        index = VectorIndex.open(indexDir(), WORDS.model());
        MemoryIndexSync.Report report = new MemoryIndexSync(db, WORDS, index).run();

        assertThat(report.rebuilt()).isTrue();
        assertThat(report.indexed()).isEqualTo(2);
        assertThat(index.committed()).contains(new VectorIndex.State(WORDS.model(), id("t-2"), 2));
        assertThat(store(index).search("acme", "consumers lagged", 1)).extracting(MemoryStore.Memory::taskId)
                .containsExactly("t-2");
    }

    @Test
    void rowsTheIndexNeverSawAreAppendedAndRowsWithoutEmbeddingAreEmbeddedInBatches() throws Exception {
        store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk");
        index.close();
        // A row written while another index was open (a crash before the commit looks the same to this one)…
        try (VectorIndex elsewhere = VectorIndex.open(dataDir.resolve("elsewhere"), WORDS.model())) {
            store(elsewhere).remember("acme", "t-2", "fact", "Consumers lagged for forty minutes");
        }
        index = VectorIndex.open(indexDir(), WORDS.model());
        MemoryIndexSync.Report appended = new MemoryIndexSync(db, WORDS, index).run();
        assertThat(appended.rebuilt()).isFalse();
        assertThat(appended.indexed()).isEqualTo(1);
        assertThat(index.nearest("acme", WORDS.embed("consumers lagged"), 1)).extracting(VectorIndex.Hit::id)
                .containsExactly(id("t-2"));

        // …and rows from before embeddings existed: more than one batch of them.
        int old = MemoryIndexSync.BATCH + 3;
        db.update("INSERT INTO memories (tenant, task_id, kind, content)"
                + " SELECT 'acme', 'old-' || n, 'fact', 'old lesson number ' || n FROM generate_series(1, ?) n", old);
        MemoryIndexSync.Report embedded = new MemoryIndexSync(db, WORDS, index).run();
        assertThat(embedded.embedded()).isEqualTo(old);
        assertThat(embedded.rebuilt()).isTrue();
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories WHERE embedding IS NULL")).isZero();
        assertThat(index.committed()).map(VectorIndex.State::count).contains((long) old + 2);
    }

    @Test
    void aRowDeletedFromTheTableLeavesTheIndexAtTheNextStart() {
        store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk");
        store.remember("acme", "t-2", "fact", "Broker 4 ran out of memory");
        db.update("DELETE FROM memories WHERE task_id = ?", "t-1");
        index.close();

        index = VectorIndex.open(indexDir(), WORDS.model());
        assertThat(new MemoryIndexSync(db, WORDS, index).run().rebuilt()).isTrue();

        assertThat(index.nearest("acme", WORDS.embed("Broker 3 ran out of disk"), 10)).extracting(VectorIndex.Hit::id)
                .containsExactly(id("t-2"));
    }

    @Test
    void anotherModelReEmbedsEveryRowAndRebuildsTheIndex() throws Exception {
        store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk");
        index.close();
        HashedWordsEmbedder other = new HashedWordsEmbedder(128);

        index = VectorIndex.open(indexDir(), other.model());
        MemoryIndexSync.Report report = new MemoryIndexSync(db, other, index).run();

        assertThat(report.embedded()).isEqualTo(1);
        assertThat(report.rebuilt()).isTrue();
        assertThat(TestStore.rows(schema, "SELECT embedding_model || ':' || array_length(embedding, 1) FROM memories"))
                .containsExactly(other.model() + ":128");
        assertThat(index.nearest("acme", other.embed("disk"), 10)).hasSize(1);
    }

    private MemoryStore store(VectorIndex vectors) {
        return new MemoryStore(db, WORDS, vectors, new RankFusion(Duration.ofDays(30), 0.5), new Consolidation(0.92, 0.6),
                0.3, Clock.systemUTC());
    }

    private long id(String taskId) {
        return db.queryOne("SELECT id FROM memories WHERE task_id = ?", rs -> rs.getLong(1), taskId).orElseThrow();
    }

    private Path indexDir() {
        return dataDir.resolve("memory-index");
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
