package io.guestpass.bench;

import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.AppSignUpJourney;
import io.guestpass.fixtures.ConnectorServer;
import io.guestpass.fixtures.GatewayBrowser;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.LambdaRuntimeApi;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.PackagedFunction;
import io.guestpass.fixtures.RelyingParty;
import io.guestpass.fixtures.TestCertificates;
import io.guestpass.fixtures.UserFlowAdministration;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 10's benchmark: complete self-service sign-ups per second on packaged signup instances, beside whole redemptions
 * ({@link Redemptions}, issue 3's unit of work) on packaged redeem instances, in one run on one embedded PostgreSQL:
 * {@code ./mvnw -B verify -Pbenchmark -Dit.test=SignUpBenchmark}. Writes {@code target/benchmark-signup.md}.
 *
 * <p>One sign-up: the application's authorization request with {@code prompt=create}, the flow's provider page, the
 * Microsoft round trip (the local stand-in on this machine), the attribute page after the postFederationSignup connector,
 * the attributes posted (the postAttributeCollection connector, the guest created, the code issued) and the application's
 * code exchange. Both connectors answer Continue at once from a local HTTPS server (the test JVM), called through the
 * production client; the signup instances get the two test-only settings that allow that on loopback.
 *
 * <p>With 1 and then 2 instances of each function (n clients, closed loop, each event to whichever instance of the
 * function is idle), each measure runs twice in the order redemptions, sign-ups, sign-ups, redemptions, so that a change
 * of the shared machine's load during the run falls on both alike; the two windows are reported as one. Targets are
 * reported, never enforced: only failed journeys fail the run.
 */
class SignUpBenchmark {

    static final int WARM_UP = 300;
    static final int WARM_UP_ADDED_INSTANCE = 300;
    static final Duration WINDOW = Duration.ofSeconds(12);
    static final int INVITATIONS_PER_WINDOW_AND_INSTANCE = 500;
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final String REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/signin-oidc";
    static final double TARGET_RATIO = 1.5;

    /** What one kind of journey measured with a number of instances: the load's result and the serving instances' CPU. */
    record Figure(ClosedLoop.Result result, double cpuMillisPerJourney) {

        Figure plus(Figure other) {
            ClosedLoop.Result both = result.plus(other.result);
            double cpu = (cpuMillisPerJourney * result.count() + other.cpuMillisPerJourney * other.result.count()) / Math.max(1, both.count());
            return new Figure(both, cpu);
        }
    }

    private PackagedDeployment deployment;
    private Redemptions redemptions;
    private RelyingParty app;
    private final List<PackagedFunction> redeem = new ArrayList<>();
    private final List<PackagedFunction> signup = new ArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong people = new AtomicLong();
    private final AtomicInteger invocationsPerSignUp = new AtomicInteger();
    private final Map<Integer, Figure> redeemed = new LinkedHashMap<>();
    private final Map<Integer, Figure> signedUp = new LinkedHashMap<>();

    @Test
    void measure() throws Exception {
        String loadBefore = BenchmarkReport.loadAverage();
        Instant started = Instant.now();
        TestCertificates tls = TestCertificates.create(Path.of("target", "bench-connector-tls"));
        Map<String, String> loopback = PackagedDeployment.loopbackConnectors(tls.caCertificate());
        deployment = new PackagedDeployment("bench-signup");
        Vertx vertx = Vertx.vertx();
        ConnectorServer connector = ConnectorServer.start(vertx, tls); // answers Continue
        LambdaRuntimeApi inviteApi = new LambdaRuntimeApi();
        LambdaRuntimeApi redeemApi = new LambdaRuntimeApi();
        LambdaRuntimeApi signupApi = new LambdaRuntimeApi();
        PackagedFunction invite = null;
        try {
            assertEquals(200, deployment.migrate().status(), "migration");
            invite = PackagedFunction.start("bench-signup-invite", inviteApi, deployment.environment("invite", loopback));
            for (int n : new int[] {1, 2}) {
                // one process at a time: started together on two cores, each took over 30 s and a redeem instance whose
                // start overlapped others' answered every sign-in with its error page
                invite.awaitReady(START_TIMEOUT);
                while (redeem.size() < n) {
                    redeem.add(PackagedFunction.start("bench-signup-redeem-" + n, redeemApi, deployment.environment("redeem")));
                    redeem.get(n - 1).awaitReady(START_TIMEOUT);
                    signup.add(PackagedFunction.start("bench-signup-signup-" + n, signupApi, deployment.environment("signup", loopback)));
                    signup.get(n - 1).awaitReady(START_TIMEOUT);
                }
                GatewayBrowser.Route redeemRoute = GatewayBrowser.via(redeemApi);
                GatewayBrowser.Route signupRoute = GatewayBrowser.via(signupApi);
                if (n == 1) {
                    setUp(inviteApi, signupRoute, connector);
                }
                warmUp(n, n == 1 ? WARM_UP : WARM_UP_ADDED_INSTANCE * n, redeemRoute, signupRoute);
                if (n == 1 && Boolean.getBoolean("bench.profile")) {
                    profile(signupRoute, redeemRoute);
                }
                for (int round = 1; round <= 2; round++) {
                    if (round == 1) {
                        measureRedemptions(n, redeemRoute);
                        measureSignUps(n, signupRoute);
                    } else {
                        measureSignUps(n, signupRoute);
                        measureRedemptions(n, redeemRoute);
                    }
                }
            }
        } finally {
            signup.forEach(PackagedFunction::close);
            redeem.forEach(PackagedFunction::close);
            if (invite != null) {
                invite.close();
            }
            signupApi.close();
            redeemApi.close();
            inviteApi.close();
            deployment.close();
            connector.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        String markdown = markdown(started, loadBefore, BenchmarkReport.loadAverage(), connector.received().size());
        Files.writeString(Path.of("target", "benchmark-signup.md"), markdown);
        System.out.println(markdown);
        assertEquals(0, failures.get(), "redemptions or sign-ups that did not reach the application during the benchmark");
    }

    /**
     * What an administrator sets up through the invite function: redirects to the application's origin, self-service
     * sign-up on, the application, a flow collecting the city and the display name (prefilled from the provider) linked
     * to it, and both of its connector steps bound to the local connector.
     */
    private void setUp(LambdaRuntimeApi inviteApi, GatewayBrowser.Route signupRoute, ConnectorServer connector) throws Exception {
        assertEquals(204, deployment.allowRedirectOrigin(inviteApi).status(), "invitation policy");
        redemptions = new Redemptions(deployment, inviteApi);
        PackagedDeployment.RegisteredApplication portal = deployment.registerWebApplication(inviteApi, "Benchmark Portal", REDIRECT_URI);
        UserFlowAdministration admin = new UserFlowAdministration(GatewayBrowser.via(inviteApi), deployment.adminToken());
        admin.enableSelfServiceSignUp();
        String flow = admin.flow("BenchmarkSignUp");
        admin.collect(flow, "city", "City", false);
        admin.collect(flow, "displayName", "Display name", false);
        admin.link(flow, portal.objectId());
        admin.bind(flow, "postFederationSignup", admin.basicConnector("Prefill", connector.url("/post-federation"), "guestpass", "bench"));
        admin.bind(flow, "postAttributeCollection", admin.basicConnector("Check", connector.url("/post-attributes"), "guestpass", "bench"));
        app = new RelyingParty(RelyingParty.discover(signupRoute, deployment.directoryId()), portal, REDIRECT_URI);
    }

    /** Not measured: each kind of journey {@code count} times with n clients (C1, then C2 where a role's flags allow it). */
    private void warmUp(int n, int count, GatewayBrowser.Route redeemRoute, GatewayBrowser.Route signupRoute) {
        BlockingQueue<Redemptions.Ticket> tickets = redemptions.invitations("warm-" + n, count);
        failures.addAndGet(ClosedLoop.run(n, count, Duration.ofMinutes(5), seq -> redemptions.redeem(redeemRoute, tickets)).failures());
        failures.addAndGet(ClosedLoop.run(n, count, Duration.ofMinutes(5), seq -> signUp(signupRoute)).failures());
    }

    /**
     * With {@code -Dbench.profile=true}: a Flight Recorder profile of one sign-up window on signup instance 1 and of one
     * redemption window on redeem instance 1 (target/bench-signup-profile.jfr, target/bench-redeem-profile.jfr), where the
     * CPU of each journey goes; not part of the figures.
     */
    private void profile(GatewayBrowser.Route signupRoute, GatewayBrowser.Route redeemRoute) throws Exception {
        CpuProfile signing = CpuProfile.start(signup.get(0).pid(), "bench-signup-profile");
        ClosedLoop.Result ups = ClosedLoop.run(1, Long.MAX_VALUE, WINDOW, seq -> signUp(signupRoute));
        System.err.println("Sign-up profile (" + ups.count() + " sign-ups): " + signing.stop() + " in " + signing.file());
        BlockingQueue<Redemptions.Ticket> pool = redemptions.invitations("profile", INVITATIONS_PER_WINDOW_AND_INSTANCE);
        CpuProfile redeeming = CpuProfile.start(redeem.get(0).pid(), "bench-redeem-profile");
        ClosedLoop.Result downs = ClosedLoop.run(1, pool.size(), WINDOW, seq -> redemptions.redeem(redeemRoute, pool));
        System.err.println("Redemption profile (" + downs.count() + " redemptions): " + redeeming.stop() + " in " + redeeming.file());
    }

    private void measureRedemptions(int n, GatewayBrowser.Route redeemRoute) {
        BlockingQueue<Redemptions.Ticket> pool = redemptions.invitations("n" + n + "-" + people.incrementAndGet(),
                INVITATIONS_PER_WINDOW_AND_INSTANCE * n);
        redeemed.merge(n, measured("Redemptions", n, pool.size(), redeem, seq -> redemptions.redeem(redeemRoute, pool)), Figure::plus);
    }

    private void measureSignUps(int n, GatewayBrowser.Route signupRoute) {
        signedUp.merge(n, measured("Sign-ups", n, Long.MAX_VALUE, signup, seq -> signUp(signupRoute)), Figure::plus);
    }

    /** One window of n clients, with the CPU the first n instances of the function used during it. */
    private Figure measured(String what, int n, long maxJourneys, List<PackagedFunction> instances, ClosedLoop.Request journey) {
        List<Long> pids = instances.subList(0, n).stream().map(PackagedFunction::pid).toList();
        long cpuBefore = ProcessCpu.millis(pids);
        ClosedLoop.Result result = ClosedLoop.run(n, maxJourneys, WINDOW, journey);
        long cpu = ProcessCpu.millis(pids) - cpuBefore;
        if (result.failures() > 0) {
            System.err.println(what + " with " + n + " instance(s): " + result.failures() + " failed, the first: " + result.firstFailure());
        }
        failures.addAndGet(result.failures());
        return new Figure(result, cpu / (double) Math.max(1, result.count()));
    }

    /** One whole sign-up of someone new, and the application's code exchange; true when the application got tokens. */
    private boolean signUp(GatewayBrowser.Route signupRoute) throws Exception {
        String address = "signup-" + people.incrementAndGet() + "@outlook.com";
        RelyingParty.SignIn signIn = app.signIn();
        AppSignUpJourney tab = new AppSignUpJourney(signupRoute, deployment.microsoft());
        try {
            GatewayResponse form = tab.toAttributes(AppSignUpJourney.create(signIn.request()), LocalMicrosoftAccount.Account.of(address));
            GatewayResponse atApp = tab.tab().expect(tab.submit(form, Map.of("city", "Utrecht")), 303, null);
            AuthenticationResponse received = app.received(atApp);
            if (!received.indicatesSuccess() || !signIn.state().equals(received.getState())) {
                return false;
            }
            invocationsPerSignUp.set(tab.tab().invocations() + 1);
            return app.exchange(signupRoute, received.toSuccessResponse().getAuthorizationCode()).indicatesSuccess();
        } catch (GatewayBrowser.UnexpectedAnswer e) {
            if (failures.get() < 3) {
                System.err.println("Sign-up failed: " + e.getMessage());
            }
            return false;
        }
    }

    private String markdown(Instant started, String loadBefore, String loadAfter, int connectorCalls) {
        StringBuilder md = new StringBuilder();
        md.append("## Benchmark: self-service sign-ups beside redemptions, packaged functions\n\n");
        md.append("`./mvnw -B verify -Pbenchmark -Dit.test=SignUpBenchmark`, ").append(started).append(" to ").append(Instant.now())
                .append(". function.zip under AWS's runtime interface client with each role's JVM options from infra/roles.json, ")
                .append("API Gateway v2 events through a local Runtime API (each event to an idle instance of the function), ")
                .append("one embedded PostgreSQL, the Microsoft account stand-in and the API connector server in or beside the ")
                .append("load client, all on this machine. Closed loop, n clients for n instances; each row two windows of ")
                .append(WINDOW.toSeconds()).append(" s (order: redemptions, sign-ups, sign-ups, redemptions) after a warm-up.\n\n");
        md.append("A redemption: ").append(redemptions.invocationsPerRedemption()).append(" invocations of a redeem instance + 1 ")
                .append("authorize at the stand-in. A sign-up: ").append(invocationsPerSignUp.get()).append(" invocations of a signup ")
                .append("instance (the code exchange included) + 1 authorize at the stand-in + 2 connector calls (HTTPS, Basic). ")
                .append("CPU per journey: utime + stime of the serving instances over the window (PostgreSQL, the stand-in and the ")
                .append("connector are in neither).\n\n");
        md.append("| Instances, clients | Measure | Whole redemption | Whole sign-up | Sign-up / redemption |\n|---|---|---|---|---|\n");
        for (int n : redeemed.keySet()) {
            Figure r = redeemed.get(n);
            Figure s = signedUp.get(n);
            String at = n + ", " + n;
            md.append(row(at, "p50", ms(r.result().percentileMillis(50)), ms(s.result().percentileMillis(50)),
                    ratio(s.result().percentileMillis(50), r.result().percentileMillis(50))));
            md.append(row(at, "p95", ms(r.result().percentileMillis(95)), ms(s.result().percentileMillis(95)),
                    ratio(s.result().percentileMillis(95), r.result().percentileMillis(95))));
            md.append(row(at, "per second", perSecond(r.result()), perSecond(s.result()), ratio(s.result().perSecond(), r.result().perSecond())));
            md.append(row(at, "CPU per journey", ms(r.cpuMillisPerJourney()), ms(s.cpuMillisPerJourney()),
                    ratio(s.cpuMillisPerJourney(), r.cpuMillisPerJourney())));
        }
        md.append(String.format(Locale.ROOT, "%nTarget (a sign-up's latency at most %.1f × a redemption's, p50, same run):", TARGET_RATIO));
        for (int n : redeemed.keySet()) {
            double latencyRatio = signedUp.get(n).result().percentileMillis(50) / redeemed.get(n).result().percentileMillis(50);
            md.append(String.format(Locale.ROOT, " %d instance(s) %.2f × — %s;", n, latencyRatio,
                    latencyRatio <= TARGET_RATIO ? "met" : "**not met**"));
        }
        md.append("\n");
        md.append("\nFailed journeys: ").append(failures.get()).append(". Connector calls answered: ").append(connectorCalls)
                .append(".\n\nLoad average (`/proc/loadavg`) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append(".\n\n").append(BenchmarkReport.machine()).append("\n");
        return md.toString();
    }

    private static String row(String at, String measure, String redemption, String signUp, String ratio) {
        return "| " + at + " | " + measure + " | " + redemption + " | " + signUp + " | " + ratio + " |\n";
    }

    private static String perSecond(ClosedLoop.Result result) {
        return String.format(Locale.ROOT, "%.1f /s (%d in %.1f s)", result.perSecond(), result.count(), result.elapsedNanos() / 1e9);
    }

    private static String ratio(double signUp, double redemption) {
        return String.format(Locale.ROOT, "%.2f ×", signUp / redemption);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
