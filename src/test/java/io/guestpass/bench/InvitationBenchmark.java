package io.guestpass.bench;

import io.guestpass.fixtures.ApiGatewayEvents;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.LambdaRuntimeApi;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.PackagedFunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The performance figures of issue 2, measured on the packaged function under AWS's runtime interface client against
 * one embedded PostgreSQL, in one run: {@code ./mvnw -B verify -Pbenchmark}. Writes {@code target/benchmark.md}.
 * Targets are reported, never enforced: only errors (answers other than 201) fail the run.
 */
class InvitationBenchmark {

    static final int WARM_UP = 500;
    static final int MEASURED = 2_000;
    static final Duration THROUGHPUT_RUN = Duration.ofSeconds(15);
    static final int HEAP_AFTER_INVITATIONS = 10_000;
    static final int COLD_STARTS = 3;
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private PackagedDeployment deployment;
    private String token;
    private final BenchmarkReport report = new BenchmarkReport();
    private long failures;

    @Test
    void measure() throws IOException {
        deployment = new PackagedDeployment();
        List<PackagedFunction> instances = new ArrayList<>();
        LambdaRuntimeApi api = new LambdaRuntimeApi();
        try {
            assertEquals(200, deployment.migrate().status(), "migration");
            token = deployment.adminToken();

            PackagedFunction first = PackagedFunction.start("bench-invite-1", api, deployment.environment("invite"));
            instances.add(first);
            first.awaitReady(START_TIMEOUT);
            assertEquals(204, deployment.allowRedirectOrigin(api).status(), "invitation policy");

            coldStarts();
            warmLatency(api);
            for (int n : new int[] {1, 2, 4}) {
                while (instances.size() < n) {
                    instances.add(PackagedFunction.start("bench-invite-" + (instances.size() + 1), api, deployment.environment("invite")));
                }
                instances.forEach(f -> f.awaitReady(START_TIMEOUT));
                throughput(api, instances, n);
            }
            for (int n : new int[] {1, 2, 4}) {
                rawBaseline(n);
            }
            // the rest of the 10,000 go to the first instance alone: the others stop polling
            instances.subList(1, instances.size()).forEach(PackagedFunction::close);
            heapAfterInvitations(api, first);
        } finally {
            // instances before their Runtime API: a poll that loses its server ends the runtime client with an error
            instances.forEach(PackagedFunction::close);
            api.close();
            deployment.close();
        }
        Path out = Paths.get("target", "benchmark.md");
        String markdown = report.markdown();
        Files.writeString(out, markdown);
        System.out.println(markdown);
        assertEquals(0, failures, "invitations not answered 201 during the benchmark");
    }

    /** Fresh process each time, its own Runtime API: from process start to the first answered invitation. */
    private void coldStarts() {
        for (int i = 1; i <= COLD_STARTS; i++) {
            try (LambdaRuntimeApi api = new LambdaRuntimeApi();
                 PackagedFunction fresh = PackagedFunction.start("bench-cold-" + i, api, deployment.environment("invite"))) {
                // queued before the process exists: the first poll takes it, as Lambda's first invocation does
                var answer = api.invoke(invitation("cold-" + i));
                GatewayResponse response = GatewayResponse.of(LambdaRuntimeApi.await(answer, 90));
                long answeredNanos = System.nanoTime();
                count(response);
                long polledNanos = fresh.endpoint().firstPoll().getNow(answeredNanos);
                report.coldStart(Duration.ofNanos(answeredNanos - fresh.startedNanos()), Duration.ofNanos(polledNanos - fresh.startedNanos()));
            }
        }
    }

    private void warmLatency(LambdaRuntimeApi api) {
        ClosedLoop.run(1, WARM_UP, Duration.ofMinutes(5), seq -> invite(api, "warm-" + seq));
        ClosedLoop.Result measured = ClosedLoop.run(1, MEASURED, Duration.ofMinutes(5), seq -> invite(api, "latency-" + seq));
        failures += measured.failures();
        report.warmLatency(measured);
    }

    private void throughput(LambdaRuntimeApi api, List<PackagedFunction> instances, int n) {
        // new instances warm up first: a closed loop with n clients spreads ~WARM_UP requests over each of them
        ClosedLoop.run(n, (long) WARM_UP * n, Duration.ofMinutes(3), seq -> invite(api, "warm" + n + "-" + seq));
        long[] before = instances.stream().mapToLong(f -> f.endpoint().answered()).toArray();
        ClosedLoop.Result result = ClosedLoop.run(n, Long.MAX_VALUE, THROUGHPUT_RUN, seq -> invite(api, "throughput" + n + "-" + seq));
        failures += result.failures();
        List<Long> share = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            share.add(instances.get(i).endpoint().answered() - before[i]);
        }
        report.throughput(n, result, share);
    }

    private void rawBaseline(int n) {
        try (RawInvitationBaseline raw = new RawInvitationBaseline(deployment.postgres().getPort(), n)) {
            ClosedLoop.run(n, 2_000, Duration.ofSeconds(30), seq -> raw.invite("raw-warm" + n + "-" + seq + "@example.com"));
            ClosedLoop.Result result = ClosedLoop.run(n, Long.MAX_VALUE, THROUGHPUT_RUN,
                    seq -> raw.invite("raw" + n + "-" + seq + "@example.com"));
            report.rawBaseline(n, result);
        }
    }

    private void heapAfterInvitations(LambdaRuntimeApi api, PackagedFunction first) {
        long remaining = Math.max(0, HEAP_AFTER_INVITATIONS - first.endpoint().answered());
        ClosedLoop.Result topUp = ClosedLoop.run(2, remaining, Duration.ofMinutes(5), seq -> invite(api, "heap-" + seq));
        failures += topUp.failures();
        report.heap(first.endpoint().answered(), HeapProbe.afterFullGc(first.pid()));
    }

    private boolean invite(LambdaRuntimeApi api, String local) {
        return count(GatewayResponse.of(LambdaRuntimeApi.await(api.invoke(invitation(local)), 60)));
    }

    private boolean count(GatewayResponse response) {
        if (response.status() == 201) {
            return true;
        }
        if (failures < 3) {
            System.err.println("Unexpected answer: " + response);
        }
        return false;
    }

    /** A new address each time: the common path (insert the guest, one invitation, one ticket, one audit event). */
    private String invitation(String local) {
        return ApiGatewayEvents.post("/v1.0/invitations").bearer(token)
                .json("{\"invitedUserEmailAddress\":\"" + local + "@example.com\",\"inviteRedirectUrl\":\""
                        + PackagedDeployment.REDIRECT_ORIGIN + "/welcome\"}")
                .toJson();
    }
}
