package dev.kortana.bench;

import dev.kortana.processors.memory.Embedder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Memory-like texts for the benchmarks, and their vectors: sentences from templates over services, incidents, teams,
 * numbers and dates, embedded with the real model (and cached on disk, since 30,000 embeddings take about a minute),
 * and, for indexes larger than the embedded pool, vectors derived from the real ones by {@link #derive}.
 */
final class MemoryCorpus {

    static final int DIMS = 384;

    private static final String[] SERVICES = {"broker 3", "the payments API", "the checkout service", "the invoice run",
        "the search cluster", "the nightly ETL job", "the mobile gateway", "the auth service", "the billing database",
        "the Kafka consumer group", "the image resizer", "the CDN edge", "the order queue", "the ledger export",
        "the recommendation model", "the HR portal", "the build farm", "the VPN concentrator", "the mail relay",
        "the data warehouse", "the fraud scorer", "the inventory sync", "the customer CRM", "the backup vault"};
    private static final String[] PROBLEMS = {"ran out of disk", "lost its partition leader", "timed out under load",
        "returned stale prices", "paid a supplier twice", "leaked connections", "dropped messages", "rejected valid tokens",
        "doubled its latency", "crashed after a deploy", "filled its heap", "skipped a batch", "sent duplicate emails",
        "lagged behind by hours", "corrupted a report", "hit its rate limit", "lost a certificate", "mis-rounded taxes"};
    private static final String[] FIXES = {"we added a disk alert", "we rolled the deploy back", "we raised the pool size",
        "we moved two topics", "we refunded the customers", "we rotated the certificate", "we replayed the batch",
        "we added a retry with backoff", "we pinned the library version", "we split the job in two",
        "we wrote a runbook", "we fixed the rounding rule", "we throttled the producer", "we rebuilt the index"};
    private static final String[] TEAMS = {"platform", "payments", "data", "mobile", "security", "finance", "support",
        "sales", "growth", "infrastructure", "legal", "procurement"};
    private static final String[] ASKS = {"Summarize", "Draft a reply about", "Write the postmortem for",
        "List the follow-ups from", "Estimate the cost of", "Explain to the customer", "Plan the migration after",
        "Find the root cause of"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};

    private MemoryCorpus() {}

    /** {@code count} distinct sentences drawn with {@code seed}, none of them in {@code exclude}. */
    static List<String> sentences(long seed, int count, Set<String> exclude) {
        Random r = new Random(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            String s = sentence(r);
            if (!exclude.contains(s)) {
                out.add(s);
            }
        }
        return new ArrayList<>(out);
    }

    private static String sentence(Random r) {
        String service = pick(r, SERVICES);
        String problem = pick(r, PROBLEMS);
        String date = (1 + r.nextInt(28)) + " " + pick(r, MONTHS);
        int n = 2 + r.nextInt(400);
        return switch (r.nextInt(6)) {
            case 0 -> "On " + date + " " + service + " " + problem + "; " + pick(r, FIXES) + ".";
            case 1 -> "The " + pick(r, TEAMS) + " team found that " + service + " " + problem + " for " + n + " minutes.";
            case 2 -> pick(r, ASKS) + " the incident where " + service + " " + problem + " on " + date + ".";
            case 3 -> "Customer ticket " + (1000 + r.nextInt(9000)) + ": " + service + " " + problem + ", "
                    + n + " orders affected, owner " + pick(r, TEAMS) + ".";
            case 4 -> "After " + service + " " + problem + ", " + pick(r, FIXES) + " and " + pick(r, FIXES)
                    + " (cost " + n * 10 + " EUR).";
            default -> "Lesson from " + date + ": when " + service + " " + problem + ", ask the " + pick(r, TEAMS)
                    + " team before " + pick(r, FIXES).substring(3) + ".";
        };
    }

    /** The sentences' vectors, from {@code cache} when it holds exactly these (same count and seed in its name). */
    static float[][] embedded(Embedder embedder, List<String> sentences, Path cache) throws IOException {
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                int n = in.readInt();
                if (n == sentences.size() && in.readUTF().equals(sentences.get(n - 1))) {
                    float[][] vectors = new float[n][DIMS];
                    for (float[] v : vectors) {
                        for (int d = 0; d < DIMS; d++) {
                            v[d] = in.readFloat();
                        }
                    }
                    return vectors;
                }
            }
        }
        float[][] vectors = new float[sentences.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = embedder.embed(sentences.get(i));
        }
        Files.createDirectories(cache.getParent());
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            out.writeInt(vectors.length);
            out.writeUTF(sentences.get(vectors.length - 1));
            for (float[] v : vectors) {
                for (float f : v) {
                    out.writeFloat(f);
                }
            }
        }
        return vectors;
    }

    /**
     * A vector for a memory beyond the embedded pool: unit(a + 0.5·b + g), where a and b are two random real
     * embeddings and g is Gaussian noise of expected length 0.2 (σ = 0.2/√384 per dimension). It stays near a real
     * sentence (cosine ≈ 0.85–0.9 to a) and is not a copy of one, so the derived points do not form tight clusters.
     */
    static void derive(float[][] pool, Random r, float[] out, int offset) {
        float[] a = pool[r.nextInt(pool.length)];
        float[] b = pool[r.nextInt(pool.length)];
        double sigma = 0.2 / Math.sqrt(DIMS);
        double sum = 0;
        for (int d = 0; d < DIMS; d++) {
            float v = (float) (a[d] + 0.5 * b[d] + sigma * r.nextGaussian());
            out[offset + d] = v;
            sum += v * v;
        }
        float norm = (float) Math.sqrt(sum);
        for (int d = 0; d < DIMS; d++) {
            out[offset + d] /= norm;
        }
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }
}
