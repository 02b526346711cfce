package io.guestpass.bench;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.GatewayBrowser;
import io.guestpass.fixtures.LambdaRuntimeApi;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.PackagedFunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 3's performance figures: whole redemptions (every function invocation one takes, and the authorize request to the
 * local Microsoft account stand-in on this machine) against packaged redeem instances under AWS's runtime interface
 * client, one embedded PostgreSQL. Run with the invitation benchmark: {@code ./mvnw -B verify -Pbenchmark}; writes
 * {@code target/benchmark-redemption.md}. Targets are reported, never enforced: only failed redemptions fail the run.
 *
 * <p>Invitations are made beforehand through a packaged invite instance (not measured); each redemption is of its own
 * invitation, by the Microsoft account of the invited address.
 */
class RedemptionBenchmark {

    static final int WARM_UP = 100;
    static final int MEASURED = 300;
    static final int THROUGHPUT_WARM_UP_PER_INSTANCE = 40;
    static final Duration THROUGHPUT_RUN = Duration.ofSeconds(15);
    static final int THROUGHPUT_POOL = 1_200;
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private PackagedDeployment deployment;
    private LambdaRuntimeApi inviteApi;
    private Redemptions redemptions;
    private final AtomicLong failures = new AtomicLong();
    private final List<String[]> rows = new ArrayList<>();

    @Test
    void measure() throws IOException {
        deployment = new PackagedDeployment();
        inviteApi = new LambdaRuntimeApi();
        redemptions = new Redemptions(deployment, inviteApi);
        LambdaRuntimeApi redeemApi = new LambdaRuntimeApi();
        GatewayBrowser.Route redeem = GatewayBrowser.via(redeemApi);
        List<PackagedFunction> instances = new ArrayList<>();
        PackagedFunction invite = null;
        LocalMicrosoftAccount microsoft = deployment.microsoft();
        try {
            assertEquals(200, deployment.migrate().status(), "migration");
            invite = PackagedFunction.start("bench-redeem-invite", inviteApi, deployment.environment("invite"));
            instances.add(PackagedFunction.start("bench-redeem-1", redeemApi, deployment.environment("redeem")));
            invite.awaitReady(START_TIMEOUT);
            instances.get(0).awaitReady(START_TIMEOUT);
            assertEquals(204, deployment.allowRedirectOrigin(inviteApi).status(), "invitation policy");

            // one instance, one client: the latency of a whole redemption
            BlockingQueue<Redemptions.Ticket> tickets = redemptions.invitations("warm", WARM_UP + MEASURED);
            ClosedLoop.Result warmUp = ClosedLoop.run(1, WARM_UP, Duration.ofMinutes(5), seq -> redemptions.redeem(redeem, tickets));
            failures.addAndGet(warmUp.failures());
            int discoveryBefore = microsoft.discoveryRequests();
            int jwksBefore = microsoft.jwksRequests();
            ClosedLoop.Result latency = ClosedLoop.run(1, MEASURED, Duration.ofMinutes(5), seq -> redemptions.redeem(redeem, tickets));
            failures.addAndGet(latency.failures());
            int discoveryDuringLatency = microsoft.discoveryRequests() - discoveryBefore;
            int jwksDuringLatency = microsoft.jwksRequests() - jwksBefore;
            row("Whole redemption, warm, 1 instance, p50 (" + latency.count() + " redemptions after " + WARM_UP + " warm-up; "
                    + redemptions.invocationsPerRedemption() + " invocations + 1 authorize each)",
                    ms(latency.percentileMillis(50)), "≤ 80 ms", latency.percentileMillis(50) <= 80);
            row("Whole redemption, warm, 1 instance, p99", ms(latency.percentileMillis(99)), "≤ 200 ms", latency.percentileMillis(99) <= 200);

            // n instances, n clients, closed loop: complete redemptions per second
            int discoveryDuringThroughput = 0;
            int jwksDuringThroughput = 0;
            for (int n : new int[] {1, 2, 4}) {
                while (instances.size() < n) {
                    instances.add(PackagedFunction.start("bench-redeem-" + (instances.size() + 1), redeemApi, deployment.environment("redeem")));
                }
                instances.forEach(f -> f.awaitReady(START_TIMEOUT));
                BlockingQueue<Redemptions.Ticket> pool = redemptions.invitations("n" + n, THROUGHPUT_WARM_UP_PER_INSTANCE * n + THROUGHPUT_POOL);
                ClosedLoop.Result warm = ClosedLoop.run(n, (long) THROUGHPUT_WARM_UP_PER_INSTANCE * n, Duration.ofMinutes(3),
                        seq -> redemptions.redeem(redeem, pool));
                failures.addAndGet(warm.failures());
                long[] before = instances.stream().mapToLong(f -> f.endpoint().answered()).toArray();
                int d0 = microsoft.discoveryRequests();
                int j0 = microsoft.jwksRequests();
                ClosedLoop.Result result = ClosedLoop.run(n, pool.size(), THROUGHPUT_RUN, seq -> redemptions.redeem(redeem, pool));
                failures.addAndGet(result.failures());
                discoveryDuringThroughput += microsoft.discoveryRequests() - d0;
                jwksDuringThroughput += microsoft.jwksRequests() - j0;
                List<Long> share = new ArrayList<>();
                for (int i = 0; i < instances.size(); i++) {
                    share.add(instances.get(i).endpoint().answered() - before[i]);
                }
                String detail = String.format(Locale.ROOT, "%.1f /s (p50 %s, p99 %s; invocations per instance %s)", result.perSecond(),
                        ms(result.percentileMillis(50)), ms(result.percentileMillis(99)), share);
                if (n == 4) {
                    row("Redemptions per second, 4 instances, 4 clients", detail, "≥ 40 /s", result.perSecond() >= 40);
                } else {
                    row("Redemptions per second, " + n + " instance(s), " + n + " client(s)", detail, "", null);
                }
            }
            int started = instances.size();
            row("Microsoft discovery and JWKS fetches while measuring (" + started + " redeem instances started)",
                    String.format(Locale.ROOT, "+%d discovery, +%d JWKS (totals %d and %d)", discoveryDuringLatency + discoveryDuringThroughput,
                            jwksDuringLatency + jwksDuringThroughput, microsoft.discoveryRequests(), microsoft.jwksRequests()),
                    "0 while measuring; ≤ 1 each per instance",
                    discoveryDuringLatency + discoveryDuringThroughput == 0 && jwksDuringLatency + jwksDuringThroughput == 0
                            && microsoft.discoveryRequests() <= started && microsoft.jwksRequests() <= started);
        } finally {
            instances.forEach(PackagedFunction::close);
            if (invite != null) {
                invite.close();
            }
            redeemApi.close();
            inviteApi.close();
            deployment.close();
        }
        String markdown = markdown();
        Files.writeString(Paths.get("target", "benchmark-redemption.md"), markdown);
        System.out.println(markdown);
        assertEquals(0, failures.get(), "redemptions that did not reach the application during the benchmark");
    }

    private void row(String measure, String result, String target, Boolean met) {
        rows.add(new String[] {measure, result, target, met == null ? "" : met ? "yes" : "**no**"});
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Benchmark: redeeming invitations on the packaged redeem function\n\n");
        md.append("`./mvnw -B verify -Pbenchmark`, ").append(Instant.now()).append(". Each redemption: the emailed link, the start ")
                .append("page, the sign-in redirect, the authorize request to the local Microsoft account stand-in (same machine), ")
                .append("the callback, the return to the sign-in path, the consent page and the acceptance (303 to the application). ")
                .append("Closed loop; events through a local Runtime API to function.zip under AWS's runtime interface client.\n\n");
        md.append("| Measure | Result | Target | Met |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append("\nFailed redemptions: ").append(failures.get()).append(".\n");
        return md.toString();
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
