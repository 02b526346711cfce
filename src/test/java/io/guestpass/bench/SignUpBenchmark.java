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
import io.guestpass.fixtures.PasscodeInbox;
import io.guestpass.fixtures.ProviderSignIn;
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
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Beside each, the same journey with the email passcode instead of the Microsoft account (issue 11): "Send code" (for
 * the invited address, or the typed one on sign-up), the code read from the mail, the code page, then on as before. The
 * redeem and signup functions only queue the mail; a packaged worker instance sends it to the deployment's SMTP server
 * (GreenMail in this JVM) on its run, which the load client starts right after "Send code" — in AWS the schedule starts
 * it, every minute — and the client reads the code from the address's mailbox. That delivery is part of the measured
 * journey and is also reported on its own. Each passcode journey comes from a client address of its own (the per-source
 * limit counts addresses, as it would for many people).
 *
 * <p>With 1 and then 2 instances of each function (n clients, closed loop, each event to whichever instance of the
 * function is idle), each measure runs twice, in the order redemptions, passcode redemptions, sign-ups, passcode sign-ups
 * and then the reverse, so that a change of the shared machine's load during the run falls on all alike; the two
 * windows are reported as one. Targets are reported, never enforced: only failed journeys fail the run.
 */
class SignUpBenchmark {

    static final int WARM_UP = 300;
    static final int WARM_UP_ADDED_INSTANCE = 300;
    static final Duration WINDOW = Duration.ofSeconds(12);
    static final int INVITATIONS_PER_WINDOW_AND_INSTANCE = 500;
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final String REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/signin-oidc";
    static final double TARGET_RATIO = 1.5;

    /**
     * What one kind of journey measured with a number of instances: the load's result, the serving instances' CPU and the
     * worker's (passcode journeys: its runs that sent the codes) per journey.
     */
    record Figure(ClosedLoop.Result result, double cpuMillisPerJourney, double workerCpuMillisPerJourney) {

        Figure plus(Figure other) {
            ClosedLoop.Result both = result.plus(other.result);
            return new Figure(both, weighted(cpuMillisPerJourney, other.cpuMillisPerJourney, other, both),
                    weighted(workerCpuMillisPerJourney, other.workerCpuMillisPerJourney, other, both));
        }

        private double weighted(double mine, double theirs, Figure other, ClosedLoop.Result both) {
            return (mine * result.count() + theirs * other.result.count()) / Math.max(1, both.count());
        }
    }

    /** The kinds of journey measured, in the order of a round's first half. */
    enum Kind { REDEMPTION, PASSCODE_REDEMPTION, SIGN_UP, PASSCODE_SIGN_UP }

    private PackagedDeployment deployment;
    private Redemptions redemptions;
    private RelyingParty app;
    private final List<PackagedFunction> redeem = new ArrayList<>();
    private final List<PackagedFunction> signup = new ArrayList<>();
    private PackagedFunction worker;
    private PasscodeInbox inbox;
    /** How long each passcode journey's delivery took: the worker's run, SMTP to GreenMail, reading the mailbox. */
    private final Queue<Long> deliveryNanos = new ConcurrentLinkedQueue<>();
    private int mailsReceived;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong people = new AtomicLong();
    private final AtomicInteger invocationsPerSignUp = new AtomicInteger();
    private final AtomicInteger invocationsPerPasscodeSignUp = new AtomicInteger();
    private final Map<Kind, Map<Integer, Figure>> figures = new EnumMap<>(Kind.class);

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
        LambdaRuntimeApi workerApi = new LambdaRuntimeApi();
        PackagedFunction invite = null;
        try {
            assertEquals(200, deployment.migrate().status(), "migration");
            worker = PackagedFunction.start("bench-signup-worker", workerApi, deployment.environment("worker"));
            worker.awaitReady(START_TIMEOUT);
            inbox = new PasscodeInbox(deployment.smtp(), GatewayBrowser.via(workerApi));
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
                List<Kind> order = new ArrayList<>(List.of(Kind.values()));
                for (int round = 1; round <= 2; round++) {
                    for (Kind kind : order) {
                        measure(kind, n, redeemRoute, signupRoute);
                    }
                    Collections.reverse(order);
                }
            }
        } finally {
            signup.forEach(PackagedFunction::close);
            redeem.forEach(PackagedFunction::close);
            if (invite != null) {
                invite.close();
            }
            if (worker != null) {
                worker.close();
            }
            workerApi.close();
            signupApi.close();
            redeemApi.close();
            inviteApi.close();
            mailsReceived = deployment.smtp().getReceivedMessages().length; // gone with the deployment
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
        admin.offer(flow, "EmailOtpSignup-OAUTH");
        admin.collect(flow, "city", "City", false);
        admin.collect(flow, "displayName", "Display name", false);
        admin.link(flow, portal.objectId());
        admin.bind(flow, "postFederationSignup", admin.basicConnector("Prefill", connector.url("/post-federation"), "guestpass", "bench"));
        admin.bind(flow, "postAttributeCollection", admin.basicConnector("Check", connector.url("/post-attributes"), "guestpass", "bench"));
        app = new RelyingParty(RelyingParty.discover(signupRoute, deployment.directoryId()), portal, REDIRECT_URI);
    }

    /** Not measured: each kind of journey {@code count} times with n clients (C1, then C2 where a role's flags allow it). */
    private void warmUp(int n, int count, GatewayBrowser.Route redeemRoute, GatewayBrowser.Route signupRoute) {
        for (Kind kind : Kind.values()) {
            ClosedLoop.Result warm = ClosedLoop.run(n, count, Duration.ofMinutes(5), journey(kind, n, count, redeemRoute, signupRoute));
            if (warm.failures() > 0) {
                System.err.println("Warm-up " + kind + ": " + warm.failures() + " failed, the first: " + warm.firstFailure());
            }
            failures.addAndGet(warm.failures());
        }
        deliveryNanos.clear();
    }

    /**
     * One journey of this kind per request; a redemption kind redeems invitations made now (not measured) through the invite
     * instance, {@code journeys} of them (at most that many requests then).
     */
    private ClosedLoop.Request journey(Kind kind, int n, int journeys, GatewayBrowser.Route redeemRoute, GatewayBrowser.Route signupRoute) {
        return switch (kind) {
            case REDEMPTION -> {
                BlockingQueue<Redemptions.Ticket> pool = redemptions.invitations("n" + n + "-" + people.incrementAndGet(), journeys);
                yield seq -> redemptions.redeem(redeemRoute, pool);
            }
            case PASSCODE_REDEMPTION -> {
                BlockingQueue<Redemptions.Ticket> pool = redemptions.invitations("n" + n + "-" + people.incrementAndGet(), journeys);
                yield seq -> redemptions.redeemByPasscode(redeemRoute, pool, this::timedCode);
            }
            case SIGN_UP -> seq -> signUp(signupRoute, false);
            case PASSCODE_SIGN_UP -> seq -> signUp(signupRoute, true);
        };
    }

    /** The code for an address as the load client gets it (the worker's run, the mailbox), timed. */
    private String timedCode(String address) {
        long started = System.nanoTime();
        String code = inbox.code(address);
        deliveryNanos.add(System.nanoTime() - started);
        return code;
    }

    /**
     * With {@code -Dbench.profile=true}: a Flight Recorder profile of one sign-up window on signup instance 1 and of one
     * redemption window on redeem instance 1 (target/bench-signup-profile.jfr, target/bench-redeem-profile.jfr), where the
     * CPU of each journey goes; not part of the figures.
     */
    private void profile(GatewayBrowser.Route signupRoute, GatewayBrowser.Route redeemRoute) throws Exception {
        CpuProfile signing = CpuProfile.start(signup.get(0).pid(), "bench-signup-profile");
        ClosedLoop.Result ups = ClosedLoop.run(1, Long.MAX_VALUE, WINDOW, seq -> signUp(signupRoute, false));
        System.err.println("Sign-up profile (" + ups.count() + " sign-ups): " + signing.stop() + " in " + signing.file());
        BlockingQueue<Redemptions.Ticket> pool = redemptions.invitations("profile", INVITATIONS_PER_WINDOW_AND_INSTANCE);
        CpuProfile redeeming = CpuProfile.start(redeem.get(0).pid(), "bench-redeem-profile");
        ClosedLoop.Result downs = ClosedLoop.run(1, pool.size(), WINDOW, seq -> redemptions.redeem(redeemRoute, pool));
        System.err.println("Redemption profile (" + downs.count() + " redemptions): " + redeeming.stop() + " in " + redeeming.file());
    }

    /**
     * One window of n clients of this kind, with the CPU the first n instances of the serving function and the worker used
     * during it.
     */
    private void measure(Kind kind, int n, GatewayBrowser.Route redeemRoute, GatewayBrowser.Route signupRoute) {
        boolean redemption = kind == Kind.REDEMPTION || kind == Kind.PASSCODE_REDEMPTION;
        int maxJourneys = redemption ? INVITATIONS_PER_WINDOW_AND_INSTANCE * n : Integer.MAX_VALUE;
        ClosedLoop.Request journey = journey(kind, n, maxJourneys, redeemRoute, signupRoute);
        List<Long> pids = (redemption ? redeem : signup).subList(0, n).stream().map(PackagedFunction::pid).toList();
        long cpuBefore = ProcessCpu.millis(pids);
        long workerBefore = ProcessCpu.millis(List.of(worker.pid()));
        ClosedLoop.Result result = ClosedLoop.run(n, maxJourneys, WINDOW, journey);
        long cpu = ProcessCpu.millis(pids) - cpuBefore;
        long workerCpu = ProcessCpu.millis(List.of(worker.pid())) - workerBefore;
        if (result.failures() > 0) {
            System.err.println(kind + " with " + n + " instance(s): " + result.failures() + " failed, the first: " + result.firstFailure());
        }
        failures.addAndGet(result.failures());
        double journeys = Math.max(1, result.count());
        figures.computeIfAbsent(kind, k -> new LinkedHashMap<>()).merge(n, new Figure(result, cpu / journeys, workerCpu / journeys),
                Figure::plus);
    }

    /**
     * One whole sign-up of someone new (with the Microsoft account, or with a code mailed to the typed address), and the
     * application's code exchange; true when the application got tokens.
     */
    private boolean signUp(GatewayBrowser.Route signupRoute, boolean byPasscode) throws Exception {
        String address = "signup-" + people.incrementAndGet() + "@outlook.com";
        RelyingParty.SignIn signIn = app.signIn();
        AppSignUpJourney tab = new AppSignUpJourney(signupRoute, deployment.microsoft());
        tab.tab().from(Redemptions.newClientAddress());
        ProviderSignIn provider = byPasscode ? ProviderSignIn.passcode(this::timedCode, address)
                : ProviderSignIn.microsoft(deployment.microsoft(), LocalMicrosoftAccount.Account.of(address));
        try {
            GatewayResponse form = tab.toAttributes(AppSignUpJourney.create(signIn.request()), provider);
            // no provider vouches for a name with a code: the person types the display name the Microsoft account prefills
            Map<String, String> typed = byPasscode ? Map.of("city", "Utrecht", "displayName", "Sam Signup") : Map.of("city", "Utrecht");
            GatewayResponse atApp = tab.tab().expect(tab.submit(form, typed), 303, null);
            AuthenticationResponse received = app.received(atApp);
            if (!received.indicatesSuccess() || !signIn.state().equals(received.getState())) {
                return false;
            }
            (byPasscode ? invocationsPerPasscodeSignUp : invocationsPerSignUp).set(tab.tab().invocations() + 1);
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
        md.append("## Benchmark: self-service sign-ups beside redemptions, Microsoft account and email passcode, packaged functions\n\n");
        md.append("`./mvnw -B verify -Pbenchmark -Dit.test=SignUpBenchmark`, ").append(started).append(" to ").append(Instant.now())
                .append(". function.zip under AWS's runtime interface client with each role's JVM options from infra/roles.json, ")
                .append("API Gateway v2 events through a local Runtime API (each event to an idle instance of the function), ")
                .append("one embedded PostgreSQL, the Microsoft account stand-in, the API connector server and the SMTP server ")
                .append("(GreenMail) in or beside the load client, all on this machine. Closed loop, n clients for n instances; ")
                .append("each cell two windows of ").append(WINDOW.toSeconds()).append(" s (order: redemptions, passcode redemptions, ")
                .append("sign-ups, passcode sign-ups, then the reverse) after a warm-up of each kind.\n\n");
        md.append("A redemption: ").append(redemptions.invocationsPerRedemption()).append(" invocations of a redeem instance + 1 ")
                .append("authorize at the stand-in; by passcode: ").append(redemptions.invocationsPerPasscodeRedemption())
                .append(" invocations + the code's delivery. A sign-up: ").append(invocationsPerSignUp.get())
                .append(" invocations of a signup instance (the code exchange included) + 1 authorize at the stand-in + 2 connector ")
                .append("calls (HTTPS, Basic); by passcode: ").append(invocationsPerPasscodeSignUp.get()).append(" invocations + the ")
                .append("code's delivery + the 2 connector calls. The delivery of a code, inside the measured journey: one run of ")
                .append("the packaged worker (invoked by the load client right after \"Send code\", where AWS's schedule would start ")
                .append("it within a minute), which sends the queued mail over SMTP, then the code read from the address's mailbox. ")
                .append("CPU per journey: utime + stime of the serving instances over the window; the worker's is its own row ")
                .append("(PostgreSQL, the stand-in, the connector and the SMTP server are in none).\n\n");
        md.append("| Instances, clients | Measure | Redemption, Microsoft account | Redemption, passcode | Sign-up, Microsoft account "
                + "| Sign-up, passcode |\n|---|---|---|---|---|---|\n");
        for (int n : figures.get(Kind.REDEMPTION).keySet()) {
            List<Figure> at = java.util.Arrays.stream(Kind.values()).map(kind -> figures.get(kind).get(n)).toList();
            md.append(row(n, "p50", at, f -> ms(f.result().percentileMillis(50))));
            md.append(row(n, "p95", at, f -> ms(f.result().percentileMillis(95))));
            md.append(row(n, "per second", at, f -> perSecond(f.result())));
            md.append(row(n, "CPU per journey, serving instances", at, f -> ms(f.cpuMillisPerJourney())));
            md.append(row(n, "CPU per journey, worker", at, f -> ms(f.workerCpuMillisPerJourney())));
        }
        md.append(String.format(Locale.ROOT, "%nDelivery of a code inside the passcode journeys (worker run + SMTP + mailbox), "
                + "all windows: p50 %s, p95 %s (%d codes).%n", ms(percentileMillis(deliveryNanos, 50)), ms(percentileMillis(deliveryNanos, 95)),
                deliveryNanos.size()));
        md.append(String.format(Locale.ROOT, "%nPasscode / Microsoft account, p50, one instance: redemption %s, sign-up %s.%n",
                ratio(p50(Kind.PASSCODE_REDEMPTION), p50(Kind.REDEMPTION)), ratio(p50(Kind.PASSCODE_SIGN_UP), p50(Kind.SIGN_UP))));
        md.append(String.format(Locale.ROOT, "%nTarget (a sign-up's latency at most %.1f × a redemption's; Microsoft account, p50, same run):",
                TARGET_RATIO));
        for (int n : figures.get(Kind.REDEMPTION).keySet()) {
            double latencyRatio = p50(Kind.SIGN_UP, n) / p50(Kind.REDEMPTION, n);
            md.append(String.format(Locale.ROOT, " %d instance(s) %.2f × — %s;", n, latencyRatio,
                    latencyRatio <= TARGET_RATIO ? "met" : "**not met**"));
        }
        md.append("\n");
        md.append("\nFailed journeys: ").append(failures.get()).append(". Connector calls answered: ").append(connectorCalls)
                .append(". Mails the SMTP server received: ").append(mailsReceived)
                .append(".\n\nLoad average (`/proc/loadavg`) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append(".\n\n").append(BenchmarkReport.machine()).append("\n");
        return md.toString();
    }

    /** p50 of a kind of journey with one instance. */
    private double p50(Kind kind) {
        return p50(kind, 1);
    }

    private double p50(Kind kind, int instances) {
        return figures.get(kind).get(instances).result().percentileMillis(50);
    }

    private static double percentileMillis(Queue<Long> nanos, double percentile) {
        long[] all = nanos.stream().mapToLong(Long::longValue).toArray();
        return new ClosedLoop.Result(all, 0, 1, null).percentileMillis(percentile);
    }

    private static String row(int n, String measure, List<Figure> figures, java.util.function.Function<Figure, String> cell) {
        return "| " + n + ", " + n + " | " + measure + " | " + String.join(" | ", figures.stream().map(cell).toList()) + " |\n";
    }

    private static String perSecond(ClosedLoop.Result result) {
        return String.format(Locale.ROOT, "%.1f /s (%d in %.1f s)", result.perSecond(), result.count(), result.elapsedNanos() / 1e9);
    }

    private static String ratio(double value, double to) {
        return String.format(Locale.ROOT, "%.2f ×", value / to);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
