package dev.kortana.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Machine-wide CPU use from /proc/stat and this JVM's own, between two snapshots: tells whether the run was
 * CPU-bound and how much of the CPU the harness itself took. Linux only; elsewhere it reports n/a.
 */
final class CpuUsage {

    private final long busyTicks;
    private final long totalTicks;
    private final long processNanos;
    private final long wallNanos;

    private CpuUsage(long busyTicks, long totalTicks, long processNanos, long wallNanos) {
        this.busyTicks = busyTicks;
        this.totalTicks = totalTicks;
        this.processNanos = processNanos;
        this.wallNanos = wallNanos;
    }

    static CpuUsage snapshot() {
        long busy = -1;
        long total = -1;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already inside user)
            for (int i = 1; i <= 8 && i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            busy = total - Long.parseLong(cpu[4]) - Long.parseLong(cpu[5]);
        } catch (IOException | RuntimeException e) {
            // not Linux: reported as n/a
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        long process = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        return new CpuUsage(busy, total, process, System.nanoTime());
    }

    /** "machine 97% busy (of 2 cpus), harness 11% of one cpu" between {@code this} and {@code later}. */
    String since(CpuUsage earlier) {
        String machine = busyTicks < 0 || earlier.busyTicks < 0 || totalTicks == earlier.totalTicks ? "n/a"
                : String.format(Locale.ROOT, "%.0f%%", 100.0 * (busyTicks - earlier.busyTicks) / (totalTicks - earlier.totalTicks));
        String harness = processNanos < 0 ? "n/a"
                : String.format(Locale.ROOT, "%.0f%%", 100.0 * (processNanos - earlier.processNanos) / (wallNanos - earlier.wallNanos));
        return String.format(Locale.ROOT, "machine %s busy (all %d cpus), harness JVM %s of one cpu", machine,
                Runtime.getRuntime().availableProcessors(), harness);
    }

    /** Ticks the whole machine spent busy since boot, or -1 when /proc/stat is not there. */
    static long machineBusyTicks() {
        return snapshot().busyTicks;
    }

    /** The three load averages of /proc/loadavg (which count this benchmark's own threads too). */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
