package dev.kortana.it;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The tests' KRaft broker as a process of its own, for benchmarks (bench/load.sh --kafka): prints
 * {@code bootstrap=HOST:PORT} once it serves, and runs until it is stopped (SIGTERM closes it).
 *
 * <p>Argument: the folder for its logs.
 */
public final class StandaloneKafka {

    private StandaloneKafka() {}

    public static void main(String[] args) throws Exception {
        KafkaBroker broker = KafkaBroker.start(Path.of(args.length > 0 ? args[0] : "target/standalone-kafka"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }));
        System.out.println("bootstrap=" + broker.bootstrap());
        System.out.flush();
        stopped.await();
    }
}
