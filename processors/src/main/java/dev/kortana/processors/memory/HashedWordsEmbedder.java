package dev.kortana.processors.memory;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A deterministic embedder without a model: each word (lower case, simple plurals folded) is hashed to one of the
 * dimensions with a sign. Texts that share words are close; paraphrases are not. It loads in no time, so tests that do
 * not need meaning use it, and an operator can choose it where the ONNX runtime cannot run.
 */
public final class HashedWordsEmbedder implements Embedder {

    public static final String MODEL = "hashed-words-v1";

    private final int dimensions;

    public HashedWordsEmbedder(int dimensions) {
        if (dimensions < 8) {
            throw new IllegalArgumentException("an embedding needs at least 8 dimensions, not " + dimensions);
        }
        this.dimensions = dimensions;
    }

    @Override
    public String model() {
        return MODEL + "-" + dimensions;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[] embed(String text) {
        float[] vector = new float[dimensions];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() < 2) {
                continue;
            }
            String folded = word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")
                    ? word.substring(0, word.length() - 1) : word;
            CRC32 crc = new CRC32();
            crc.update(folded.getBytes(StandardCharsets.UTF_8));
            long hash = crc.getValue();
            vector[(int) (hash % dimensions)] += (hash >>> 31 & 1) == 0 ? 1f : -1f;
        }
        return Embedder.unit(vector);
    }
}
