package io.guestpass.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.ApiGatewayEvents;
import io.guestpass.fixtures.AppSignInJourney;
import io.guestpass.fixtures.GatewayBrowser;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.KeycloakPeer;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.RelyingParty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 9's benchmark: token grants of Guestpass's OpenID Connect provider on packaged signup instances (AWS's runtime
 * interface client, the JVM flags infra/ gives Lambda, API Gateway events through a local Runtime API, one embedded
 * PostgreSQL) beside Keycloak's client-credentials grant (production mode, its own embedded PostgreSQL, plain HTTP), in
 * one run: {@code ./mvnw -B verify -Pbenchmark}. Writes {@code target/benchmark-signin.md}.
 *
 * <p>Every figure is the median of {@link #RUNS} runs; the runs interleave the peers so both see the same machine. CPU
 * per request is the measured processes' utime + stime over the measured window (the packaged instances; kc.sh and
 * Keycloak's JVM), divided by the requests answered — PostgreSQL's own CPU is in neither. A grant Guestpass does not offer yet is
 * reported "not measured" with the server's own answer, never with a number. Only failures of what works fail the run.
 */
class SignInBenchmark {

    static final int RUNS = 3;
    static final Duration GRANT_WINDOW = Duration.ofSeconds(8);
    static final int KEYCLOAK_WARM_UP = 3_000;
    static final int GRANT_WARM_UP = 600;
    static final int CODES_PER_CLIENT = 120;
    static final int CODE_WARM_UP = 120;
    static final int RETURNING_SIGN_INS_PER_CLIENT = 60;
    static final int PROFILED_EXCHANGES = 200;
    static final Duration CODE_MAKING = Duration.ofSeconds(25);
    static final int GUESTS = 4;
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final String REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/signin-oidc";
    /** Guestpass's own API as a client-credentials resource: its token audience, as Entra's {@code <resource>/.default}. */
    static final String API_SCOPE = PackagedDeployment.AUDIENCE + "/.default";
    static final String SESSION_COOKIE = "__Host-guestpass-session";

    /** One run of one measure: the load's result and the CPU the serving processes used per answered request. */
    record Sample(ClosedLoop.Result result, double cpuMillisPerRequest) {
    }

    private PackagedDeployment deployment;
    private KeycloakPeer keycloak;
    private String tokenPath;
    private OIDCProviderMetadata provider;
    private PackagedDeployment.RegisteredApplication app;
    private List<PackagedDeployment.Instance> signup;
    private final List<LocalMicrosoftAccount.Account> guests = new ArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final Map<String, List<Sample>> figures = new LinkedHashMap<>();
    private final Map<String, String> notMeasured = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Map<String, Long> profile;
    private String profileWorkload;
    private final Map<String, Double> databasePerExchange = new TreeMap<>();

    @Test
    void measure() throws Exception {
        String loadBefore = BenchmarkReport.loadAverage();
        try {
            keycloak = KeycloakPeer.start(Duration.ofMinutes(6));
            notes.add(String.format(Locale.ROOT, "Keycloak ready %.1f s after kc.sh start --optimized.", keycloak.startup().toMillis() / 1000.0));
            deploy();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            String clientCredentials = clientCredentialsBlocked();
            String refresh = refreshBlocked();
            String returning = returningGuestBlocked();

            // warm-up, not measured: Keycloak compiles with C2 (full JIT); the instances run C1 only, as on Lambda
            failures.addAndGet(ClosedLoop.run(2, KEYCLOAK_WARM_UP, Duration.ofMinutes(3), seq -> keycloak.grant(http)).failures());
            BlockingQueue<String> warmCodes = codes(CODE_WARM_UP, "openid profile email");
            failures.addAndGet(ClosedLoop.run(2, warmCodes.size(), Duration.ofMinutes(1), exchanges(pooled(), warmCodes)).failures());
            if (clientCredentials == null) {
                failures.addAndGet(ClosedLoop.run(2, GRANT_WARM_UP, Duration.ofMinutes(2), seq -> clientCredentialsGrant(pooled())).failures());
            }
            for (int run = 1; run <= RUNS; run++) {
                measureKeycloak(http);
                if (clientCredentials == null) {
                    measureClientCredentials();
                }
                measureCodeExchanges();
                if (refresh == null) {
                    measureRefreshes();
                }
                if (returning == null) {
                    measureReturningGuest();
                }
                record("Guestpass discovery document (no database, no signing: the event path's floor), 1 instance, 1 client",
                        1, 2_000, GRANT_WINDOW, pids(1), seq -> discovery(signup.get(0).route()));
            }
            skip("Guestpass client-credentials grant, 1 and 2 instances", clientCredentials);
            skip("Guestpass refresh_token grant, 1 and 2 instances", refresh);
            skip("Whole browser sign-in of a returning guest with an SSO session", returning);
            profile(clientCredentials == null);
        } finally {
            if (deployment != null) {
                deployment.close();
            }
            if (keycloak != null) {
                keycloak.close();
            }
        }
        String markdown = markdown(loadBefore, BenchmarkReport.loadAverage());
        Files.writeString(Paths.get("target", "benchmark-signin.md"), markdown);
        System.out.println(markdown);
        assertEquals(0, failures.get(), "requests that failed during the benchmark");
    }

    /** The Guestpass side: migrated schema, an invite and two signup instances, the application, accepted guests. */
    private void deploy() throws Exception {
        deployment = new PackagedDeployment("bench-signin");
        assertEquals(200, deployment.migrate().status(), "migration");
        PackagedDeployment.Instance invite = deployment.start("invite", 1).get(0);
        signup = deployment.start("signup", 2);
        deployment.awaitReady(START_TIMEOUT);
        assertEquals(204, deployment.allowRedirectOrigin(invite.api()).status(), "invitation policy");
        app = deployment.registerWebApplication(invite.api(), "Benchmark Portal", REDIRECT_URI);
        tokenPath = "/" + deployment.directoryId() + "/oauth2/v2.0/token";
        provider = RelyingParty.discover(signup.get(0).route(), deployment.directoryId());
        GatewayResponse granted = GatewayBrowser.via(invite.api()).send(ApiGatewayEvents.patch("/v1.0/applications/" + app.objectId())
                .bearer(globalAdministrator()).json("{\"grantedPermissions\":[\"User.Invite.All\"]}"));
        if (granted.status() != 204) {
            notes.add("PATCH /v1.0/applications/{id} with grantedPermissions answered " + granted.status() + ": " + abbreviate(granted.body()));
        }
        for (int i = 1; i <= GUESTS; i++) {
            String address = "bench-guest-" + i + "@outlook.com";
            GatewayResponse invited = deployment.invite(invite.api(), address);
            assertEquals(201, invited.status(), invited::toString);
            LocalMicrosoftAccount.Account account = LocalMicrosoftAccount.Account.of(address);
            AppSignInJourney tab = new AppSignInJourney(pooled(), deployment.microsoft());
            tab.tab().expect(tab.accept(tab.signIn(authorizationRequest("openid profile email", new State()), account)), 303, null);
            guests.add(account);
        }
    }

    // --- Keycloak ---------------------------------------------------------------------------------------------------

    private void measureKeycloak(HttpClient http) {
        for (int clients : new int[] {1, 2}) {
            record("Keycloak client-credentials grant, concurrency " + clients, clients, Long.MAX_VALUE, GRANT_WINDOW,
                    keycloak.pids(), seq -> keycloak.grant(http));
        }
    }

    // --- client credentials -----------------------------------------------------------------------------------------

    /** Null when Guestpass grants client credentials to the benchmark application; otherwise why not, in its words. */
    private String clientCredentialsBlocked() {
        GatewayResponse answer = signup.get(0).route().send(ApiGatewayEvents.post(tokenPath).form(clientCredentialsForm()));
        return answer.status() == 200 && answer.json().hasNonNull("access_token") ? null : refusal(answer);
    }

    private void measureClientCredentials() {
        record("Guestpass client-credentials grant, 1 instance, 1 client", 1, Long.MAX_VALUE, GRANT_WINDOW, pids(1),
                seq -> clientCredentialsGrant(signup.get(0).route()));
        record("Guestpass client-credentials grant, 2 instances, 2 clients", 2, Long.MAX_VALUE, GRANT_WINDOW, pids(2),
                seq -> clientCredentialsGrant(pooled()));
    }

    private boolean clientCredentialsGrant(GatewayBrowser.Route via) {
        return tokens(via, clientCredentialsForm()) != null;
    }

    private String clientCredentialsForm() {
        return form(Map.of("grant_type", "client_credentials", "client_id", app.clientId(), "client_secret", app.secret(),
                "scope", API_SCOPE));
    }

    // --- authorization codes ----------------------------------------------------------------------------------------

    private void measureCodeExchanges() {
        BlockingQueue<String> one = codes(CODES_PER_CLIENT, "openid profile email");
        record("Guestpass authorization-code exchange, 1 instance, 1 client", 1, one.size(), Duration.ofSeconds(50), pids(1),
                exchanges(signup.get(0).route(), one));
        BlockingQueue<String> two = codes(2 * CODES_PER_CLIENT, "openid profile email");
        record("Guestpass authorization-code exchange, 2 instances, 2 clients", 2, two.size(), Duration.ofSeconds(50), pids(2),
                exchanges(pooled(), two));
    }

    private ClosedLoop.Request exchanges(GatewayBrowser.Route via, BlockingQueue<String> codes) {
        return seq -> {
            String code = codes.poll();
            return code != null && exchange(via, code) != null;
        };
    }

    /** The application's token request for a code (client_secret_post); the answer's JSON when it holds tokens. */
    private JsonNode exchange(GatewayBrowser.Route via, String code) {
        return tokens(via, form(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
                "client_id", app.clientId(), "client_secret", app.secret())));
    }

    /**
     * Fresh codes, made beforehand (not measured) by whole sign-ins of the accepted guests through both instances, two
     * at a time: each the application's authorization request, the provider page, the Microsoft account round trip and
     * the redirect to the application. Codes live 60 s: at most {@link #CODE_MAKING} is spent making them (fewer come
     * back on a slow machine), and callers use them at once.
     */
    private BlockingQueue<String> codes(int count, String scope) {
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        ClosedLoop.Result made = ClosedLoop.run(2, count, CODE_MAKING, seq -> {
            State state = new State();
            AppSignInJourney tab = new AppSignInJourney(pooled(), deployment.microsoft());
            GatewayResponse atApp = tab.signIn(authorizationRequest(scope, state), guests.get((int) (seq % guests.size())));
            out.add(codeAt(tab.tab().expect(atApp, 303, null), state));
            return true;
        });
        if (made.failures() > 0 || out.isEmpty()) {
            throw new IllegalStateException(made.failures() + " of " + count + " codes could not be made, the first: " + made.firstFailure());
        }
        return out;
    }

    // --- refresh tokens (contract: offline_access yields a refresh token, rotated on every use) -----------------------

    /** Null when a code asked with offline_access brings a refresh token that refreshes; otherwise why not. */
    private String refreshBlocked() {
        BlockingQueue<String> refreshTokens;
        try {
            refreshTokens = refreshTokens(1);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        GatewayResponse answer = signup.get(0).route().send(ApiGatewayEvents.post(tokenPath).form(refreshForm(refreshTokens.poll())));
        return answer.status() == 200 && answer.json().hasNonNull("access_token") ? null : refusal(answer);
    }

    private void measureRefreshes() {
        BlockingQueue<String> one = refreshTokens(1);
        record("Guestpass refresh_token grant, 1 instance, 1 client", 1, Long.MAX_VALUE, GRANT_WINDOW, pids(1),
                seq -> refresh(signup.get(0).route(), one));
        BlockingQueue<String> two = refreshTokens(2);
        record("Guestpass refresh_token grant, 2 instances, 2 clients", 2, Long.MAX_VALUE, GRANT_WINDOW, pids(2),
                seq -> refresh(pooled(), two));
    }

    /** One refresh with a token of the pool; the rotated token goes back into it. */
    private boolean refresh(GatewayBrowser.Route via, BlockingQueue<String> pool) {
        String token = pool.poll();
        if (token == null) {
            return false;
        }
        JsonNode answer = tokens(via, refreshForm(token));
        pool.add(answer != null && answer.hasNonNull("refresh_token") ? answer.path("refresh_token").asText() : token);
        return answer != null;
    }

    /** {@code count} refresh tokens, each from its own sign-in with offline_access (not measured). */
    private BlockingQueue<String> refreshTokens(int count) {
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        List<String> codes;
        try {
            codes = new ArrayList<>(codes(count, "openid offline_access"));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("a sign-in asking for offline_access did not reach the application: " + e.getMessage());
        }
        for (String code : codes) {
            JsonNode tokens = exchange(signup.get(0).route(), code);
            if (tokens == null || !tokens.hasNonNull("refresh_token")) {
                throw new IllegalStateException("the code exchange of a sign-in with offline_access returned no refresh_token");
            }
            out.add(tokens.path("refresh_token").asText());
        }
        return out;
    }

    private String refreshForm(String refreshToken) {
        return form(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", app.clientId(),
                "client_secret", app.secret()));
    }

    // --- a returning guest (contract: the SSO session cookie skips the provider page and Microsoft) --------------------

    /** Null when a second authorization request in a signed-in browser returns a code at once; otherwise why not. */
    private String returningGuestBlocked() {
        AppSignInJourney tab = signedInTab(0);
        if (!tab.tab().cookies().names().contains(SESSION_COOKIE)) {
            return "no " + SESSION_COOKIE + " cookie after a sign-in (cookies: " + tab.tab().cookies().names() + ")";
        }
        State state = new State();
        GatewayResponse answer = tab.tab().open(authorizationRequest("openid profile email", state).toString());
        if (answer.status() == 200) {
            return "the authorization request with the " + SESSION_COOKIE + " cookie still shows the provider page";
        }
        return answer.status() == 302 || answer.status() == 303 ? null : "the authorization request answered " + answer.status();
    }

    private void measureReturningGuest() {
        for (int clients : new int[] {1, 2}) {
            BlockingQueue<AppSignInJourney> tabs = new LinkedBlockingQueue<>();
            for (int i = 0; i < clients; i++) {
                tabs.add(signedInTab(i));
            }
            GatewayBrowser.Route via = clients == 1 ? signup.get(0).route() : pooled();
            record("Whole sign-in of a returning guest (authorize with the SSO session + code exchange), " + clients
                    + " instance(s), " + clients + " client(s)", clients, (long) RETURNING_SIGN_INS_PER_CLIENT * clients,
                    Duration.ofSeconds(60), pids(clients), seq -> returningSignIn(tabs, via));
        }
    }

    /** The browser's authorization request with its session cookie, straight back to the application, and the app's exchange. */
    private boolean returningSignIn(BlockingQueue<AppSignInJourney> tabs, GatewayBrowser.Route via) {
        AppSignInJourney tab = tabs.poll();
        if (tab == null) {
            return false;
        }
        try {
            State state = new State();
            GatewayResponse atApp = tab.tab().open(authorizationRequest("openid profile email", state).toString());
            if (atApp.status() != 302 && atApp.status() != 303) {
                return false;
            }
            return exchange(via, codeAt(atApp, state)) != null;
        } finally {
            tabs.add(tab);
        }
    }

    /** A browser tab in which guest {@code i} signed in once (the whole journey), holding what the provider left in it. */
    private AppSignInJourney signedInTab(int i) {
        AppSignInJourney tab = new AppSignInJourney(signup.get(0).route(), deployment.microsoft());
        State state = new State();
        GatewayResponse atApp = tab.signIn(authorizationRequest("openid profile email", state), guests.get(i % guests.size()));
        if (exchange(signup.get(0).route(), codeAt(tab.tab().expect(atApp, 303, null), state)) == null) {
            throw new IllegalStateException("the first sign-in's code was not exchanged");
        }
        return tab;
    }

    // --- where the time goes ----------------------------------------------------------------------------------------

    /**
     * A Flight Recorder profile of instance 1 around {@link #PROFILED_EXCHANGES} requests of one client (client
     * credentials when they work, code exchanges otherwise), and what those requests did in PostgreSQL (its statistics
     * views: transactions, and per table index/sequential scans and rows written).
     */
    private void profile(boolean clientCredentials) throws Exception {
        GatewayBrowser.Route one = signup.get(0).route();
        BlockingQueue<String> codes = clientCredentials ? null : codes(PROFILED_EXCHANGES, "openid profile email");
        profileWorkload = (clientCredentials ? PROFILED_EXCHANGES : codes.size()) + (clientCredentials ? " client-credentials grants" : " authorization-code exchanges")
                + " on instance 1, one client";
        Map<String, Long> before = databaseCounters();
        CpuProfile recording = CpuProfile.start(signup.get(0).function().pid(), "bench-signin-profile");
        ClosedLoop.Result result = ClosedLoop.run(1, clientCredentials ? PROFILED_EXCHANGES : codes.size(), Duration.ofSeconds(30),
                clientCredentials ? seq -> clientCredentialsGrant(one) : exchanges(one, codes));
        failures.addAndGet(result.failures());
        profile = recording.stop();
        Map<String, Long> after = databaseCounters();
        after.forEach((k, v) -> {
            long delta = v - before.getOrDefault(k, 0L);
            if (delta > 0) {
                databasePerExchange.put(k, delta / (double) result.count());
            }
        });
        notes.add("Profile recording: " + recording.file() + " (open with JDK Mission Control or `jfr print`).");
    }

    /**
     * PostgreSQL's cumulative statistics, read after 11 s of quiet: a backend reports its counters when it has been idle
     * for 10 s (PostgreSQL 15 and later), so this includes everything the pool's connections did before.
     */
    private Map<String, Long> databaseCounters() throws SQLException, InterruptedException {
        Thread.sleep(11_000);
        Map<String, Long> counters = new TreeMap<>();
        try (Connection c = deployment.database().getConnection()) {
            try (ResultSet rs = c.createStatement().executeQuery("select xact_commit + xact_rollback from pg_stat_database where datname = 'postgres'")) {
                rs.next();
                counters.put("transactions", rs.getLong(1));
            }
            try (ResultSet rs = c.createStatement().executeQuery("select relname, coalesce(idx_scan, 0), coalesce(seq_scan, 0), "
                    + "n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables")) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    counters.put(table + " index scans", rs.getLong(2));
                    counters.put(table + " sequential scans", rs.getLong(3));
                    counters.put(table + " rows inserted", rs.getLong(4));
                    counters.put(table + " rows updated", rs.getLong(5));
                    counters.put(table + " rows deleted", rs.getLong(6));
                }
            }
        }
        return counters;
    }

    // --- plumbing ---------------------------------------------------------------------------------------------------

    /** Runs one measure and keeps its sample; failures count against the run. */
    private void record(String measure, int clients, long maxRequests, Duration window, List<Long> pids, ClosedLoop.Request request) {
        long cpuBefore = ProcessCpu.millis(pids);
        ClosedLoop.Result result = ClosedLoop.run(clients, maxRequests, window, request);
        long cpu = ProcessCpu.millis(pids) - cpuBefore;
        if (result.failures() > 0) {
            System.err.println(measure + ": " + result.failures() + " failed requests, the first: " + result.firstFailure());
        }
        failures.addAndGet(result.failures());
        figures.computeIfAbsent(measure, m -> new ArrayList<>()).add(new Sample(result, cpu / (double) Math.max(1, result.count())));
    }

    private void skip(String measure, String reason) {
        if (reason != null) {
            notMeasured.put(measure, reason);
        }
    }

    /** The token endpoint's answer to a form along {@code via}: its JSON when it holds an access token, else null. */
    private JsonNode tokens(GatewayBrowser.Route via, String form) {
        GatewayResponse answer = via.send(ApiGatewayEvents.post(tokenPath).form(form));
        if (answer.status() != 200) {
            return null;
        }
        JsonNode json = answer.json();
        return json.hasNonNull("access_token") ? json : null;
    }

    private boolean discovery(GatewayBrowser.Route via) {
        return via.send(ApiGatewayEvents.get("/" + deployment.directoryId() + "/v2.0/.well-known/openid-configuration")).status() == 200;
    }

    /** The application's authorization request (code flow) for these scopes. */
    private URI authorizationRequest(String scope, State state) {
        return new AuthenticationRequest.Builder(new ResponseType("code"), Scope.parse(scope), new ClientID(app.clientId()),
                URI.create(REDIRECT_URI)).endpointURI(provider.getAuthorizationEndpointURI()).state(state).nonce(new Nonce())
                .build().toURI();
    }

    /** The code in the redirect to the application, its state checked. */
    private static String codeAt(GatewayResponse atApp, State state) {
        String location = atApp.header("Location");
        if (location == null || !location.startsWith(REDIRECT_URI + "?")) {
            throw new IllegalStateException("not sent to the application: " + atApp);
        }
        try {
            AuthenticationResponse response = com.nimbusds.openid.connect.sdk.AuthenticationResponseParser.parse(URI.create(location));
            if (!response.indicatesSuccess() || !state.equals(response.getState())) {
                throw new IllegalStateException("no code for this request: " + location);
            }
            return response.toSuccessResponse().getAuthorizationCode().getValue();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalStateException("unreadable redirect: " + location, e);
        }
    }

    /** Whichever of the two signup instances is free, as Lambda gives an event to an idle instance of the function. */
    private GatewayBrowser.Route pooled() {
        return pool.get();
    }

    private final Supplier<GatewayBrowser.Route> pool = new Supplier<>() {
        private GatewayBrowser.Route route;

        @Override
        public synchronized GatewayBrowser.Route get() {
            if (route == null) {
                BlockingQueue<GatewayBrowser.Route> idle = new LinkedBlockingQueue<>(signup.stream().map(PackagedDeployment.Instance::route).toList());
                route = event -> {
                    GatewayBrowser.Route instance;
                    try {
                        instance = idle.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                    try {
                        return instance.call(event);
                    } finally {
                        idle.add(instance);
                    }
                };
            }
            return route;
        }
    };

    private List<Long> pids(int instances) {
        return signup.subList(0, instances).stream().map(i -> i.function().pid()).toList();
    }

    private static String refusal(GatewayResponse answer) {
        JsonNode json;
        try {
            json = answer.json();
        } catch (RuntimeException notJson) {
            return "the token endpoint answered " + answer.status() + ": " + abbreviate(answer.body());
        }
        return json.path("error").asText("HTTP " + answer.status()) + " (" + json.path("error_description").asText("") + ")";
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    // --- report -----------------------------------------------------------------------------------------------------

    private String markdown(String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("## Benchmark: token grants of the OpenID Connect provider, beside Keycloak\n\n");
        md.append("`./mvnw -B verify -Pbenchmark`, ").append(Instant.now()).append(". Guestpass: packaged signup instances ")
                .append("(function.zip under AWS's runtime interface client, the JVM flags infra/ gives Lambda), API Gateway v2 events ")
                .append("through a local Runtime API, one embedded PostgreSQL. Keycloak 26.7.3: `kc.sh start --optimized` (production ")
                .append("mode, built with `--db=postgres --health-enabled=true`; local cache, plain HTTP on loopback) on Temurin 25, its ")
                .append("own embedded PostgreSQL, requests over HTTP/1.1 keep-alive. Closed loop; each figure the median of ")
                .append(RUNS).append(" runs (p50 of the runs in brackets). Client authentication: client_secret_post on both.\n\n");
        md.append("| Measure | p50 | p99 | Throughput | CPU per request |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Sample>> e : figures.entrySet()) {
            List<Sample> runs = e.getValue();
            md.append("| ").append(e.getKey()).append(" (").append(runs.stream().mapToLong(s -> s.result().count()).sum() / runs.size())
                    .append(" requests per run) | ").append(ms(median(runs, s -> s.result().percentileMillis(50))))
                    .append(" [").append(runs.stream().map(s -> ms(s.result().percentileMillis(50))).collect(Collectors.joining(", ")))
                    .append("] | ").append(ms(median(runs, s -> s.result().percentileMillis(99))))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f /s", median(runs, s -> s.result().perSecond())))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f ms", median(runs, Sample::cpuMillisPerRequest))).append(" |\n");
        }
        notMeasured.forEach((measure, reason) -> md.append("| ").append(measure).append(" | not measured: ").append(reason)
                .append(" | | | |\n"));
        md.append("\n").append(target()).append("\n");
        if (profile != null) {
            long total = profile.values().stream().mapToLong(Long::longValue).sum();
            md.append("\n### Where the time goes: ").append(profileWorkload).append("\n\n");
            md.append("Flight Recorder (`settings=profile`, started and dumped with jcmd around the workload) on instance 1: ")
                    .append(total).append(" CPU samples, each given to the nearest library on its stack (leaf first).\n\n");
            md.append("| Where | Samples | Share |\n|---|---|---|\n");
            profile.forEach((where, n) -> md.append("| ").append(where).append(" | ").append(n).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f %%", total == 0 ? 0.0 : 100.0 * n / total)).append(" |\n"));
            md.append("\nPostgreSQL per request (statistics views, deltas over the workload):\n\n");
            databasePerExchange.forEach((counter, perRequest) -> md.append("- ").append(counter).append(": ")
                    .append(String.format(Locale.ROOT, "%.2f", perRequest)).append("\n"));
        }
        md.append("\n");
        notes.forEach(n -> md.append(n).append("\n"));
        md.append("\nLoad average (`uptime`) before: ").append(loadBefore).append("; after: ").append(loadAfter).append(". ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs.\n");
        return md.toString();
    }

    private String target() {
        List<Sample> keycloakOne = figures.get("Keycloak client-credentials grant, concurrency 1");
        List<Sample> ours = figures.get("Guestpass client-credentials grant, 1 instance, 1 client");
        if (keycloakOne == null) {
            return "Target (warm client-credentials grant on one instance at or below Keycloak's p50 at concurrency 1): not measured.";
        }
        double theirs = median(keycloakOne, s -> s.result().percentileMillis(50));
        if (ours == null) {
            return "Target (warm client-credentials grant on one instance ≤ Keycloak's p50 at concurrency 1, " + ms(theirs)
                    + "): not measured — Guestpass's client-credentials grant is not available in this build.";
        }
        double mine = median(ours, s -> s.result().percentileMillis(50));
        return "Target (warm client-credentials grant on one instance ≤ Keycloak's p50 at concurrency 1): " + ms(mine) + " vs "
                + ms(theirs) + " — " + (mine <= theirs ? "met" : "**not met**") + ".";
    }

    private static double median(List<Sample> runs, java.util.function.ToDoubleFunction<Sample> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }

    /** Only a Global Administrator (a person) may grant an application permissions. */
    private String globalAdministrator() {
        return deployment.openId().accessToken(java.util.Map.of("sub", "ga-benchmark", "azp", "admin-portal",
                "scp", "Application.ReadWrite.All", "directoryRoles", java.util.List.of("Global Administrator")));
    }
}
