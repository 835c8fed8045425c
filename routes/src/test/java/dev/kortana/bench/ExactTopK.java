package dev.kortana.bench;

import java.util.PriorityQueue;

/**
 * The exact answer a vector search is graded against: every vector of the query's tenant compared with the query
 * (dot product of unit vectors, the cosine), the best {@code k} kept.
 *
 * @param ids        memory ids of the exact top k, best first
 * @param similarity the k-th best similarity: a hit at least this similar (within float error) is a correct one
 */
record ExactTopK(long[] ids, float similarity) {

    /** Ties within this are the same answer: the index computes the cosine in its own order of operations. */
    static final float TIE = 1e-5f;

    /** {@code vectors} holds memory id i at offset (i − 1)·dims; {@code tenantIds} lists the tenant's memory ids. */
    static ExactTopK of(float[] vectors, int[] tenantIds, float[] query, int k) {
        int dims = query.length;
        PriorityQueue<float[]> best = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(a[0], b[0]));
        for (int id : tenantIds) {
            int off = (id - 1) * dims;
            float dot = 0;
            for (int d = 0; d < dims; d++) {
                dot += vectors[off + d] * query[d];
            }
            if (best.size() < k) {
                best.add(new float[] {dot, id});
            } else if (dot > best.peek()[0]) {
                best.poll();
                best.add(new float[] {dot, id});
            }
        }
        float kth = best.peek()[0];
        long[] ids = new long[best.size()];
        for (int i = ids.length - 1; i >= 0; i--) {
            ids[i] = (long) best.poll()[1];
        }
        return new ExactTopK(ids, kth);
    }

    /** The share of the first {@code k} hits that are in the exact top k (ties at the k-th similarity count). */
    double recall(long[] hits, float[] vectors, float[] query, int k) {
        int dims = query.length;
        int correct = 0;
        for (int i = 0; i < Math.min(k, hits.length); i++) {
            int off = (int) (hits[i] - 1) * dims;
            float dot = 0;
            for (int d = 0; d < dims; d++) {
                dot += vectors[off + d] * query[d];
            }
            if (dot >= similarity - TIE) {
                correct++;
            }
        }
        return (double) correct / k;
    }
}
