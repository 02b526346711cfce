package io.guestpass.oidc;

import io.guestpass.directory.Application;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an authorization request (OpenID Connect Core §3.1.2.1–2, RFC 6749 §4.1.1, RFC 7636, RFC 9700). Until the client
 * and its redirect URI are known to be registered, nothing is sent anywhere: the person gets a page. After that, errors
 * go back to the application in its response mode, with its state.
 */
@ApplicationScoped
public class AuthorizationRequests {

    /** The outcome of the checks. */
    public sealed interface Check permits Invalid, Refused, Valid {
    }

    /** The request cannot be answered at the redirect URI (unknown client, unregistered redirect URI): a page. */
    public record Invalid(String reason) implements Check {
    }

    /** The request is refused with an OAuth error sent to the (registered) redirect URI. */
    public record Refused(String redirectUri, String responseMode, String state, String error, String description) implements Check {
    }

    public record Valid(AuthorizationRequest request, Application application) implements Check {
    }

    static final Set<String> RESPONSE_MODES = Set.of("query", "fragment", "form_post");
    static final Set<String> PROMPTS = Set.of("none", "login", "select_account", "consent", "create");
    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final int MAX_VALUE = 2048;
    private static final List<String> SINGLE = List.of("client_id", "redirect_uri", "response_type", "response_mode", "scope",
            "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "max_age", "login_hint", "request", "request_uri");

    private final String adminAudience;

    AuthorizationRequests(@ConfigProperty(name = "quarkus.oidc.token.audience", defaultValue = "api://guestpass") String adminAudience) {
        this.adminAudience = adminAudience;
    }

    public Uni<Check> check(MultivaluedMap<String, String> params) {
        String clientId = single(params, "client_id");
        String redirectUri = single(params, "redirect_uri");
        if (clientId == null || redirectUri == null) {
            return invalid("client_id and redirect_uri are required, once each");
        }
        return Panache.withSession(() -> Application.findByAppId(clientId).chain(app -> {
            if (app == null) {
                return invalid("unknown client_id");
            }
            Optional<Application.ClientKind> kind = app.redirectKind(redirectUri);
            if (kind.isEmpty()) {
                return invalid("redirect_uri is not registered for this application");
            }
            return afterClient(params, app, kind.get(), redirectUri);
        }));
    }

    private Uni<Check> afterClient(MultivaluedMap<String, String> params, Application app, Application.ClientKind kind, String redirectUri) {
        String requestedMode = single(params, "response_mode");
        String mode = requestedMode != null && RESPONSE_MODES.contains(requestedMode) ? requestedMode : "query";
        String state = params.containsKey("state") && params.get("state").size() == 1 ? params.getFirst("state") : null;
        for (String name : SINGLE) {
            List<String> values = params.get(name);
            if (values != null && values.size() > 1) {
                return refused(redirectUri, mode, null, "invalid_request", name + " appears more than once");
            }
            if (values != null && values.get(0) != null && values.get(0).length() > MAX_VALUE) {
                return refused(redirectUri, mode, null, "invalid_request", name + " is too long");
            }
        }
        if (params.containsKey("request")) {
            return refused(redirectUri, mode, state, "request_not_supported", "request objects are not supported");
        }
        if (params.containsKey("request_uri")) {
            return refused(redirectUri, mode, state, "request_uri_not_supported", "request_uri is not supported");
        }
        if (requestedMode != null && !RESPONSE_MODES.contains(requestedMode)) {
            return refused(redirectUri, mode, state, "invalid_request", "response_mode must be query, fragment or form_post");
        }
        String responseType = single(params, "response_type");
        if (!"code".equals(responseType)) {
            return refused(redirectUri, mode, state, responseType == null ? "invalid_request" : "unsupported_response_type",
                    "only response_type=code is supported");
        }
        String challenge = single(params, "code_challenge");
        String method = single(params, "code_challenge_method");
        if (challenge == null && (kind != Application.ClientKind.WEB || method != null)) {
            return refused(redirectUri, mode, state, "invalid_request", "PKCE (code_challenge with S256) is required for this client");
        }
        if (challenge != null && (!"S256".equals(method) || !CODE_CHALLENGE.matcher(challenge).matches())) {
            return refused(redirectUri, mode, state, "invalid_request", "code_challenge_method must be S256 with a valid code_challenge");
        }
        String prompt = single(params, "prompt");
        if (prompt != null && !PROMPTS.contains(prompt)) {
            return refused(redirectUri, mode, state, "invalid_request", "prompt must be one of none, login, select_account, consent, create");
        }
        Long maxAge = null;
        String rawMaxAge = single(params, "max_age");
        if (rawMaxAge != null) {
            try {
                maxAge = Long.parseLong(rawMaxAge);
            } catch (NumberFormatException e) {
                maxAge = -1L;
            }
            if (maxAge < 0) {
                return refused(redirectUri, mode, state, "invalid_request", "max_age must be a non-negative integer");
            }
        }
        Long ageLimit = maxAge;
        return Scopes.resolve(single(params, "scope"), adminAudience)
                .<Check>map(granted -> new Valid(new AuthorizationRequest(app.appId.toString(), kind.name(), redirectUri, mode,
                        granted.scope(), granted.resource(), state, single(params, "nonce"), challenge, prompt, ageLimit,
                        single(params, "login_hint"), null), app))
                .onFailure(Scopes.InvalidScope.class)
                .recoverWithItem(e -> new Refused(redirectUri, mode, state, "invalid_scope", e.getMessage()));
    }

    private static String single(MultivaluedMap<String, String> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.size() != 1 || values.get(0) == null || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static Uni<Check> invalid(String reason) {
        return Uni.createFrom().item(new Invalid(reason));
    }

    private static Uni<Check> refused(String redirectUri, String mode, String state, String error, String description) {
        return Uni.createFrom().item(new Refused(redirectUri, mode, state, error, description));
    }
}
