package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.memory.Consolidation;
import dev.kortana.processors.memory.HashedWordsEmbedder;
import dev.kortana.processors.memory.RankFusion;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.MemoryForgetting;
import dev.kortana.processors.store.MemoryIndexSync;
import dev.kortana.processors.store.MemoryProvenance;
import dev.kortana.processors.store.MemoryQuality;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.MemoryStore.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of a memory against the real PostgreSQL (word embedder, no model): a twin joins the memory it repeats,
 * an update supersedes the statement it changes, quality moves with use and with a person's judgement and weighs the
 * ranking, only facts are searched unless other kinds are asked for, and forgetting by task or tenant leaves nothing
 * in the table or the index.
 */
class MemoryLifecycleIT {

    private static final HashedWordsEmbedder WORDS = new HashedWordsEmbedder(384);

    @TempDir
    Path dataDir;

    String schema;
    Database db;
    VectorIndex index;
    MemoryStore store;
    MemoryQuality quality;

    @BeforeEach
    void open() {
        schema = TestDatabase.newSchema();
        db = TestStore.migrated(schema);
        index = VectorIndex.open(dataDir.resolve("memory-index"), WORDS.model());
        new MemoryIndexSync(db, WORDS, index).run();
        store = new MemoryStore(db, WORDS, index, new RankFusion(Duration.ofDays(30), 0.5), new Consolidation(0.92, 0.6),
                0.3, Clock.systemUTC());
        quality = new MemoryQuality(db);
    }

    @AfterEach
    void close() {
        index.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aTwinFromAnotherTaskJoinsTheMemoryItRepeatsAsASourceWithMoreQuality() throws Exception {
        MemoryStore.Remembered first = store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk on 2 November.");
        MemoryStore.Remembered twin = store.remember("acme", "t-2", "fact", "broker 3 ran out of disk on 2 November");

        assertThat(twin).isEqualTo(new MemoryStore.Remembered(Outcome.MERGED, first.id(), 0));
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories")).isEqualTo(1);
        MemoryProvenance.Provenance origin = new MemoryProvenance(db).of(first.id()).orElseThrow();
        assertThat(origin.sourceTasks()).containsExactly("t-1", "t-2");
        assertThat(store.find("acme", first.id()).orElseThrow().quality()).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(store.remember("acme", "t-2", "fact", "broker 3 ran out of disk on 2 November").outcome())
                .as("the task that confirmed it, resumed, changes nothing").isEqualTo(Outcome.KNOWN);
    }

    @Test
    void aMemoryKeepsOnlyItsMostRecentSourceTasks() throws Exception {
        for (int i = 1; i <= MemoryStore.MAX_SOURCE_TASKS + 5; i++) {
            store.remember("acme", "t-" + i, "fact", "Consumers lagged for forty minutes.");
        }

        List<String> sources = TestStore.rows(schema, "SELECT unnest(source_tasks) FROM memories");
        assertThat(sources).hasSize(MemoryStore.MAX_SOURCE_TASKS).startsWith("t-6").endsWith("t-25");
        assertThat(store.find("acme", store.search("acme", "consumers lagged", 1).get(0).id()).orElseThrow().quality())
                .as("confirmations raise quality up to 1, no further").isEqualTo(1.0);
    }

    @Test
    void anUpdateSupersedesTheOlderStatementWhichIsKeptButNeverRetrieved() {
        MemoryStore.Remembered old = store.remember("acme", "t-1", "fact", "The log retention is 7 days.");
        MemoryStore.Remembered update = store.remember("acme", "t-2", "fact", "The log retention is 30 days.");

        assertThat(update.outcome()).isEqualTo(Outcome.SUPERSEDED);
        assertThat(update.superseded()).isEqualTo(old.id());
        assertThat(store.search("acme", "log retention days", 10)).extracting(MemoryStore.Memory::content)
                .containsExactly("The log retention is 30 days.");
        MemoryProvenance provenance = new MemoryProvenance(db);
        assertThat(provenance.of(old.id()).orElseThrow().supersededBy()).isEqualTo(update.id());
        assertThat(provenance.of(update.id()).orElseThrow().supersedes()).containsExactly(old.id());
        assertThat(store.find("acme", old.id())).as("kept for audit").isPresent();
    }

    @Test
    void anotherStatementWithOtherNumbersIsANewMemoryNotAnUpdate() {
        store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk.");
        MemoryStore.Remembered other = store.remember("acme", "t-2", "fact", "Broker 4 ran out of memory.");

        assertThat(other.outcome()).isEqualTo(Outcome.STORED);
        assertThat(store.search("acme", "broker ran out", 10)).hasSize(2);
    }

    @Test
    void useThatLedToSuccessRaisesAMemoryAboveAnEquallyRelevantOneThatMisled() {
        long misled = store.remember("acme", "t-1", "fact", "Restart the consumer group to clear lag.").id();
        long helped = store.remember("acme", "t-2", "fact", "Add partitions to clear consumer lag.").id();
        for (int i = 0; i < 3; i++) {
            quality.used("acme", List.of(misled), false);
            quality.used("acme", List.of(helped), true);
        }
        quality.used("globex", List.of(helped), false); // another tenant's task cannot touch acme's memory

        List<MemoryStore.Memory> hits = store.search("acme", "clear consumer lag", 10);

        assertThat(hits).extracting(MemoryStore.Memory::id).containsExactly(helped, misled);
        assertThat(hits.get(0).quality()).isCloseTo(0.56, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(hits.get(0).uses()).isEqualTo(3);
        assertThat(hits.get(1).quality()).isCloseTo(0.35, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aPersonsCorrectionSupersedesTheMemoryWithAFactOfHighQuality() {
        long wrong = store.remember("acme", "t-1", "fact", "The on-call rota is owned by the platform team.").id();

        assertThat(quality.judge("acme", wrong, false)).hasValueSatisfying(q -> assertThat(q).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-6)));
        MemoryStore.Remembered corrected = store.correct("acme", wrong, "The on-call rota is owned by the SRE team.", "ops")
                .orElseThrow();

        assertThat(store.search("acme", "who owns the on-call rota", 10)).extracting(MemoryStore.Memory::id)
                .containsExactly(corrected.id());
        assertThat(store.find("acme", corrected.id()).orElseThrow().quality()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(new MemoryProvenance(db).of(corrected.id()).orElseThrow().detail()).contains("\"correctionBy\": \"ops\"");
        assertThat(store.correct("acme", wrong, "again", "ops")).as("a superseded memory is not corrected twice").isEmpty();
        assertThat(quality.judge("globex", corrected.id(), true)).as("nor judged by another tenant").isEmpty();
    }

    @Test
    void onlyFactsAreSearchedUnlessOtherKindsAreAskedFor() {
        store.remember("acme", "t-1", "fact", "Kafka outage: broker 3 ran out of disk.");
        store.remember("acme", "t-1", "reflection", "Kafka outage tasks go faster when memory is searched first.");

        assertThat(store.search("acme", "kafka outage", 10)).extracting(MemoryStore.Memory::kind).containsExactly("fact");
        assertThat(store.search("acme", "kafka outage", java.util.Set.of("reflection"), 10)).extracting(MemoryStore.Memory::kind)
                .containsExactly("reflection");
    }

    @Test
    void forgettingATaskTakesWhatItTaughtAndConfirmedAndForgettingATenantTakesEverything() throws Exception {
        long taught = store.remember("acme", "t-1", "fact", "Broker 3 ran out of disk.").id();
        store.remember("acme", "t-2", "fact", "broker 3 ran out of disk"); // t-2 confirms t-1's memory
        long other = store.remember("acme", "t-3", "fact", "Consumers lagged for forty minutes.").id();
        long globex = store.remember("globex", "t-2", "fact", "Invoices were paid twice.").id();
        MemoryForgetting forgetting = new MemoryForgetting(db, index);

        assertThat(forgetting.forgetTask("acme", "t-2")).containsExactly(taught);
        assertThat(index.contains(taught)).isFalse();
        assertThat(index.contains(globex)).as("the same task id of another tenant is another task").isTrue();

        assertThat(forgetting.forgetTenant("acme")).containsExactly(other);
        assertThat(TestStore.rows(schema, "SELECT tenant FROM memories")).containsExactly("globex");
        assertThat(index.nearest("acme", WORDS.embed("Consumers lagged for forty minutes."), 10)).isEmpty();
    }
}
