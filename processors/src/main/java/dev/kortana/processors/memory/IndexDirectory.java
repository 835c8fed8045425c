package dev.kortana.processors.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The memory index's folder: opened as it is, or deleted and made anew when Lucene cannot read it or it holds another model. */
final class IndexDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(VectorIndex.class);

    private IndexDirectory() {}

    /** See {@link VectorIndex#open}: the index is derived data, so one that cannot serve is made anew from the table. */
    static VectorIndex open(Path dir, String model) {
        try {
            VectorIndex index = new VectorIndex(dir, model);
            Optional<VectorIndex.State> state = index.committed();
            if (state.isEmpty() || state.get().model().equals(model) && index.currentFormat()) {
                return index;
            }
            // Vectors of another model (maybe of another length), or stored with another similarity, cannot share the
            // field: start from nothing.
            LOG.info("The memory index in {} holds vectors of {}{}, not {}; making it anew", dir, state.get().model(),
                    index.currentFormat() ? "" : " in an older format", model);
            index.close();
        } catch (LockObtainFailedException e) {
            throw new IllegalStateException("the memory index in " + dir + " is open in another process; stop that"
                    + " Kor'tana first (one Kor'tana per data dir)", e);
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("The memory index in {} cannot be read ({}); deleting it to rebuild it from the memories table",
                    dir, unreadable.toString());
        }
        try {
            deleteTree(dir);
            return new VectorIndex(dir, model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the memory index in " + dir + " (" + e.getMessage() + ");"
                    + " check that the data dir is writable, or stop Kor'tana, delete that directory and start again", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
