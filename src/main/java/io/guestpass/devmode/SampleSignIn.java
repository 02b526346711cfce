package io.guestpass.devmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.arc.profile.UnlessBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * DEVELOPMENT ONLY — never packaged. What an OpenID Connect client library does for the sample application, written out
 * so a newcomer can read it: discovery, an authorization request with state, nonce and PKCE S256, the code exchange as a
 * public client, and the ID token checked against the published keys (signature RS256, issuer, audience, expiry, nonce).
 */
@ApplicationScoped
@UnlessBuildProfile("prod")
public class SampleSignIn {

    /** The sample's fixed client id (README, "Signing in to an application"). */
    public static final String CLIENT_ID = "00000000-0000-0000-0000-00000000a990";
    public static final String DISPLAY_NAME = "Guestpass sample app";
    public static final String PATH = "/dev/sample";

    /** What the browser keeps (sealed) between the authorization request and the callback. */
    public record Pending(String state, String nonce, String verifier) {
    }

    /** A sign-in that did not end with verified claims; {@code step} says where it stopped. */
    public static final class Failure extends Exception {
        final String step;

        Failure(String step, String message) {
            super(message, null, false, false);
            this.step = step;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final GuestpassConfig config;
    private final ObjectMapper json;
    private final LoopbackGateway guestpass = new LoopbackGateway();

    SampleSignIn(GuestpassConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    public String redirectUri() {
        return config.publicBaseUrl().replaceAll("/+$", "") + PATH + "/callback";
    }

    public Pending newPending() {
        return new Pending(random(), random(), random());
    }

    /**
     * The authorization request the Sign in button leads to (authorization endpoint from discovery); the Sign up button's
     * adds {@code prompt=create} (OpenID Connect's Initiating User Registration), which starts the sign-up of the user flow
     * the sample is linked to.
     */
    public URI authorizationRequest(Pending pending, boolean signUp) throws Failure {
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("client_id", CLIENT_ID, "response_type", "code",
                "redirect_uri", redirectUri(), "scope", "openid profile email", "state", pending.state(), "nonce", pending.nonce(),
                "code_challenge", challenge(pending.verifier()), "code_challenge_method", "S256"));
        if (signUp) {
            parameters.put("prompt", "create");
        }
        return URI.create(discovery().path("authorization_endpoint").asText() + "?" + form(parameters));
    }

    /** The code exchanged for tokens and the ID token verified: its claims, in the token's order. */
    public Map<String, Object> redeem(String code, Pending pending) throws Failure {
        JsonNode discovery = discovery();
        LoopbackGateway.Answer answer = guestpass.postForm(pathOf(discovery.path("token_endpoint").asText()),
                form(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri(),
                        "client_id", CLIENT_ID, "code_verifier", pending.verifier())));
        JsonNode tokens = parse("token exchange", answer.body());
        if (answer.status() != 200) {
            throw new Failure("token exchange", "HTTP " + answer.status() + " " + tokens.path("error").asText("?") + ": "
                    + tokens.path("error_description").asText(""));
        }
        String idToken = tokens.path("id_token").asText(null);
        if (idToken == null) {
            throw new Failure("token exchange", "the token response has no id_token");
        }
        return verified(idToken, discovery, pending.nonce());
    }

    private Map<String, Object> verified(String idToken, JsonNode discovery, String nonce) throws Failure {
        LoopbackGateway.Answer keys = guestpass.get(pathOf(discovery.path("jwks_uri").asText()));
        try {
            JwtClaims claims = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds(60)
                    .setExpectedIssuer(discovery.path("issuer").asText())
                    .setExpectedAudience(CLIENT_ID)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(keys.body()).getJsonWebKeys()))
                    .build()
                    .processToClaims(idToken);
            if (!nonce.equals(claims.getClaimValueAsString("nonce"))) {
                throw new Failure("ID token", "the nonce is not the one this browser sent");
            }
            return new LinkedHashMap<>(claims.getClaimsMap());
        } catch (InvalidJwtException | JoseException e) {
            throw new Failure("ID token", e.getMessage());
        }
    }

    private JsonNode discovery() throws Failure {
        LoopbackGateway.Answer answer = guestpass.get("/" + config.directory().id() + "/v2.0/.well-known/openid-configuration");
        if (answer.status() != 200) {
            throw new Failure("discovery", "HTTP " + answer.status());
        }
        return parse("discovery", answer.body());
    }

    private JsonNode parse(String step, String body) throws Failure {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new Failure(step, "the answer is not JSON");
        }
    }

    /** Guestpass's endpoints are public URLs; the loopback gateway takes their path. */
    private static String pathOf(String url) {
        return URI.create(url).getRawPath();
    }

    private static String form(Map<String, String> values) {
        StringJoiner joined = new StringJoiner("&");
        values.forEach((name, value) -> joined.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
