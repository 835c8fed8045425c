package dev.kortana.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of every process from /proc, between two snapshots: shows who used the machine during a run (the app,
 * PostgreSQL, the harness, or someone else's build). Linux only; elsewhere the report is empty.
 */
final class ProcessCpu {

    private static final int MAX_ROWS = 8;

    private final Map<Long, Long> ticksByPid;
    private final Map<Long, String> names;
    private final long machineBusyTicks;

    private ProcessCpu(Map<Long, Long> ticksByPid, Map<Long, String> names, long machineBusyTicks) {
        this.ticksByPid = ticksByPid;
        this.names = names;
        this.machineBusyTicks = machineBusyTicks;
    }

    static ProcessCpu snapshot() {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                readProcess(proc, ticks, names);
            }
        } catch (IOException | RuntimeException e) {
            return new ProcessCpu(Map.of(), Map.of(), -1);
        }
        return new ProcessCpu(ticks, names, CpuUsage.machineBusyTicks());
    }

    /**
     * One line per busiest process group, in % of one CPU over {@code seconds}; processes that started and ended
     * between the snapshots are only in "unattributed".
     */
    String since(ProcessCpu earlier, double seconds) {
        if (machineBusyTicks < 0 || earlier.machineBusyTicks < 0) {
            return "n/a";
        }
        double ticksPerSecond = 100; // USER_HZ on Linux
        long self = ProcessHandle.current().pid();
        Map<String, Long> byGroup = new HashMap<>();
        long attributed = 0;
        for (var entry : ticksByPid.entrySet()) {
            long used = entry.getValue() - earlier.ticksByPid.getOrDefault(entry.getKey(), 0L);
            if (used <= 0) {
                continue;
            }
            attributed += used;
            String group = entry.getKey() == self ? "this harness" : names.get(entry.getKey());
            byGroup.merge(group, used, Long::sum);
        }
        byGroup.put("unattributed (short-lived processes, kernel)", Math.max(0, machineBusyTicks - earlier.machineBusyTicks - attributed));
        Map<String, Long> top = byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(MAX_ROWS)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        List<String> lines = new ArrayList<>();
        top.forEach((group, used) -> lines.add(String.format(Locale.ROOT, "  %5.0f%%  %s", 100.0 * used / ticksPerSecond / seconds, group)));
        return String.join(System.lineSeparator(), lines);
    }

    private static void readProcess(Path proc, Map<Long, Long> ticks, Map<Long, String> names) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(stat.indexOf('(') + 1, close);
            String[] fields = stat.substring(close + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime 14, stime 15 (1-based in proc(5))
            long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long pid = Long.parseLong(proc.getFileName().toString());
            ticks.put(pid, used);
            names.put(pid, name(comm, proc));
        } catch (IOException | RuntimeException e) {
            // the process ended while being read
        }
    }

    /** PostgreSQL backends grouped as one; a JVM by its command line without the class path. */
    private static String name(String comm, Path proc) throws IOException {
        if (comm.startsWith("postgres")) {
            return "postgres (every backend of every server)";
        }
        String[] args = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
        if (args.length == 0 || args[0].isEmpty()) {
            return comm;
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-cp") || args[i].equals("-classpath") || args[i].equals("--class-path")) {
                i++;
                continue;
            }
            line.append(line.length() == 0 ? "" : " ").append(args[i]);
        }
        String text = line.toString();
        return text.length() > 140 ? text.substring(0, 140) + "…" : text;
    }
}
