package dev.kortana.routes.wiring;

import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.RankFusion;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.MemoryIndexSync;
import dev.kortana.processors.store.MemoryForgetting;
import dev.kortana.processors.store.MemoryQuality;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.WriteBehind;
import dev.kortana.routes.Settings;
import java.time.Clock;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Memory from the {@code kortana.memory.*} settings: the embedder, the vector index and the store that uses both. */
final class MemoryWiring {

    /** The memory parts the rest of the wiring hands out. */
    record Memory(MemoryStore store, MemoryQuality quality, MemoryForgetting forgetting, VectorIndex index) {}

    private static final Logger LOG = LoggerFactory.getLogger(KortanaConfiguration.class);

    private MemoryWiring() {}

    /** The embedder, loaded now, and the vector index, brought into step with the table before any task runs. */
    static Memory start(Settings settings, MemorySettings memorySettings, Database db, Resources resources,
            Registry registry) {
        long start = System.nanoTime();
        Embedder embedder = memorySettings.loadEmbedder(settings.dataDir());
        long loadMs = (System.nanoTime() - start) / 1_000_000;
        VectorIndex index = VectorIndex.open(MemorySettings.indexDir(settings.dataDir()), embedder.model());
        resources.closeOnStop(index);
        LOG.info("Memory: embeddings {} (loaded in {} ms); {}", embedder.model(), loadMs,
                new MemoryIndexSync(db, embedder, index).run());
        MemoryStore store = new MemoryStore(db, embedder, index, new RankFusion(memorySettings.halfLife(), 0.5),
                memorySettings.consolidation(), memorySettings.minSimilarity(), Clock.systemUTC());
        registry.bind("memoryEmbedder", embedder);
        registry.bind("memoryIndex", index);
        registry.bind("memoryEmbedder", embedder);
        registry.bind("memoryStore", store);
        WriteBehind behind = registry.lookupByNameAndType(KortanaConfiguration.WRITE_BEHIND, WriteBehind.class);
        return new Memory(store, new MemoryQuality(db, behind), new MemoryForgetting(db, index), index);
    }
}
