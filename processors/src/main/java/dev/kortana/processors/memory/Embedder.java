package dev.kortana.processors.memory;

/**
 * Turns a text into a unit-length vector whose dot product with another text's vector says how close their meanings
 * are. Implementations run in-process and offline; {@link #model()} is stored with each embedding, so vectors of
 * another model are recognised and made again.
 */
public interface Embedder {

    /** Names the model and its version; a different name means the stored vectors are not comparable. */
    String model();

    /** Length of every vector {@link #embed} returns. */
    int dimensions();

    /** The text's vector: {@link #dimensions()} floats of Euclidean length 1. */
    float[] embed(String text);

    /** Scales the vector to length 1, or returns a fixed unit vector for a zero one (a text with no words). */
    static float[] unit(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        if (sum == 0) {
            vector[0] = 1f;
            return vector;
        }
        float norm = (float) Math.sqrt(sum);
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= norm;
        }
        return vector;
    }
}
