package io.guestpass.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heap in use of another JVM after a full GC, through {@code jcmd} (GC.run, then GC.heap_info). */
final class HeapProbe {

    /** "def new generation   total 9792K, used 1234K" / "tenured generation   total 21888K, used 17000K" (Serial GC). */
    private static final Pattern GENERATION_USED = Pattern.compile("(?m)^\\s*(def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");
    private static final Pattern METASPACE_USED = Pattern.compile("(?m)^\\s*Metaspace\\s+used (\\d+)K");

    record Heap(double usedMegabytes, double metaspaceMegabytes, String raw) {
    }

    private HeapProbe() {
    }

    static Heap afterFullGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long usedKb = 0;
        Matcher generation = GENERATION_USED.matcher(info);
        int found = 0;
        while (generation.find()) {
            usedKb += Long.parseLong(generation.group(2));
            found++;
        }
        if (found == 0) {
            throw new IllegalStateException("Unexpected GC.heap_info output (Serial GC expected):\n" + info);
        }
        Matcher metaspace = METASPACE_USED.matcher(info);
        double metaspaceMb = metaspace.find() ? Long.parseLong(metaspace.group(1)) / 1024.0 : Double.NaN;
        return new Heap(usedKb / 1024.0, metaspaceMb, info);
    }

    private static String jcmd(long pid, String command) {
        String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + command + " did not finish");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
