package dev.kortana.processors.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorIndexTest {

    private final HashedWordsEmbedder embedder = new HashedWordsEmbedder(64);

    @TempDir
    Path dir;

    @Test
    void aTenantNeverGetsAnotherTenantsVectorEvenAnIdenticalOne() {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            index.put(1, "acme", embedder.embed("broker 3 ran out of disk"));
            index.put(2, "globex", embedder.embed("the invoice was paid twice"));

            assertThat(index.nearest("acme", embedder.embed("broker 3 ran out of disk"), 10))
                    .extracting(VectorIndex.Hit::id).containsExactly(1L);
            assertThat(index.nearest("globex", embedder.embed("broker 3 ran out of disk"), 10))
                    .extracting(VectorIndex.Hit::id).containsExactly(2L);
            assertThat(index.nearest("initech", embedder.embed("broker 3 ran out of disk"), 10)).isEmpty();
        }
    }

    @Test
    void aWriteIsSearchableAtOnceAndSimilarityIsTheCosine() {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            index.put(5, "acme", embedder.embed("broker 3 ran out of disk"));
            assertThat(index.nearest("acme", embedder.embed("broker 3 ran out of disk"), 1).get(0).similarity())
                    .isGreaterThan(0.999);
            index.put(6, "acme", embedder.embed("broker 3 ran out of disk"));
            assertThat(index.nearest("acme", embedder.embed("disk"), 10)).extracting(VectorIndex.Hit::id)
                    .containsExactlyInAnyOrder(5L, 6L);
        }
    }

    @Test
    void closingCommitsTheHighestIdAndTheCountForTheNextStart() {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            assertThat(index.committed()).isEmpty();
            index.put(3, "acme", embedder.embed("one"));
            index.put(9, "acme", embedder.embed("two"));
            index.put(9, "acme", embedder.embed("two again")); // a write of the same id replaces it
        }
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            assertThat(index.committed()).contains(new VectorIndex.State(embedder.model(), 9, 2));
            assertThat(index.nearest("acme", embedder.embed("two again"), 1)).extracting(VectorIndex.Hit::id).containsExactly(9L);
        }
    }

    @Test
    void aRemovedVectorIsNotFoundAtOnceNorAfterAStartAndTheCountSaysSo() {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            index.put(4, "acme", embedder.embed("broker 3 ran out of disk"));
            index.put(7, "acme", embedder.embed("broker 3 ran out of disk again"));
            index.remove(4);
            assertThat(index.contains(4)).isFalse();
            assertThat(index.nearest("acme", embedder.embed("broker 3 ran out of disk"), 10))
                    .extracting(VectorIndex.Hit::id).containsExactly(7L);
        }
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            assertThat(index.committed()).contains(new VectorIndex.State(embedder.model(), 7, 1));
        }
    }

    @Test
    void anIndexOfAnotherModelIsOpenedEmpty() {
        try (VectorIndex index = VectorIndex.open(dir, "other-model")) {
            index.put(1, "acme", new HashedWordsEmbedder(32).embed("one"));
        }
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            assertThat(index.committed()).isEmpty();
            index.put(1, "acme", embedder.embed("one")); // vectors of another length fit: the old field is gone
            assertThat(index.nearest("acme", embedder.embed("one"), 1)).hasSize(1);
        }
    }

    @Test
    void anUnreadableIndexIsDeletedAndOpenedEmpty() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            index.put(1, "acme", embedder.embed("one"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.write(file, new byte[] {1, 2, 3});
            }
        }
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            assertThat(index.committed()).isEmpty();
            assertThat(index.nearest("acme", embedder.embed("one"), 1)).isEmpty();
        }
    }

    @Test
    void aClearedIndexHoldsOnlyWhatIsAddedAfter() {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            index.put(1, "acme", embedder.embed("one"));
            index.clear();
            index.add(2, "acme", embedder.embed("two"));
            index.commit();
            assertThat(index.committed()).contains(new VectorIndex.State(embedder.model(), 2, 1));
            assertThat(index.nearest("acme", embedder.embed("one"), 5)).extracting(VectorIndex.Hit::id).containsExactly(2L);
        }
    }

    @Test
    void anIndexOfAnOlderReleaseWithCosineVectorsIsOpenedEmptyForARebuild() throws Exception {
        // What a release before the dot-product format left: the same model, COSINE vectors, no format in the commit.
        try (var directory = org.apache.lucene.store.FSDirectory.open(dir);
                var writer = new org.apache.lucene.index.IndexWriter(directory, new org.apache.lucene.index.IndexWriterConfig())) {
            var doc = new org.apache.lucene.document.Document();
            doc.add(new org.apache.lucene.document.KnnFloatVectorField("vector", embedder.embed("one"),
                    org.apache.lucene.index.VectorSimilarityFunction.COSINE));
            writer.addDocument(doc);
            writer.setLiveCommitData(java.util.Map.of("model", embedder.model(), "maxId", "1").entrySet());
            writer.commit();
        }
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            assertThat(index.committed()).isEmpty();
            index.put(2, "acme", embedder.embed("two")); // the COSINE field is gone, or this would throw
            assertThat(index.nearest("acme", embedder.embed("two"), 5)).extracting(VectorIndex.Hit::id).containsExactly(2L);
        }
    }

    @Test
    void aLiveWriteDuringARebuildNeitherShowsNorCommitsTheHalfBuiltIndexAndIsKeptByIt() {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            index.put(1, "acme", embedder.embed("one"));
            index.commit();
            index.clear();
            index.add(2, "acme", embedder.embed("two"));
            index.put(3, "acme", embedder.embed("three"));
            index.remove(4);
            assertThat(index.committed()).map(VectorIndex.State::maxId).contains(1L); // the last commit on disk
            assertThat(index.nearest("acme", embedder.embed("one"), 5)).extracting(VectorIndex.Hit::id).containsExactly(1L);
            index.commit();
            assertThat(index.nearest("acme", embedder.embed("one"), 5)).extracting(VectorIndex.Hit::id)
                    .containsExactlyInAnyOrder(2L, 3L);
        }
    }

    @Test
    void compactingLeavesOneSegmentWithEveryVector() throws Exception {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            String[] words = {"alpha", "bravo", "charlie", "delta", "echo"};
            for (int id = 1; id <= 5; id++) {
                index.put(id, "acme", embedder.embed(words[id - 1]));
                index.commit(); // a segment each
            }
            index.compact();
            assertThat(index.committed()).contains(new VectorIndex.State(embedder.model(), 5, 5));
            try (var directory = org.apache.lucene.store.FSDirectory.open(dir);
                    var reader = org.apache.lucene.index.DirectoryReader.open(directory)) {
                assertThat(reader.leaves()).hasSize(1);
            }
            assertThat(index.nearest("acme", embedder.embed("charlie"), 1)).extracting(VectorIndex.Hit::id).containsExactly(3L);
        }
    }

    /** The index's folder, turned full on demand: every new file fails as on a full disk. */
    static final class FullDisk extends org.apache.lucene.store.FilterDirectory {
        volatile boolean full;

        FullDisk(org.apache.lucene.store.Directory in) {
            super(in);
        }

        @Override
        public org.apache.lucene.store.IndexOutput createOutput(String name, org.apache.lucene.store.IOContext context)
                throws java.io.IOException {
            if (full) {
                throw new java.io.IOException("No space left on device");
            }
            return super.createOutput(name, context);
        }

        @Override
        public org.apache.lucene.store.IndexOutput createTempOutput(String prefix, String suffix,
                org.apache.lucene.store.IOContext context) throws java.io.IOException {
            if (full) {
                throw new java.io.IOException("No space left on device");
            }
            return super.createTempOutput(prefix, suffix, context);
        }
    }

    @Test
    void aWriteThatFailsBreaksTheIndexWithoutFailingTheWriterAndAReopenWithACatchUpMendsIt() throws Exception {
        FullDisk disk = new FullDisk(org.apache.lucene.store.FSDirectory.open(dir));
        try (VectorIndex index = new VectorIndex(dir, embedder.model(), disk)) {
            index.put(1, "acme", embedder.embed("one"));
            index.commit();

            disk.full = true;
            index.put(2, "acme", embedder.embed("two"));
            index.remove(7); // commits at once: the disk is full
            assertThat(index.broken()).isTrue();
            index.put(3, "acme", embedder.embed("three")); // skipped, not thrown: the table keeps the memory
            assertThat(index.nearest("acme", embedder.embed("one"), 5)).isEmpty(); // full text only meanwhile
            assertThat(index.contains(1)).isFalse();

            disk.full = false;
            index.reopen(); // back on the last commit, still broken until caught up
            assertThat(index.broken()).isTrue();
            assertThat(index.committed()).map(VectorIndex.State::maxId).contains(1L);
            index.add(2, "acme", embedder.embed("two")); // what MemoryIndexSync adds from the table
            index.add(3, "acme", embedder.embed("three"));
            index.commit();
            index.repaired();

            assertThat(index.broken()).isFalse();
            assertThat(index.nearest("acme", embedder.embed("one"), 5)).extracting(VectorIndex.Hit::id)
                    .containsExactlyInAnyOrder(1L, 2L, 3L);
            index.put(4, "acme", embedder.embed("four"));
            assertThat(index.contains(4)).isTrue();
        }
    }

    @Test
    void aRepairWhileTheDiskIsStillFullLeavesTheIndexBrokenAndSaysWhy() throws Exception {
        FullDisk disk = new FullDisk(org.apache.lucene.store.FSDirectory.open(dir));
        try (VectorIndex index = new VectorIndex(dir, embedder.model(), disk)) {
            index.put(1, "acme", embedder.embed("one"));
            index.commit();
            disk.full = true;
            index.remove(1);

            assertThatThrownBy(() -> { // what the repair does: whichever write comes first fails
                index.reopen();
                index.add(2, "acme", embedder.embed("two"));
                index.commit();
            }).isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("in the memory index in " + dir)
                    .hasRootCauseMessage("No space left on device");
            assertThat(index.broken()).isTrue();
            disk.full = false;
        }
    }

    @Test
    void aSearchThatCannotWriteThePendingVectorsBreaksTheIndexInsteadOfFailing() throws Exception {
        FullDisk disk = new FullDisk(org.apache.lucene.store.FSDirectory.open(dir));
        try (VectorIndex index = new VectorIndex(dir, embedder.model(), disk)) {
            index.put(1, "acme", embedder.embed("one"));
            index.commit();
            disk.full = true;
            index.put(2, "acme", embedder.embed("two")); // pending: the next search's refresh must write it

            assertThat(index.nearest("acme", embedder.embed("two"), 5)).isEmpty();
            assertThat(index.broken()).isTrue();
            disk.full = false;
        }
    }

    @Test
    void aWriteNotYetSeenBeforeARebuildDoesNotLetASearchSeeTheIndexHalfBuilt() {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            index.put(1, "acme", embedder.embed("one")); // neither searched nor committed yet
            index.clear();
            index.add(2, "acme", embedder.embed("two"));

            assertThat(index.contains(1)).isTrue();
            assertThat(index.nearest("acme", embedder.embed("one"), 5)).extracting(VectorIndex.Hit::id).containsExactly(1L);
            index.commit();
            assertThat(index.nearest("acme", embedder.embed("one"), 5)).extracting(VectorIndex.Hit::id).containsExactly(2L);
        }
    }

    @Test
    void aRebuildThatCannotFinishLeavesTheIndexAsItWas() {
        try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
            index.put(1, "acme", embedder.embed("one"));
            index.commit();
            index.clear();
            index.add(2, "acme", embedder.embed("two"));
            index.abandonRebuild();

            assertThat(index.committed()).map(VectorIndex.State::maxId).contains(1L);
            assertThat(index.nearest("acme", embedder.embed("one"), 5)).extracting(VectorIndex.Hit::id).containsExactly(1L);
            index.put(3, "acme", embedder.embed("three")); // live writes go on as before
            assertThat(index.contains(3)).isTrue();
        }
    }
}
