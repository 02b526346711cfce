package io.guestpass.devmode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * DEVELOPMENT AND TESTS ONLY — never packaged. It is NOT Microsoft and talks to nothing but loopback.
 *
 * <p>A local OpenID Connect server that reproduces Microsoft's personal-account ("consumers") identity platform: the
 * consumers discovery document (with the concrete issuer {@link #ISSUER}), a JWKS shaped like Microsoft's v2 keys,
 * the authorization endpoint (authorization code + PKCE S256, {@code response_mode=query}) with a clearly labelled
 * login page where any address can be typed, the token endpoint (client_secret_post or client_secret_basic,
 * single-use codes, Microsoft-style {@code AADSTS} errors) and ID tokens with Microsoft's personal-account claims
 * ({@code ver} 2.0, {@code tid}, pairwise {@code sub}, {@code oid}, {@code email}, {@code preferred_username},
 * {@code name}, {@code nonce}, {@code aio}; never {@code email_verified}).
 *
 * <p>Tests point {@code quarkus.oidc.msa.auth-server-url} at {@link #authority()} and can break the next ID token in
 * every way a verifier must notice ({@link #tamperNextIdToken}), take the provider down ({@link #setAvailable}) or make it
 * slow ({@link #setResponseDelay}). Paths are Microsoft's, under {@code http://localhost:<port>}.
 */
public class LocalMicrosoftAccount implements AutoCloseable {

    /** The fixed Microsoft account tenant that {@code consumers} is an alias of. */
    public static final String TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";
    public static final String ISSUER = "https://login.microsoftonline.com/" + TENANT_ID + "/v2.0";
    /** A work/school tenant, used by {@link Tamper#WRONG_TID} and {@link Tamper#WRONG_ISSUER}. Made up. */
    public static final String OTHER_TENANT_ID = "3c0f1a2e-5b7d-4e9a-8c61-2f4d9b7e0a15";
    /** Codes live this long, as the brief for this stand-in says. */
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    public static final Duration MAX_RESPONSE_DELAY = Duration.ofMinutes(2);
    public static final String BANNER = "Development stand-in for Microsoft account sign-in — not Microsoft";

    static final String AUTHORIZE_PATH = "/consumers/oauth2/v2.0/authorize";
    static final String TOKEN_PATH = "/consumers/oauth2/v2.0/token";
    static final String LOGOUT_PATH = "/consumers/oauth2/v2.0/logout";
    static final String DISCOVERY_PATH = "/consumers/v2.0/.well-known/openid-configuration";
    static final String KEYS_PATH = "/consumers/discovery/v2.0/keys";
    static final String USERINFO_PATH = "/oidc/userinfo";
    private static final int TOKEN_LIFETIME_SECONDS = 3600;
    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final DateTimeFormatter MS_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A person with a Microsoft account, as the ID token describes them. */
    public record Account(String email, String oid, String name, String preferredUsername) {
        /**
         * The account for this address: {@code oid} is a name-based UUID of the trimmed, lower-cased address (Microsoft
         * accounts are case-insensitive), {@code name} is made from the local part ("ada.lovelace" → "Ada Lovelace"),
         * {@code preferredUsername} is the address.
         */
        public static Account of(String email) {
            String address = email.trim();
            if (address.isEmpty()) {
                throw new IllegalArgumentException("empty email address");
            }
            String oid = UUID.nameUUIDFromBytes(address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)).toString();
            int at = address.indexOf('@');
            String local = at > 0 ? address.substring(0, at) : address;
            StringBuilder name = new StringBuilder();
            for (String part : local.split("[._+-]+")) {
                if (!part.isEmpty()) {
                    if (name.length() > 0) {
                        name.append(' ');
                    }
                    name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
            return new Account(address, oid, name.length() > 0 ? name.toString() : local, address);
        }
    }

    /** Ways to break the next ID token. */
    public enum Tamper { NONE, BAD_SIGNATURE, UNKNOWN_KID, ALG_NONE, WRONG_ISSUER, WRONG_TID, WRONG_AUDIENCE, EXPIRED, WRONG_NONCE, NO_NONCE }

    private record Client(String id, String secret, Set<String> redirectUris) {
    }

    private record Grant(String clientId, String redirectUri, String codeChallenge, String nonce, List<String> scopes,
                         Account account, Instant issuedAt, AtomicBoolean redeemed) {
    }

    private record Session(String clientId, Account account, List<String> scopes, Instant expires) {
    }

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService executor;
    private final RsaJsonWebKey signingKey;
    private final RsaJsonWebKey rolloverKey;
    private final RsaJsonWebKey rogueKey;
    private final String jwksJson;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Session> accessTokens = new ConcurrentHashMap<>();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicReference<Account> nextAccount = new AtomicReference<>();
    private final AtomicReference<Tamper> nextTamper = new AtomicReference<>(Tamper.NONE);
    private volatile boolean available = true;
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile String lastAuthorizeQuery;
    private volatile Clock clock = Clock.systemUTC();

    public LocalMicrosoftAccount(int port, String clientId, String clientSecret, Collection<String> registeredRedirectUris)
            throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            signingKey = newKey(true);
            rolloverKey = newKey(true);
            rogueKey = newKey(false);
            jwksJson = JSON.writeValueAsString(Map.of("keys", List.of(jwk(signingKey), jwk(rolloverKey))));
        } catch (GeneralSecurityException | JoseException e) {
            throw new IOException("cannot make signing keys", e);
        }
        registerClient(clientId, clientSecret, registeredRedirectUris);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "local-microsoft-account");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer primary = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        servers.add(primary);
        int bound = primary.getAddress().getPort();
        // "localhost" may resolve to ::1 first on some machines: answer there too when we can (best effort).
        if (!(InetAddress.getLoopbackAddress() instanceof Inet6Address)) {
            try {
                servers.add(HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), bound), 64));
            } catch (IOException ignored) {
                // no IPv6 loopback here, or the port is taken on it: IPv4 is enough
            }
        }
        for (HttpServer server : servers) {
            server.createContext("/", new Dispatcher());
            server.setExecutor(executor);
            server.start();
        }
    }

    /** Another application registration (its own client id, secret and redirect URIs); its users get other pairwise subs. */
    public void registerClient(String clientId, String clientSecret, Collection<String> redirectUris) {
        clients.put(clientId, new Client(clientId, clientSecret, Set.copyOf(redirectUris)));
    }

    public int port() {
        return servers.get(0).getAddress().getPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** What {@code quarkus.oidc.msa.auth-server-url} is set to. */
    public String authority() {
        return baseUrl() + "/consumers/v2.0";
    }

    /** The next authorize request skips the login page and signs in as this account. */
    public void signInNextAs(Account account) {
        nextAccount.set(account);
    }

    /** Applies to the next ID token issued (the next successful token response) only. */
    public void tamperNextIdToken(Tamper tamper) {
        nextTamper.set(tamper == null ? Tamper.NONE : tamper);
    }

    /** {@code false}: every endpoint answers 503, as in an outage. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** Every answer waits this long first (at most {@link #MAX_RESPONSE_DELAY}). */
    public void setResponseDelay(Duration delay) {
        Duration d = delay == null || delay.isNegative() ? Duration.ZERO : delay;
        this.responseDelay = d.compareTo(MAX_RESPONSE_DELAY) > 0 ? MAX_RESPONSE_DELAY : d;
    }

    /** The clock for token timestamps and code expiry (default: system UTC). */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** Requests that reached the endpoint, answered or not (an outage's 503s count too). */
    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** The raw query string of the last {@code GET /authorize}. */
    public String lastAuthorizeQuery() {
        return lastAuthorizeQuery;
    }

    /** The pairwise {@code sub} Microsoft gives this person in this application. */
    public static String pairwiseSubject(String clientId, String oid) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((clientId + ":" + oid).getBytes(StandardCharsets.UTF_8));
            String sub = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
            return sub.length() > 43 ? sub.substring(0, 43) : sub;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (HttpServer server : servers) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------------- HTTP

    private final class Dispatcher implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                switch (path) {
                    case DISCOVERY_PATH -> discoveryRequests.incrementAndGet();
                    case KEYS_PATH -> jwksRequests.incrementAndGet();
                    case TOKEN_PATH -> tokenRequests.incrementAndGet();
                    default -> { }
                }
                delay();
                if (!available) {
                    exchange.getResponseHeaders().set("Retry-After", "5");
                    error(exchange, 503, "temporarily_unavailable", 90033,
                            "A transient error has occurred. Please try again. (The local Microsoft account stand-in is switched off.)");
                    return;
                }
                switch (path) {
                    case DISCOVERY_PATH -> json(exchange, 200, discovery(), true);
                    case KEYS_PATH -> json(exchange, 200, jwksJson, true);
                    case AUTHORIZE_PATH -> authorize(exchange);
                    case TOKEN_PATH -> token(exchange);
                    case LOGOUT_PATH -> html(exchange, 200, page("Signed out",
                            "<h1>You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>"));
                    case USERINFO_PATH -> userinfo(exchange);
                    default -> html(exchange, 404, page("Not found", "<h1>Not found</h1>"));
                }
            } catch (RuntimeException e) {
                error(exchange, 500, "server_error", 90100, "The local Microsoft account stand-in failed: " + e);
            }
        }
    }

    private void delay() {
        Duration d = responseDelay;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String discovery() {
        String base = baseUrl();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("token_endpoint", base + TOKEN_PATH);
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
        doc.put("jwks_uri", base + KEYS_PATH);
        doc.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        doc.put("subject_types_supported", List.of("pairwise"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        doc.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        doc.put("issuer", ISSUER);
        doc.put("request_uri_parameter_supported", false);
        doc.put("userinfo_endpoint", base + USERINFO_PATH);
        doc.put("authorization_endpoint", base + AUTHORIZE_PATH);
        doc.put("device_authorization_endpoint", base + "/consumers/oauth2/v2.0/devicecode");
        doc.put("http_logout_supported", true);
        doc.put("frontchannel_logout_supported", true);
        doc.put("end_session_endpoint", base + LOGOUT_PATH);
        doc.put("claims_supported", List.of("sub", "iss", "cloud_instance_name", "cloud_instance_host_name",
                "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce",
                "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"));
        doc.put("kerberos_endpoint", base + "/consumers/kerberos");
        doc.put("tenant_region_scope", null);
        doc.put("cloud_instance_name", "microsoftonline.com");
        doc.put("cloud_graph_host_name", "graph.windows.net");
        doc.put("msgraph_host", "graph.microsoft.com");
        doc.put("rbac_url", "https://pas.windows.net");
        return write(doc);
    }

    // ---------------------------------------------------------------------------------------------------- authorize

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> params;
        String email = null;
        boolean post = "POST".equals(exchange.getRequestMethod());
        if ("GET".equals(exchange.getRequestMethod())) {
            String raw = exchange.getRequestURI().getRawQuery();
            lastAuthorizeQuery = raw;
            params = form(raw == null ? "" : raw);
        } else if (post) {
            params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            email = params.remove("email");
        } else {
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            html(exchange, 405, page("Method not allowed", "<h1>Method not allowed</h1>"));
            return;
        }
        String clientId = params.get("client_id");
        Client client = clientId == null ? null : clients.get(clientId);
        if (client == null) {
            errorPage(exchange, clientId == null
                    ? "AADSTS900144: The request body must contain the following parameter: 'client_id'."
                    : "AADSTS700016: Application with identifier '" + clientId
                    + "' was not found in the directory 'Microsoft Accounts'. This can happen if the application has not"
                    + " been installed by the administrator of the tenant or consented to by any user in the tenant.");
            return;
        }
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
            errorPage(exchange, "AADSTS50011: The redirect URI '" + redirectUri + "' specified in the request does not match"
                    + " the redirect URIs configured for the application '" + clientId + "'. Make sure the redirect URI"
                    + " sent in the request matches one added to your application in the Azure portal.");
            return;
        }
        String responseMode = params.get("response_mode");
        if (responseMode != null && !"query".equals(responseMode)) {
            errorPage(exchange, "This stand-in only answers with response_mode=query (asked for '" + responseMode + "').");
            return;
        }
        String state = params.get("state");
        String refusal = refusal(params);
        if (refusal != null) {
            int colon = refusal.indexOf(':');
            redirectWith(exchange, redirectUri, "error", refusal.substring(0, colon),
                    "error_description", refusal.substring(colon + 1).trim(), "state", state);
            return;
        }
        Account account;
        if (post) {
            String address = email == null ? "" : email.trim();
            if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                html(exchange, 200, loginPage(params, address,
                        "Enter a valid email address, phone number, or Skype name."));
                return;
            }
            account = Account.of(address);
        } else {
            account = nextAccount.getAndSet(null);
            if (account == null) {
                html(exchange, 200, loginPage(params, params.getOrDefault("login_hint", ""), null));
                return;
            }
        }
        String code = "M.C000_LOCAL." + random(32);
        Instant now = clock.instant();
        codes.values().removeIf(g -> g.issuedAt().isBefore(now.minus(Duration.ofHours(1))));
        codes.put(code, new Grant(clientId, redirectUri, params.get("code_challenge"), params.get("nonce"),
                scopes(params.get("scope")), account, now, new AtomicBoolean()));
        redirectWith(exchange, redirectUri, "code", code, "state", state);
    }

    /** "error:description" when the request, whose client and redirect URI are good, must be refused. */
    private static String refusal(Map<String, String> params) {
        String responseType = params.get("response_type");
        if (responseType == null) {
            return "invalid_request:AADSTS900144: The request body must contain the following parameter: 'response_type'.";
        }
        if (!"code".equals(responseType)) {
            return "unsupported_response_type:AADSTS700054: response_type '" + responseType
                    + "' is not enabled for the application (this stand-in only does the authorization-code flow).";
        }
        String scope = params.get("scope");
        if (scope == null) {
            return "invalid_request:AADSTS900144: The request body must contain the following parameter: 'scope'.";
        }
        if (!scopes(scope).contains("openid")) {
            return "invalid_scope:AADSTS70011: The provided value for the input parameter 'scope' is not valid."
                    + " This stand-in issues ID tokens only: include 'openid'.";
        }
        String challenge = params.get("code_challenge");
        if (challenge == null) {
            return "invalid_request:AADSTS900144: The request body must contain the following parameter: 'code_challenge'"
                    + " (this stand-in requires PKCE).";
        }
        if (!"S256".equals(params.get("code_challenge_method"))) {
            return "invalid_request:The code_challenge_method must be 'S256' (plain PKCE is refused by this stand-in).";
        }
        if (!CODE_CHALLENGE.matcher(challenge).matches()) {
            return "invalid_request:The code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).";
        }
        if (params.get("state") == null || params.get("state").isEmpty()) {
            return "invalid_request:AADSTS900144: The request body must contain the following parameter: 'state'"
                    + " (this stand-in requires it).";
        }
        if (params.get("nonce") == null || params.get("nonce").isEmpty()) {
            return "invalid_request:AADSTS900144: The request body must contain the following parameter: 'nonce'"
                    + " (this stand-in requires it).";
        }
        return null;
    }

    private static List<String> scopes(String scope) {
        Set<String> out = new LinkedHashSet<>();
        if (scope != null) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out);
    }

    private String loginPage(Map<String, String> params, String email, String problem) {
        StringBuilder body = new StringBuilder();
        body.append("<h1 id=\"title\">Sign in</h1>\n");
        body.append("<p>Type any address: you will be signed in as that Microsoft account, without a password."
                + " Nothing leaves this computer.</p>\n");
        body.append("<form method=\"post\" action=\"").append(AUTHORIZE_PATH).append("\" aria-labelledby=\"title\">\n");
        for (Map.Entry<String, String> e : params.entrySet()) {
            body.append("<input type=\"hidden\" name=\"").append(escape(e.getKey())).append("\" value=\"")
                    .append(escape(e.getValue())).append("\">\n");
        }
        body.append("<p><label for=\"email\">Email, phone or Skype</label><br>\n");
        body.append("<input type=\"text\" id=\"email\" name=\"email\" autocomplete=\"username\" required"
                + " inputmode=\"email\" spellcheck=\"false\" autofocus value=\"").append(escape(email)).append('"');
        if (problem != null) {
            body.append(" aria-invalid=\"true\" aria-describedby=\"email-error\"");
        }
        body.append("></p>\n");
        if (problem != null) {
            body.append("<p id=\"email-error\" role=\"alert\" class=\"error\">").append(escape(problem)).append("</p>\n");
        }
        body.append("<p><button type=\"submit\" id=\"signin\">Sign in</button></p>\n</form>\n");
        return page("Sign in to your account", body.toString());
    }

    // ---------------------------------------------------------------------------------------------------- token

    private void token(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            error(exchange, 400, "invalid_request", 900561, "The endpoint only accepts POST, OPTIONS requests. Received a "
                    + exchange.getRequestMethod() + " request.");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String basicSecretDecoded = null;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                pair = "";
            }
            int colon = pair.indexOf(':');
            if (colon < 0) {
                error(exchange, 401, "invalid_client", 7000215, "Invalid client secret provided (malformed Basic authorization).");
                return;
            }
            String basicId = pair.substring(0, colon);
            String decodedId = URLDecoder.decode(basicId, StandardCharsets.UTF_8);
            if (clientId != null && !clientId.equals(basicId) && !clientId.equals(decodedId)) {
                error(exchange, 401, "invalid_client", 700016, "The client_id in the body and in the Authorization header differ.");
                return;
            }
            if (secret != null) {
                error(exchange, 401, "invalid_client", 7000215, "Send the client secret once: either client_secret_basic or client_secret_post.");
                return;
            }
            clientId = clients.containsKey(basicId) ? basicId : decodedId;
            secret = pair.substring(colon + 1);
            basicSecretDecoded = URLDecoder.decode(secret, StandardCharsets.UTF_8);
        }
        if (clientId == null) {
            error(exchange, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
            return;
        }
        Client client = clients.get(clientId);
        if (client == null) {
            error(exchange, 400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory 'Microsoft Accounts'.");
            return;
        }
        if (secret == null) {
            error(exchange, 401, "invalid_client", 7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            return;
        }
        if (!constantTimeEquals(secret, client.secret())
                && (basicSecretDecoded == null || !constantTimeEquals(basicSecretDecoded, client.secret()))) {
            error(exchange, 401, "invalid_client", 7000215,
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value,"
                            + " not the client secret ID, for a secret added to app '" + clientId + "'.");
            return;
        }
        String grantType = form.get("grant_type");
        if (grantType == null) {
            error(exchange, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
            return;
        }
        if (!"authorization_code".equals(grantType)) {
            error(exchange, 400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grantType + "' (this stand-in only redeems codes).");
            return;
        }
        String code = form.get("code");
        if (code == null) {
            error(exchange, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'code'.");
            return;
        }
        Grant grant = codes.get(code);
        if (grant == null || !grant.clientId().equals(clientId)) {
            error(exchange, 400, "invalid_grant", 70000, "The provided value for the 'code' parameter is not valid.");
            return;
        }
        if (grant.redeemed().get()) {
            alreadyRedeemed(exchange);
            return;
        }
        if (clock.instant().isAfter(grant.issuedAt().plus(CODE_LIFETIME))) {
            error(exchange, 400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to"
                    + " inactivity. Send a new interactive authorization request for this user and resource.");
            return;
        }
        String redirectUri = form.get("redirect_uri");
        if (redirectUri == null) {
            error(exchange, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'redirect_uri'.");
            return;
        }
        if (!redirectUri.equals(grant.redirectUri())) {
            error(exchange, 400, "invalid_grant", 500112, "The reply address '" + redirectUri
                    + "' does not match the reply address '" + grant.redirectUri() + "' provided when requesting Authorization code.");
            return;
        }
        String verifier = form.get("code_verifier");
        if (verifier == null) {
            error(exchange, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'code_verifier'.");
            return;
        }
        if (!constantTimeEquals(s256(verifier), grant.codeChallenge())) {
            error(exchange, 400, "invalid_grant", 501481,
                    "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
            return;
        }
        if (!grant.redeemed().compareAndSet(false, true)) {
            alreadyRedeemed(exchange);
            return;
        }
        Tamper tamper = nextTamper.getAndSet(Tamper.NONE);
        String idToken;
        try {
            idToken = idToken(grant, tamper);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
        List<String> granted = grant.scopes().stream().filter(s -> List.of("openid", "profile", "email").contains(s)).toList();
        String accessToken = "EwA" + random(96);
        accessTokens.put(accessToken, new Session(clientId, grant.account(), granted,
                clock.instant().plusSeconds(TOKEN_LIFETIME_SECONDS)));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("token_type", "Bearer");
        response.put("scope", String.join(" ", granted));
        response.put("expires_in", TOKEN_LIFETIME_SECONDS);
        response.put("ext_expires_in", TOKEN_LIFETIME_SECONDS);
        response.put("access_token", accessToken);
        response.put("id_token", idToken);
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        json(exchange, 200, write(response), false);
    }

    private void alreadyRedeemed(HttpExchange exchange) throws IOException {
        error(exchange, 400, "invalid_grant", 54005,
                "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
    }

    private String idToken(Grant grant, Tamper tamper) throws JoseException {
        Account account = grant.account();
        long now = clock.instant().getEpochSecond();
        long iat = tamper == Tamper.EXPIRED ? now - 7200 : now;
        long exp = tamper == Tamper.EXPIRED ? now - 3600 : now + TOKEN_LIFETIME_SECONDS;
        JwtClaims claims = new JwtClaims();
        claims.setClaim("ver", "2.0");
        claims.setIssuer(tamper == Tamper.WRONG_ISSUER ? "https://login.microsoftonline.com/" + OTHER_TENANT_ID + "/v2.0" : ISSUER);
        claims.setSubject(pairwiseSubject(grant.clientId(), account.oid()));
        claims.setAudience(tamper == Tamper.WRONG_AUDIENCE ? UUID.randomUUID().toString() : grant.clientId());
        claims.setExpirationTime(NumericDate.fromSeconds(exp));
        claims.setIssuedAt(NumericDate.fromSeconds(iat));
        claims.setNotBefore(NumericDate.fromSeconds(iat));
        if (grant.scopes().contains("profile")) {
            claims.setClaim("name", account.name());
            claims.setClaim("oid", account.oid());
            if (account.preferredUsername() != null) {
                claims.setClaim("preferred_username", account.preferredUsername());
            }
        }
        // an account may be issued without an address, as Microsoft does when the email scope yields none
        if (grant.scopes().contains("email") && account.email() != null) {
            claims.setClaim("email", account.email());
        }
        claims.setClaim("tid", tamper == Tamper.WRONG_TID ? OTHER_TENANT_ID : TENANT_ID);
        switch (tamper) {
            case NO_NONCE -> { }
            case WRONG_NONCE -> claims.setClaim("nonce", random(24));
            default -> claims.setClaim("nonce", grant.nonce());
        }
        claims.setClaim("aio", random(60));
        String payload = claims.toJson();
        return switch (tamper) {
            case ALG_NONE -> Base64Url.encodeUtf8ByteRepresentation(
                    "{\"typ\":\"JWT\",\"alg\":\"none\",\"kid\":\"" + signingKey.getKeyId() + "\"}")
                    + "." + Base64Url.encodeUtf8ByteRepresentation(payload) + ".";
            case UNKNOWN_KID -> sign(payload, rogueKey);
            case BAD_SIGNATURE -> {
                String[] parts = sign(payload, signingKey).split("\\.");
                byte[] signature = Base64Url.decode(parts[2]);
                for (int i = 0; i < signature.length; i += 16) {
                    signature[i] ^= (byte) 0x5a;
                }
                yield parts[0] + "." + parts[1] + "." + Base64Url.encode(signature);
            }
            default -> sign(payload, signingKey);
        };
    }

    private static String sign(String payload, RsaJsonWebKey key) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setPayload(payload);
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    // ---------------------------------------------------------------------------------------------------- userinfo

    private void userinfo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Session session = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? accessTokens.get(authorization.substring(7).trim()) : null;
        if (session == null || clock.instant().isAfter(session.expires())) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            json(exchange, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token validation failure.\"}}", false);
            return;
        }
        Account account = session.account();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sub", pairwiseSubject(session.clientId(), account.oid()));
        if (session.scopes().contains("profile")) {
            info.put("name", account.name());
            int space = account.name().lastIndexOf(' ');
            info.put("family_name", space > 0 ? account.name().substring(space + 1) : "");
            info.put("given_name", space > 0 ? account.name().substring(0, space) : account.name());
        }
        if (session.scopes().contains("email")) {
            info.put("email", account.email());
        }
        json(exchange, 200, write(info), false);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static RsaJsonWebKey newKey(boolean withCertificate) throws JoseException, GeneralSecurityException {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(random(20));
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        if (withCertificate) {
            X509Certificate certificate = LocalMicrosoftAccountCertificates.selfSigned(key.getRsaPublicKey(),
                    key.getRsaPrivateKey(), "Guestpass local Microsoft account stand-in (not Microsoft)");
            key.setCertificateChain(certificate);
            key.setX509CertificateSha1Thumbprint(Base64Url.encode(
                    MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded())));
        }
        return key;
    }

    /** A JWKS entry shaped like Microsoft's v2 keys: kty, use, kid, x5t, n, e, x5c, cloud_instance_name, issuer (no alg). */
    private static Map<String, Object> jwk(RsaJsonWebKey key) {
        Map<String, Object> params = key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kty", "RSA");
        out.put("use", "sig");
        out.put("kid", key.getKeyId());
        out.put("x5t", key.getX509CertificateSha1Thumbprint());
        out.put("n", params.get("n"));
        out.put("e", params.get("e"));
        out.put("x5c", params.get("x5c"));
        out.put("cloud_instance_name", "microsoftonline.com");
        out.put("issuer", ISSUER);
        return out;
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static void redirectWith(HttpExchange exchange, String redirectUri, String... nameValues) throws IOException {
        StringBuilder location = new StringBuilder(redirectUri);
        char separator = redirectUri.contains("?") ? '&' : '?';
        for (int i = 0; i < nameValues.length; i += 2) {
            if (nameValues[i + 1] != null) {
                location.append(separator).append(nameValues[i]).append('=')
                        .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.getResponseHeaders().set("Cache-Control", "no-store, no-cache");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(302, -1);
    }

    /** A Microsoft-style OAuth error: error, error_description with trace and correlation ids, error_codes, timestamp, …. */
    private void error(HttpExchange exchange, int status, String error, int aadsts, String description) throws IOException {
        String timestamp = MS_TIMESTAMP.format(clock.instant());
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", "AADSTS" + aadsts + ": " + description + " Trace ID: " + traceId
                + " Correlation ID: " + correlationId + " Timestamp: " + timestamp);
        body.put("error_codes", List.of(aadsts));
        body.put("timestamp", timestamp);
        body.put("trace_id", traceId);
        body.put("correlation_id", correlationId);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + aadsts);
        json(exchange, status, write(body), false);
    }

    private static void errorPage(HttpExchange exchange, String message) throws IOException {
        html(exchange, 400, page("Sign in error", "<h1>We couldn't sign you in</h1>\n<p id=\"error\">" + escape(message)
                + "</p>\n<p>The application that sent you here is not set up correctly. Nothing was sent back to it.</p>"));
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + " — local stand-in, not Microsoft</title>\n"
                + "<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
                + ".banner{background:#fff4ce;border:2px solid #8a6d00;padding:.5rem .75rem;font-weight:600}"
                + "input[type=text]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}"
                + "button{padding:.5rem 1.5rem;font-size:1rem;background:#0067b8;color:#fff;border:0}"
                + ".error{color:#a4262c;font-weight:600}:focus{outline:3px solid #000;outline-offset:2px}</style>\n"
                + "</head>\n<body>\n<header><div class=\"banner\" role=\"note\">" + escape(BANNER) + "</div></header>\n<main>\n"
                + body + "\n</main>\n</body>\n</html>\n";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void html(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(exchange, status, "text/html; charset=utf-8", body, false);
    }

    private static void json(HttpExchange exchange, int status, String body, boolean cacheable) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", body, cacheable);
    }

    private static void send(HttpExchange exchange, int status, String type, String body, boolean cacheable) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", cacheable ? "max-age=86400, private" : "no-store, no-cache");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
