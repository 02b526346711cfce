package io.guestpass.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Flight Recorder profile of one running packaged instance, started and dumped with {@code jcmd} around a workload
 * (so the instance runs with exactly the flags the others have, and its start-up is not in the profile), and its CPU
 * samples ({@code jdk.ExecutionSample}: Java threads running Java code) attributed to the nearest library on each stack.
 */
final class CpuProfile {

    /** Where a sample's time goes: the first of these whose package prefix matches a frame, walking from the leaf down. */
    private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("Signing and hashing (JDK RSA and SHA-256, jose4j)", List.of("sun.security.", "java.security.",
                "java.math.", "javax.crypto.", "com.sun.crypto.", "org.jose4j."));
        CATEGORIES.put("Database (Hibernate Reactive, Vert.x PostgreSQL client)", List.of("org.hibernate.", "io.vertx.pgclient.",
                "io.vertx.sqlclient.", "io.quarkus.hibernate.", "io.quarkus.reactive."));
        CATEGORIES.put("Lambda event path (runtime interface client, event ↔ HTTP adaptation)", List.of("com.amazonaws.",
                "io.quarkus.amazon.lambda."));
        CATEGORIES.put("JSON (Jackson: events and token responses)", List.of("com.fasterxml.jackson."));
        CATEGORIES.put("HTTP and REST (Vert.x HTTP, RESTEasy Reactive)", List.of("org.jboss.resteasy.", "io.quarkus.resteasy.",
                "io.vertx.core.http.", "io.vertx.ext.web.", "io.quarkus.vertx.http.", "io.netty.handler.codec.http."));
        CATEGORIES.put("Guestpass's own code", List.of("io.guestpass."));
        CATEGORIES.put("Netty, Vert.x and Mutiny plumbing", List.of("io.netty.", "io.vertx.", "io.smallrye.mutiny."));
    }

    static final String OTHER = "Other (JDK, Quarkus, CDI)";

    private final long pid;
    private final Path file;

    private CpuProfile(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    /** Starts a recording (the JDK's {@code profile} settings: a Java stack sample every 10 ms per running thread). */
    static CpuProfile start(long pid, String name) {
        CpuProfile profile = new CpuProfile(pid, Paths.get("target", name + ".jfr").toAbsolutePath());
        profile.jcmd("JFR.start", "name=bench", "settings=profile");
        return profile;
    }

    /** Dumps and stops the recording; the samples per category, in the order above, with {@link #OTHER} last. */
    Map<String, Long> stop() throws IOException {
        jcmd("JFR.dump", "name=bench", "filename=" + file);
        jcmd("JFR.stop", "name=bench");
        Map<String, Long> samples = new LinkedHashMap<>();
        CATEGORIES.keySet().forEach(c -> samples.put(c, 0L));
        samples.put(OTHER, 0L);
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                samples.merge(category(event.getStackTrace().getFrames()), 1L, Long::sum);
            }
        }
        return samples;
    }

    Path file() {
        return file;
    }

    private static String category(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, List<String>> category : CATEGORIES.entrySet()) {
                if (category.getValue().stream().anyMatch(type::startsWith)) {
                    return category.getKey();
                }
            }
        }
        return OTHER;
    }

    private void jcmd(String... command) {
        String[] full = new String[command.length + 2];
        full[0] = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        full[1] = String.valueOf(pid);
        System.arraycopy(command, 0, full, 2, command.length);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + ": " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("jcmd failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
