package io.guestpass.devmode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * DEVELOPMENT AND TESTS ONLY — never packaged (see quarkus.package.jar.user-configured-ignored-entries).
 * A small OpenID Connect server on loopback that issues administrators' access tokens: discovery, JWKS and a
 * client-credentials token endpoint under {@code /admin}. Tests also mint tokens with any claims directly.
 */
public class LocalOpenIdServer implements AutoCloseable {

    public static final List<String> ADMIN_PERMISSIONS = List.of("User.Invite.All", "User.ReadWrite.All", "User.Read.All",
            "Policy.Read.All", "Policy.ReadWrite.Authorization", "IdentityProvider.ReadWrite.All", "IdentityUserFlow.ReadWrite.All",
            "AuditLog.Read.All", "Application.ReadWrite.All", "OrganizationalBranding.ReadWrite.All");

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final String audience;

    public LocalOpenIdServer(int port, String audience) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.audience = audience;
        try {
            this.key = RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IOException(e);
        }
        key.setKeyId(UUID.randomUUID().toString());
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/admin", new Handler());
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String issuer() {
        return "http://localhost:" + port() + "/admin";
    }

    /** A signed access token with these claims on top of iss, aud, iat, exp and a fresh jti. */
    public String accessToken(Map<String, Object> claims) {
        return token(claims, true);
    }

    /** The same without aud, as Amazon Cognito's access tokens come. */
    public String accessTokenWithoutAudience(Map<String, Object> claims) {
        return token(claims, false);
    }

    private String token(Map<String, Object> claims, boolean withAudience) {
        try {
            JwtClaims jwt = new JwtClaims();
            jwt.setIssuer(issuer());
            if (withAudience) {
                jwt.setAudience(audience);
            }
            jwt.setIssuedAtToNow();
            jwt.setExpirationTimeMinutesInTheFuture(60);
            jwt.setGeneratedJwtId();
            claims.forEach(jwt::setClaim);
            return sign(jwt);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An application token holding every administration permission. */
    public String administratorToken(String clientId) {
        return accessToken(Map.of("sub", clientId, "azp", clientId, "roles", ADMIN_PERMISSIONS, "idtyp", "app"));
    }

    /** A person's (delegated) token: a Global Administrator, every administration permission as scopes. */
    public String globalAdministratorToken(String person, String clientId) {
        return accessToken(Map.of("sub", person, "azp", clientId, "name", person, "scp", String.join(" ", ADMIN_PERMISSIONS),
                "directoryRoles", List.of("Global Administrator")));
    }

    public String sign(JwtClaims claims) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private final class Handler implements com.sun.net.httpserver.HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                switch (path) {
                    case "/admin/.well-known/openid-configuration" -> json(exchange, 200, "{\"issuer\":\"" + issuer()
                            + "\",\"jwks_uri\":\"" + issuer() + "/keys\",\"token_endpoint\":\"" + issuer()
                            + "/token\",\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                            + "\"grant_types_supported\":[\"client_credentials\"],\"response_types_supported\":[\"token\"]}");
                    case "/admin/keys" -> json(exchange, 200, new JsonWebKeySet(key).toJson());
                    case "/admin/token" -> token(exchange);
                    default -> json(exchange, 404, "{\"error\":\"not_found\"}");
                }
            }
        }

        private void token(HttpExchange exchange) throws IOException {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"POST".equals(exchange.getRequestMethod()) || !"client_credentials".equals(form.get("grant_type"))) {
                json(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
                return;
            }
            String client = form.getOrDefault("client_id", "guestpass-dev-admin").replaceAll("[^A-Za-z0-9._-]", "");
            // person=<name>: a delegated token of a Global Administrator instead (what only a person may do, such as
            // granting applications permissions, needs one)
            String person = form.get("person") == null ? null : form.get("person").replaceAll("[^A-Za-z0-9._@-]", "");
            String token = person == null || person.isEmpty() ? administratorToken(client) : globalAdministratorToken(person, client);
            json(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
