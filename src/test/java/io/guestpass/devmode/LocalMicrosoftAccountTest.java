package io.guestpass.devmode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.devmode.LocalMicrosoftAccount.Account;
import io.guestpass.devmode.LocalMicrosoftAccount.Tamper;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local Microsoft account stand-in, driven over HTTP as quarkus-oidc and a browser would. */
class LocalMicrosoftAccountTest {

    static final String CLIENT = "6731de76-14a6-49ae-97bc-6eba6914391e";
    static final String SECRET = "Qx~8Q~local.secret_with+odd/characters";
    static final String OTHER_CLIENT = "0f7e4c2a-7c1b-4b7a-9d0e-3a1f5b6c7d8e";
    static final String OTHER_SECRET = "other-secret";
    static final String CALLBACK = "http://localhost/redeem/callback";
    static final String OTHER_CALLBACK = "https://other.example/callback";

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static LocalMicrosoftAccount msa;

    @BeforeAll
    static void start() throws Exception {
        msa = new LocalMicrosoftAccount(0, CLIENT, SECRET, List.of(CALLBACK));
        msa.registerClient(OTHER_CLIENT, OTHER_SECRET, List.of(OTHER_CALLBACK));
    }

    @AfterAll
    static void stop() {
        msa.close();
    }

    // ------------------------------------------------------------------------------------------------ discovery, keys

    @Test
    void discoveryIsMicrosoftsConsumersDocumentPointingHere() throws Exception {
        assertEquals("http://localhost:" + msa.port() + "/consumers/v2.0", msa.authority());
        HttpResponse<String> response = get(msa.authority() + "/.well-known/openid-configuration");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode doc = JSON.readTree(response.body());
        String base = "http://localhost:" + msa.port();
        assertEquals("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0", doc.get("issuer").asText());
        assertEquals(LocalMicrosoftAccount.ISSUER, doc.get("issuer").asText());
        assertEquals(base + "/consumers/oauth2/v2.0/authorize", doc.get("authorization_endpoint").asText());
        assertEquals(base + "/consumers/oauth2/v2.0/token", doc.get("token_endpoint").asText());
        assertEquals(base + "/consumers/discovery/v2.0/keys", doc.get("jwks_uri").asText());
        assertEquals(base + "/consumers/oauth2/v2.0/logout", doc.get("end_session_endpoint").asText());
        assertEquals(base + "/oidc/userinfo", doc.get("userinfo_endpoint").asText());
        assertEquals(List.of("client_secret_post", "private_key_jwt", "client_secret_basic"), strings(doc.get("token_endpoint_auth_methods_supported")));
        assertEquals(List.of("query", "fragment", "form_post"), strings(doc.get("response_modes_supported")));
        assertEquals(List.of("pairwise"), strings(doc.get("subject_types_supported")));
        assertEquals(List.of("RS256"), strings(doc.get("id_token_signing_alg_values_supported")));
        assertEquals(List.of("code", "id_token", "code id_token", "id_token token"), strings(doc.get("response_types_supported")));
        assertEquals(List.of("openid", "profile", "email", "offline_access"), strings(doc.get("scopes_supported")));
        assertFalse(doc.get("request_uri_parameter_supported").asBoolean(true));
        assertTrue(doc.get("http_logout_supported").asBoolean());
        assertTrue(doc.get("frontchannel_logout_supported").asBoolean());
        assertTrue(strings(doc.get("claims_supported")).containsAll(List.of("sub", "iss", "aud", "exp", "iat", "nonce",
                "preferred_username", "name", "tid", "ver", "email")));
        assertTrue(doc.has("tenant_region_scope") && doc.get("tenant_region_scope").isNull());
        assertEquals("microsoftonline.com", doc.get("cloud_instance_name").asText());
        assertEquals("graph.windows.net", doc.get("cloud_graph_host_name").asText());
        assertEquals("graph.microsoft.com", doc.get("msgraph_host").asText());
        assertEquals("https://pas.windows.net", doc.get("rbac_url").asText());
        for (String field : List.of("device_authorization_endpoint", "kerberos_endpoint")) {
            assertTrue(doc.get(field).asText().startsWith(base + "/consumers/"), field);
        }
        assertEquals(List.of("token_endpoint", "token_endpoint_auth_methods_supported", "jwks_uri", "response_modes_supported",
                "subject_types_supported", "id_token_signing_alg_values_supported", "response_types_supported", "scopes_supported",
                "issuer", "request_uri_parameter_supported", "userinfo_endpoint", "authorization_endpoint",
                "device_authorization_endpoint", "http_logout_supported", "frontchannel_logout_supported", "end_session_endpoint",
                "claims_supported", "kerberos_endpoint", "tenant_region_scope", "cloud_instance_name", "cloud_graph_host_name",
                "msgraph_host", "rbac_url"), List.copyOf(fields(doc)), "every field of Microsoft's consumers document, in its order");
    }

    @Test
    void keysLookLikeMicrosoftsV2Keys() throws Exception {
        JsonNode jwks = JSON.readTree(get(msa.baseUrl() + "/consumers/discovery/v2.0/keys").body());
        assertTrue(jwks.get("keys").size() >= 2, "a signing key and a rollover key");
        for (JsonNode key : jwks.get("keys")) {
            assertEquals("RSA", key.get("kty").asText());
            assertEquals("sig", key.get("use").asText());
            assertFalse(key.get("kid").asText().isEmpty());
            assertEquals("AQAB", key.get("e").asText());
            assertEquals(LocalMicrosoftAccount.ISSUER, key.get("issuer").asText());
            assertFalse(key.has("d"), "no private parts");
            byte[] der = Base64.getDecoder().decode(key.get("x5c").get(0).asText());
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            certificate.verify(certificate.getPublicKey());
            assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-1").digest(der)),
                    key.get("x5t").asText());
            PublicJsonWebKey parsed = (PublicJsonWebKey) JsonWebKey.Factory.newJwk(key.toString());
            assertEquals(certificate.getPublicKey(), parsed.getPublicKey());
        }
    }

    // ------------------------------------------------------------------------------------------------ authorize

    @Test
    void authorizeRefusesUnknownClientAndUnregisteredRedirectWithAPageNeverARedirect() throws Exception {
        Pkce pkce = new Pkce();
        Map<String, String> params = authorizeParams(CLIENT, "https://evil.example/redeem/callback", pkce, "s1", "n1");
        HttpResponse<String> response = get(authorizeUrl(params));
        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.body().contains("AADSTS50011"), response.body());
        assertTrue(response.body().contains("https://evil.example/redeem/callback"));

        params = authorizeParams(CLIENT, CALLBACK + "/", pkce, "s1", "n1");
        assertEquals(400, get(authorizeUrl(params)).statusCode(), "exact match only");

        params = authorizeParams("no-such-client", CALLBACK, pkce, "s1", "n1");
        response = get(authorizeUrl(params));
        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.body().contains("AADSTS700016"));

        params = authorizeParams(OTHER_CLIENT, CALLBACK, pkce, "s1", "n1");
        assertEquals(400, get(authorizeUrl(params)).statusCode(), "another client's redirect URI is not this one's");
    }

    @Test
    void authorizeRefusesPlainPkceMissingPkceStateOrNonceAndFormPost() throws Exception {
        Pkce pkce = new Pkce();
        Map<String, String> plain = authorizeParams(CLIENT, CALLBACK, pkce, "st-1", "n1");
        plain.put("code_challenge", pkce.verifier);
        plain.put("code_challenge_method", "plain");
        HttpResponse<String> response = get(authorizeUrl(plain));
        assertEquals(302, response.statusCode());
        Map<String, String> back = query(response.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request", back.get("error"));
        assertTrue(back.get("error_description").contains("S256"));
        assertEquals("st-1", back.get("state"));
        assertNull(back.get("code"));

        for (String missing : List.of("code_challenge", "code_challenge_method", "state", "nonce")) {
            Map<String, String> params = authorizeParams(CLIENT, CALLBACK, pkce, "st-2", "n2");
            params.remove(missing);
            response = get(authorizeUrl(params));
            assertEquals(302, response.statusCode(), missing);
            back = query(response.headers().firstValue("Location").orElseThrow());
            assertEquals("invalid_request", back.get("error"), missing);
            assertNull(back.get("code"), missing);
        }

        Map<String, String> formPost = authorizeParams(CLIENT, CALLBACK, pkce, "st-3", "n3");
        formPost.put("response_mode", "form_post");
        response = get(authorizeUrl(formPost));
        assertEquals(400, response.statusCode());

        Map<String, String> implicit = authorizeParams(CLIENT, CALLBACK, pkce, "st-4", "n4");
        implicit.put("response_type", "id_token");
        back = query(get(authorizeUrl(implicit)).headers().firstValue("Location").orElseThrow());
        assertEquals("unsupported_response_type", back.get("error"));
    }

    @Test
    void loginPageIsLabelledAccessibleAndEscapesWhatItEchoes() throws Exception {
        Pkce pkce = new Pkce();
        String state = "\"><script>alert(1)</script>";
        Map<String, String> params = authorizeParams(CLIENT, CALLBACK, pkce, state, "nonce-&-<b>");
        params.put("prompt", "select_account");
        params.put("login_hint", "ada@outlook.com");
        String url = authorizeUrl(params);
        HttpResponse<String> response = get(url);
        assertEquals(200, response.statusCode());
        assertEquals(URI.create(url).getRawQuery(), msa.lastAuthorizeQuery());
        assertTrue(msa.lastAuthorizeQuery().contains("prompt=select_account"));
        String page = response.body();
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        assertTrue(page.contains("<html lang=\"en\">"));
        assertTrue(page.contains("Development stand-in for Microsoft account sign-in — not Microsoft"));
        assertTrue(page.contains("<label for=\"email\">Email, phone or Skype</label>"));
        assertTrue(page.contains("id=\"email\" name=\"email\""));
        assertTrue(page.contains("value=\"ada@outlook.com\""), "login_hint prefills the address");
        assertTrue(page.contains("<button type=\"submit\" id=\"signin\">Sign in</button>"));
        assertFalse(page.contains("<script>"), "echoed values are escaped");
        assertTrue(page.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(page.contains("name=\"code_challenge\" value=\"" + pkce.challenge + "\""));
        assertTrue(page.contains("name=\"state\""));
    }

    @Test
    void loginFormSignsInAsTheTypedAddressAndRedirectsWithCodeAndState() throws Exception {
        Pkce pkce = new Pkce();
        Map<String, String> params = authorizeParams(CLIENT, CALLBACK, pkce, "state with spaces & más", "nonce-42");
        assertEquals(200, get(authorizeUrl(params)).statusCode());

        Map<String, String> empty = new LinkedHashMap<>(params);
        empty.put("email", "   ");
        HttpResponse<String> retry = post(msa.baseUrl() + "/consumers/oauth2/v2.0/authorize", empty, null);
        assertEquals(200, retry.statusCode());
        assertTrue(retry.body().contains("role=\"alert\""));
        assertTrue(retry.body().contains("aria-invalid=\"true\""));

        Map<String, String> form = new LinkedHashMap<>(params);
        form.put("email", "  Ada.Lovelace@Outlook.com ");
        HttpResponse<String> response = post(msa.baseUrl() + "/consumers/oauth2/v2.0/authorize", form, null);
        assertEquals(302, response.statusCode());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(CALLBACK + "?code="), location);
        Map<String, String> back = query(location);
        assertEquals("state with spaces & más", back.get("state"));

        HttpResponse<String> token = redeem(back.get("code"), pkce.verifier, CALLBACK, CLIENT, SECRET, false);
        assertEquals(200, token.statusCode(), token.body());
        JwtClaims claims = verify(JSON.readTree(token.body()).get("id_token").asText(), CLIENT);
        assertEquals("Ada.Lovelace@Outlook.com", claims.getStringClaimValue("email"));
        assertEquals("Ada Lovelace", claims.getStringClaimValue("name"));
        assertEquals(Account.of("ada.lovelace@outlook.com").oid(), claims.getStringClaimValue("oid"));
        assertEquals("nonce-42", claims.getStringClaimValue("nonce"));
    }

    @Test
    void signInShortcutSkipsThePageOnce() throws Exception {
        msa.signInNextAs(Account.of("grace@outlook.com"));
        Pkce pkce = new Pkce();
        HttpResponse<String> response = get(authorizeUrl(authorizeParams(CLIENT, CALLBACK, pkce, "s", "n")));
        assertEquals(302, response.statusCode());
        assertNotNull(query(response.headers().firstValue("Location").orElseThrow()).get("code"));
        assertEquals(200, get(authorizeUrl(authorizeParams(CLIENT, CALLBACK, new Pkce(), "s", "n"))).statusCode(),
                "the next one shows the page again");
    }

    // ------------------------------------------------------------------------------------------------ token, ID token

    @Test
    void codeExchangeGivesAMicrosoftShapedIdTokenThatVerifiesAgainstTheJwks() throws Exception {
        Account grace = Account.of("grace.hopper@outlook.com");
        Pkce pkce = new Pkce();
        String code = code(grace, CLIENT, CALLBACK, pkce, "nonce-1");
        long before = Instant.now().getEpochSecond();
        HttpResponse<String> response = redeem(code, pkce.verifier, CALLBACK, CLIENT, SECRET, false);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store, no-cache", response.headers().firstValue("Cache-Control").orElse(""));
        JsonNode body = JSON.readTree(response.body());
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals("openid profile email", body.get("scope").asText());
        assertEquals(3600, body.get("expires_in").asInt());
        assertEquals(3600, body.get("ext_expires_in").asInt());
        assertFalse(body.get("access_token").asText().contains("."), "opaque, not a JWT");
        assertEquals(Set.of("token_type", "scope", "expires_in", "ext_expires_in", "access_token", "id_token"), fields(body));

        String idToken = body.get("id_token").asText();
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(idToken.split("\\.")[0]));
        assertEquals(Set.of("typ", "alg", "kid"), fields(header), "v2 tokens carry kid only, no x5t");
        assertEquals("JWT", header.get("typ").asText());
        assertEquals("RS256", header.get("alg").asText());

        JwtClaims claims = verify(idToken, CLIENT);
        assertEquals(Set.of("ver", "iss", "sub", "aud", "exp", "iat", "nbf", "name", "preferred_username", "oid", "email",
                "tid", "nonce", "aio"), Set.copyOf(claims.getClaimNames()));
        assertEquals("2.0", claims.getStringClaimValue("ver"));
        assertEquals(LocalMicrosoftAccount.ISSUER, claims.getIssuer());
        assertEquals(List.of(CLIENT), claims.getAudience());
        assertEquals(LocalMicrosoftAccount.TENANT_ID, claims.getStringClaimValue("tid"));
        assertEquals("nonce-1", claims.getStringClaimValue("nonce"));
        assertEquals(grace.oid(), claims.getStringClaimValue("oid"));
        assertEquals("grace.hopper@outlook.com", claims.getStringClaimValue("email"));
        assertEquals("grace.hopper@outlook.com", claims.getStringClaimValue("preferred_username"));
        assertEquals("Grace Hopper", claims.getStringClaimValue("name"));
        assertFalse(claims.hasClaim("email_verified"));
        assertFalse(claims.hasClaim("idp"));
        String sub = claims.getSubject();
        assertEquals(43, sub.length());
        assertEquals(LocalMicrosoftAccount.pairwiseSubject(CLIENT, grace.oid()), sub);
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest((CLIENT + ":" + grace.oid()).getBytes(StandardCharsets.UTF_8))), sub);
        long iat = claims.getIssuedAt().getValue();
        assertTrue(iat >= before - 1 && iat <= before + 5);
        assertEquals(iat, claims.getNotBefore().getValue());
        assertEquals(iat + 3600, claims.getExpirationTime().getValue());

        HttpResponse<String> userinfo = HTTP.send(HttpRequest.newBuilder(URI.create(msa.baseUrl() + "/oidc/userinfo"))
                .header("Authorization", "Bearer " + body.get("access_token").asText()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, userinfo.statusCode());
        assertEquals(sub, JSON.readTree(userinfo.body()).get("sub").asText());
        assertEquals(401, get(msa.baseUrl() + "/oidc/userinfo").statusCode());
    }

    @Test
    void subIsPairwiseOidIsNot() throws Exception {
        Account ada = Account.of("ada@outlook.com");
        Pkce one = new Pkce();
        Pkce two = new Pkce();
        JwtClaims first = verify(idToken(redeem(code(ada, CLIENT, CALLBACK, one, "n"), one.verifier, CALLBACK, CLIENT, SECRET, false)), CLIENT);
        JwtClaims second = verify(idToken(redeem(code(ada, OTHER_CLIENT, OTHER_CALLBACK, two, "n"), two.verifier, OTHER_CALLBACK,
                OTHER_CLIENT, OTHER_SECRET, true)), OTHER_CLIENT);
        Pkce three = new Pkce();
        JwtClaims again = verify(idToken(redeem(code(ada, CLIENT, CALLBACK, three, "n"), three.verifier, CALLBACK, CLIENT, SECRET, true)), CLIENT);
        assertNotEquals(first.getSubject(), second.getSubject());
        assertEquals(first.getSubject(), again.getSubject(), "stable per person and client");
        assertEquals(first.getStringClaimValue("oid"), second.getStringClaimValue("oid"));
        assertNotEquals(first.getSubject(), verify(idToken(redeemFresh(Account.of("bob@outlook.com"))), CLIENT).getSubject());
    }

    @Test
    void accountOfIsDeterministic() {
        Account a = Account.of(" Ada.Lovelace@outlook.com ");
        assertEquals("Ada.Lovelace@outlook.com", a.email());
        assertEquals(a.email(), a.preferredUsername());
        assertEquals("Ada Lovelace", a.name());
        assertEquals(Account.of("ada.lovelace@OUTLOOK.com").oid(), a.oid());
        assertNotEquals(Account.of("ada@outlook.com").oid(), a.oid());
    }

    @Test
    void codesAreSingleUseAndRefusalsAreMicrosoftShaped() throws Exception {
        Pkce pkce = new Pkce();
        String code = code(Account.of("ada@outlook.com"), CLIENT, CALLBACK, pkce, "n");

        HttpResponse<String> wrongVerifier = redeem(code, new Pkce().verifier, CALLBACK, CLIENT, SECRET, false);
        assertEquals(400, wrongVerifier.statusCode());
        assertEquals("invalid_grant", JSON.readTree(wrongVerifier.body()).get("error").asText());

        HttpResponse<String> wrongRedirect = redeem(code, pkce.verifier, CALLBACK + "/x", CLIENT, SECRET, false);
        assertEquals(400, wrongRedirect.statusCode());
        assertEquals("invalid_grant", JSON.readTree(wrongRedirect.body()).get("error").asText());

        HttpResponse<String> wrongSecret = redeem(code, pkce.verifier, CALLBACK, CLIENT, "nope", false);
        assertEquals(401, wrongSecret.statusCode());
        assertEquals("invalid_client", JSON.readTree(wrongSecret.body()).get("error").asText());
        assertEquals(401, redeem(code, pkce.verifier, CALLBACK, CLIENT, "nope", true).statusCode());

        HttpResponse<String> otherClient = redeem(code, pkce.verifier, CALLBACK, OTHER_CLIENT, OTHER_SECRET, false);
        assertEquals(400, otherClient.statusCode(), "a code is bound to its client");

        assertEquals(200, redeem(code, pkce.verifier, CALLBACK, CLIENT, SECRET, true).statusCode(), "refusals did not burn the code");

        HttpResponse<String> replay = redeem(code, pkce.verifier, CALLBACK, CLIENT, SECRET, false);
        assertEquals(400, replay.statusCode());
        JsonNode error = JSON.readTree(replay.body());
        assertEquals("invalid_grant", error.get("error").asText());
        assertTrue(error.get("error_description").asText().startsWith("AADSTS54005: OAuth2 Authorization code was already redeemed"));
        assertEquals(54005, error.get("error_codes").get(0).asInt());
        assertTrue(error.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ"));
        assertFalse(error.get("trace_id").asText().isEmpty());
        assertFalse(error.get("correlation_id").asText().isEmpty());

        assertEquals("invalid_grant", JSON.readTree(redeem("M.C000_LOCAL.made-up", pkce.verifier, CALLBACK, CLIENT, SECRET, false)
                .body()).get("error").asText());
        HttpResponse<String> getToken = get(msa.baseUrl() + "/consumers/oauth2/v2.0/token");
        assertEquals(400, getToken.statusCode());
    }

    @Test
    void codesExpireAfterFiveMinutes() throws Exception {
        Pkce pkce = new Pkce();
        String code = code(Account.of("ada@outlook.com"), CLIENT, CALLBACK, pkce, "n");
        try {
            msa.setClock(Clock.fixed(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(5), ZoneOffset.UTC));
            HttpResponse<String> late = redeem(code, pkce.verifier, CALLBACK, CLIENT, SECRET, false);
            assertEquals(400, late.statusCode());
            assertEquals(70008, JSON.readTree(late.body()).get("error_codes").get(0).asInt());
        } finally {
            msa.setClock(Clock.systemUTC());
        }
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void eachTamperModeBreaksTheNextIdTokenAsItSays(Tamper tamper) throws Exception {
        msa.tamperNextIdToken(tamper);
        Pkce pkce = new Pkce();
        String code = code(Account.of("eve@outlook.com"), CLIENT, CALLBACK, pkce, "the-nonce");
        String idToken = idToken(redeem(code, pkce.verifier, CALLBACK, CLIENT, SECRET, false));
        Set<String> kids = jwks().getJsonWebKeys().stream().map(JsonWebKey::getKeyId).collect(Collectors.toSet());
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(idToken.split("\\.")[0]));
        long now = Instant.now().getEpochSecond();

        if (tamper == Tamper.NONE) {
            assertEquals("the-nonce", verify(idToken, CLIENT).getStringClaimValue("nonce"));
            return;
        }
        assertThrows(InvalidJwtException.class, () -> strictCheck(idToken), "a strict verifier refuses " + tamper);
        switch (tamper) {
            case BAD_SIGNATURE -> {
                assertTrue(kids.contains(header.get("kid").asText()));
                assertEquals("RS256", header.get("alg").asText());
                assertThrows(InvalidJwtException.class, () -> claimsOnly(idToken, true));
                JwtClaims claims = claimsOnly(idToken, false);
                assertEquals(LocalMicrosoftAccount.ISSUER, claims.getIssuer());
                assertEquals("the-nonce", claims.getStringClaimValue("nonce"));
            }
            case UNKNOWN_KID -> {
                assertEquals("RS256", header.get("alg").asText());
                assertFalse(kids.contains(header.get("kid").asText()));
            }
            case ALG_NONE -> {
                assertEquals("none", header.get("alg").asText());
                assertTrue(idToken.endsWith("."), "no signature");
                assertEquals("the-nonce", claimsOnly(idToken, false).getStringClaimValue("nonce"));
            }
            case WRONG_ISSUER -> {
                JwtClaims claims = claimsOnly(idToken, true);
                assertEquals("https://login.microsoftonline.com/" + LocalMicrosoftAccount.OTHER_TENANT_ID + "/v2.0", claims.getIssuer());
                assertEquals(LocalMicrosoftAccount.TENANT_ID, claims.getStringClaimValue("tid"));
            }
            case WRONG_TID -> {
                JwtClaims claims = claimsOnly(idToken, true);
                assertEquals(LocalMicrosoftAccount.ISSUER, claims.getIssuer());
                assertEquals(LocalMicrosoftAccount.OTHER_TENANT_ID, claims.getStringClaimValue("tid"));
                assertNotEquals(LocalMicrosoftAccount.TENANT_ID, claims.getStringClaimValue("tid"));
            }
            case WRONG_AUDIENCE -> {
                JwtClaims claims = claimsOnly(idToken, true);
                assertEquals(1, claims.getAudience().size());
                assertNotEquals(CLIENT, claims.getAudience().get(0));
            }
            case EXPIRED -> {
                JwtClaims claims = claimsOnly(idToken, true);
                assertTrue(Math.abs(claims.getExpirationTime().getValue() - (now - 3600)) <= 5);
                assertTrue(Math.abs(claims.getIssuedAt().getValue() - (now - 7200)) <= 5);
            }
            case WRONG_NONCE -> {
                JwtClaims claims = claimsOnly(idToken, true);
                assertNotNull(claims.getStringClaimValue("nonce"));
                assertNotEquals("the-nonce", claims.getStringClaimValue("nonce"));
            }
            case NO_NONCE -> assertFalse(claimsOnly(idToken, true).hasClaim("nonce"));
            default -> throw new AssertionError(tamper);
        }
        assertEquals("the-nonce", verify(idToken(redeemFresh(Account.of("eve@outlook.com"), "the-nonce")), CLIENT)
                .getStringClaimValue("nonce"), "the next token is clean again");
    }

    // ------------------------------------------------------------------------------------------------ outage, delay, counters

    @Test
    void anOutageAnswers503EverywhereThenRecovers() throws Exception {
        Pkce pkce = new Pkce();
        String code = code(Account.of("ada@outlook.com"), CLIENT, CALLBACK, pkce, "n");
        msa.setAvailable(false);
        try {
            for (String path : List.of("/consumers/v2.0/.well-known/openid-configuration", "/consumers/discovery/v2.0/keys",
                    "/consumers/oauth2/v2.0/authorize?client_id=" + CLIENT, "/consumers/oauth2/v2.0/logout")) {
                HttpResponse<String> response = get(msa.baseUrl() + path);
                assertEquals(503, response.statusCode(), path);
                assertEquals("temporarily_unavailable", JSON.readTree(response.body()).get("error").asText());
            }
            assertEquals(503, redeem(code, pkce.verifier, CALLBACK, CLIENT, SECRET, false).statusCode());
        } finally {
            msa.setAvailable(true);
        }
        assertEquals(200, redeem(code, pkce.verifier, CALLBACK, CLIENT, SECRET, false).statusCode(), "the code survived the outage");
        assertEquals(200, get(msa.baseUrl() + "/consumers/oauth2/v2.0/logout").statusCode());
    }

    @Test
    void aSlowProviderIsSlow() throws Exception {
        msa.setResponseDelay(Duration.ofMillis(400));
        try {
            long start = System.nanoTime();
            assertEquals(200, get(msa.authority() + "/.well-known/openid-configuration").statusCode());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 390);
        } finally {
            msa.setResponseDelay(Duration.ZERO);
        }
        long start = System.nanoTime();
        get(msa.authority() + "/.well-known/openid-configuration");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 390);
    }

    @Test
    void countersCount() throws Exception {
        int discovery = msa.discoveryRequests();
        int keys = msa.jwksRequests();
        int tokens = msa.tokenRequests();
        get(msa.authority() + "/.well-known/openid-configuration");
        get(msa.authority() + "/.well-known/openid-configuration");
        get(msa.baseUrl() + "/consumers/discovery/v2.0/keys");
        redeemFresh(Account.of("ada@outlook.com"));
        assertEquals(discovery + 2, msa.discoveryRequests());
        assertEquals(keys + 1, msa.jwksRequests());
        assertEquals(tokens + 1, msa.tokenRequests());
    }

    @Test
    void bindsToLoopbackOnly() throws Exception {
        try (LocalMicrosoftAccount own = new LocalMicrosoftAccount(0, "c", "s", List.of("http://localhost/cb"))) {
            assertTrue(own.port() > 0);
            assertEquals(200, get(own.authority() + "/.well-known/openid-configuration").statusCode());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static final class Pkce {
        final String verifier;
        final String challenge;

        Pkce() throws Exception {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    static Map<String, String> authorizeParams(String clientId, String redirectUri, Pkce pkce, String state, String nonce) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("scope", "openid profile email");
        params.put("redirect_uri", redirectUri);
        params.put("state", state);
        params.put("nonce", nonce);
        params.put("code_challenge", pkce.challenge);
        params.put("code_challenge_method", "S256");
        params.put("response_mode", "query");
        return params;
    }

    static String authorizeUrl(Map<String, String> params) {
        return msa.baseUrl() + "/consumers/oauth2/v2.0/authorize?" + encode(params);
    }

    /** A code for this account through the sign-in shortcut. */
    static String code(Account account, String clientId, String redirectUri, Pkce pkce, String nonce) throws Exception {
        msa.signInNextAs(account);
        HttpResponse<String> response = get(authorizeUrl(authorizeParams(clientId, redirectUri, pkce, "st", nonce)));
        assertEquals(302, response.statusCode(), response.body());
        Map<String, String> back = query(response.headers().firstValue("Location").orElseThrow());
        assertEquals("st", back.get("state"));
        return back.get("code");
    }

    static HttpResponse<String> redeemFresh(Account account) throws Exception {
        return redeemFresh(account, "n");
    }

    static HttpResponse<String> redeemFresh(Account account, String nonce) throws Exception {
        Pkce pkce = new Pkce();
        return redeem(code(account, CLIENT, CALLBACK, pkce, nonce), pkce.verifier, CALLBACK, CLIENT, SECRET, false);
    }

    static HttpResponse<String> redeem(String code, String verifier, String redirectUri, String clientId, String secret,
                                       boolean basic) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        String authorization = null;
        if (basic) {
            authorization = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        } else {
            form.put("client_id", clientId);
            form.put("client_secret", secret);
        }
        return post(msa.baseUrl() + "/consumers/oauth2/v2.0/token", form, authorization);
    }

    static String idToken(HttpResponse<String> tokenResponse) throws Exception {
        assertEquals(200, tokenResponse.statusCode(), tokenResponse.body());
        return JSON.readTree(tokenResponse.body()).get("id_token").asText();
    }

    static JsonWebKeySet jwks() throws Exception {
        return new JsonWebKeySet(get(msa.baseUrl() + "/consumers/discovery/v2.0/keys").body());
    }

    /** What a careful relying party does: signature by kid from the JWKS, RS256 only, exact issuer, audience, expiry. */
    static JwtClaims verify(String idToken, String audience) throws Exception {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks().getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(LocalMicrosoftAccount.ISSUER)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireNotBefore()
                .setRequireSubject()
                .build();
        return consumer.processToClaims(idToken);
    }

    /** {@link #verify} plus the checks that are the application's own: tid and nonce. */
    static void strictCheck(String idToken) throws Exception {
        JwtClaims claims = verify(idToken, CLIENT);
        if (!LocalMicrosoftAccount.TENANT_ID.equals(claims.getStringClaimValue("tid"))
                || !"the-nonce".equals(claims.getStringClaimValue("nonce"))) {
            throw new InvalidJwtException("tid or nonce", List.of(), new JwtContext(idToken, claims, List.of()));
        }
    }

    /** The claims, checking only the signature against the JWKS (or nothing at all). */
    static JwtClaims claimsOnly(String idToken, boolean checkSignature) throws Exception {
        JwtConsumerBuilder builder = new JwtConsumerBuilder().setSkipDefaultAudienceValidation()
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(0)).setAllowedClockSkewInSeconds(Integer.MAX_VALUE);
        if (checkSignature) {
            builder.setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks().getJsonWebKeys()))
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256);
        } else {
            builder.setSkipSignatureVerification().setJwsAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS)
                    .setDisableRequireSignature();
        }
        return builder.build().processToClaims(idToken);
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, Map<String, String> form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static Set<String> fields(JsonNode node) {
        Set<String> out = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
