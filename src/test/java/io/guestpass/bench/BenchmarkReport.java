package io.guestpass.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Collects the benchmark's figures and renders them, with targets and the machine, as Markdown. */
final class BenchmarkReport {

    private final List<Duration> coldStarts = new ArrayList<>();
    private final List<Duration> coldPolls = new ArrayList<>();
    private ClosedLoop.Result warm;
    private final Map<Integer, ClosedLoop.Result> throughput = new LinkedHashMap<>();
    private final Map<Integer, List<Long>> shares = new LinkedHashMap<>();
    private final Map<Integer, ClosedLoop.Result> raw = new LinkedHashMap<>();
    private long heapInvitations;
    private HeapProbe.Heap heap;

    void coldStart(Duration toFirstAnswer, Duration toFirstPoll) {
        coldStarts.add(toFirstAnswer);
        coldPolls.add(toFirstPoll);
    }

    void warmLatency(ClosedLoop.Result result) {
        warm = result;
    }

    void throughput(int instances, ClosedLoop.Result result, List<Long> perInstance) {
        throughput.put(instances, result);
        shares.put(instances, perInstance);
    }

    void rawBaseline(int connections, ClosedLoop.Result result) {
        raw.put(connections, result);
    }

    void heap(long invitations, HeapProbe.Heap heap) {
        this.heapInvitations = invitations;
        this.heap = heap;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Benchmark: creating invitations on the packaged function\n\n");
        md.append("`./mvnw -B verify -Pbenchmark`, ").append(Instant.now()).append(". function.zip under AWS's runtime interface ")
                .append("client 2.9.0 (JVM flags `-XX:+UseSerialGC -Xmx435m` and each role's `jvm_options` from infra/roles.json), ")
                .append("fed API Gateway v2 events by a local Runtime API (TCP_NODELAY), one embedded PostgreSQL 17.6, ")
                .append("all on this machine. Each invitation is of a new address, with a bearer token, no mail.\n\n");
        md.append("| Measure | Result | Target | Met |\n|---|---|---|---|\n");
        row(md, "Warm latency, 1 instance, p50 (" + warm.count() + " invitations after " + InvitationBenchmark.WARM_UP + " warm-up)",
                ms(warm.percentileMillis(50)), "≤ 12 ms", warm.percentileMillis(50) <= 12);
        row(md, "Warm latency, 1 instance, p99", ms(warm.percentileMillis(99)), "≤ 40 ms", warm.percentileMillis(99) <= 40);
        for (var e : throughput.entrySet()) {
            ClosedLoop.Result r = e.getValue();
            String detail = String.format(Locale.ROOT, "%.0f /s (p50 %s, p99 %s; per instance %s)", r.perSecond(),
                    ms(r.percentileMillis(50)), ms(r.percentileMillis(99)), shares.get(e.getKey()));
            if (e.getKey() == 2 && throughput.containsKey(1)) {
                double ratio = r.perSecond() / throughput.get(1).perSecond();
                row(md, "Throughput, 2 instances, 2 clients", detail + String.format(Locale.ROOT, " = %.2f × one", ratio),
                        "≥ 1.5 × one", ratio >= 1.5);
            } else {
                row(md, "Throughput, " + e.getKey() + " instance(s), " + e.getKey() + " client(s)", detail, "", null);
            }
        }
        for (var e : raw.entrySet()) {
            ClosedLoop.Result r = e.getValue();
            row(md, "Raw baseline (Vert.x pg client, same statements), " + e.getKey() + " connection(s)",
                    String.format(Locale.ROOT, "%.0f /s (p50 %s, p99 %s)", r.perSecond(), ms(r.percentileMillis(50)),
                            ms(r.percentileMillis(99))), "", null);
        }
        for (int i = 0; i < coldStarts.size(); i++) {
            double seconds = coldStarts.get(i).toMillis() / 1000.0;
            row(md, "Cold start " + (i + 1) + ": process start → first answered invitation",
                    String.format(Locale.ROOT, "%.2f s (first poll after %.2f s)", seconds, coldPolls.get(i).toMillis() / 1000.0),
                    "≤ 5 s", seconds <= 5);
        }
        if (heap != null) {
            row(md, "Heap in use after full GC, after " + heapInvitations + " invitations on one instance",
                    String.format(Locale.ROOT, "%.1f MB (metaspace %.1f MB)", heap.usedMegabytes(), heap.metaspaceMegabytes()),
                    "≤ 128 MB", heap.usedMegabytes() <= 128);
        }
        md.append("\n").append(machine()).append("\n");
        return md.toString();
    }

    /** The machine's line of a report: CPUs, their model, the JDK. */
    static String machine() {
        return "Machine: " + nproc() + " CPUs (`nproc`), " + cpuModel() + "; " + javaVersion() + ".";
    }

    /** The load average over 1, 5 and 15 minutes ({@code /proc/loadavg}): how busy the shared machine was. */
    static String loadAverage() {
        try {
            return String.join(" ", java.util.Arrays.asList(Files.readString(Paths.get("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "?";
        }
    }

    private static void row(StringBuilder md, String measure, String result, String target, Boolean met) {
        md.append("| ").append(measure).append(" | ").append(result).append(" | ").append(target).append(" | ")
                .append(met == null ? "" : met ? "yes" : "**no**").append(" |\n");
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static String nproc() {
        return run("nproc").trim();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String javaVersion() {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return String.join(" / ", run(java, "-version").trim().lines().toList());
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.waitFor(30, TimeUnit.SECONDS);
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
