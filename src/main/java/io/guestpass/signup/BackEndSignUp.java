package io.guestpass.signup;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.guestpass.acceptance.InvitationAcceptance;
import io.guestpass.acceptance.Redemption;
import io.guestpass.directory.Application;
import io.guestpass.directory.GuestUser;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.oidc.ClientAuthentication;
import io.guestpass.platform.GraphErrors;
import io.guestpass.platform.GraphException;
import io.guestpass.signup.api.IdTokenRefusedException;
import io.guestpass.signup.api.MicrosoftIdTokens;
import io.guestpass.web.Languages;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /signup/{userFlowId}}: a back end that already holds a person's Microsoft-account ID token signs them up in one
 * call. The caller authenticates as the registered application (HTTP Basic with its client id and a secret); the token must
 * be for one of the application's {@code microsoftAccountClientIds} and is used once. The same flow, connectors and rules
 * as the pages: 201 with the new guest, 200 when the person already is one (or accepted their pending invitation), 400
 * ValidationError naming the field, 403 when a connector blocks.
 */
@ApplicationScoped
public class BackEndSignUp {

    /** The request body. {@code attributes}: attribute id → value (string, number, boolean or list of strings). */
    @RegisterForReflection
    public record Request(String idToken, Map<String, JsonNode> attributes, String uiLocales) {
    }

    /** The guest, as Graph's user resource shows it (the collected attributes beside the fixed fields). */
    @RegisterForReflection
    public record SignedUp(String id, String displayName, String mail, String userPrincipalName, String userType, String creationType,
            String externalUserState, @JsonIgnore Map<String, Object> attributes) {

        @JsonAnyGetter
        Map<String, Object> collected() {
            return attributes;
        }

        static SignedUp of(GuestUser guest) {
            return new SignedUp(guest.id.toString(), guest.displayName, guest.mail, guest.userPrincipalName, guest.userType.name(),
                    guest.creationType.name(), guest.externalUserState == null ? null : guest.externalUserState.name(),
                    guest.attributes == null ? Map.of() : guest.attributes);
        }
    }

    private final SignUpFlows flows;
    private final SignUpSteps steps;
    private final MicrosoftIdTokens idTokens;
    private final InvitationAcceptance acceptance;
    private final GraphErrors errors;
    private final Clock clock;

    BackEndSignUp(SignUpFlows flows, SignUpSteps steps, MicrosoftIdTokens idTokens, InvitationAcceptance acceptance, GraphErrors errors,
            Clock clock) {
        this.errors = errors;
        this.flows = flows;
        this.steps = steps;
        this.idTokens = idTokens;
        this.acceptance = acceptance;
        this.clock = clock;
    }

    Uni<Response> signUp(String userFlowId, String authorization, Request request) {
        Instant deadline = steps.deadline();
        ClientAuthentication client;
        try {
            client = ClientAuthentication.of(authorization, new MultivaluedHashMap<>());
        } catch (ClientAuthentication.Malformed e) {
            return Uni.createFrom().item(unauthenticated(e.getMessage()));
        }
        if (client.clientId() == null || client.secret() == null) {
            return Uni.createFrom().item(unauthenticated("authenticate as the application: HTTP Basic with its client id and a client secret"));
        }
        return Panache.withSession(() -> Application.findByAppId(client.clientId())).chain(app -> {
            if (app == null || !app.isConfidential() || !app.verifiesSecret(client.secret(), clock.instant())) {
                return Uni.createFrom().item(unauthenticated("client authentication failed"));
            }
            return flows.of(userFlowId, client.clientId()).chain(found -> {
                if (found.flow() == null) {
                    throw found.refusal() == SignUpFlows.Refusal.SWITCHED_OFF
                            ? new GraphException(403, "SelfServiceSignUpDisabled", "Self-service sign-up is switched off for this directory.")
                            : GraphException.notFound("No user flow " + userFlowId + " is linked to this application.");
                }
                return withFlow(found.flow(), app, request, deadline);
            });
        });
    }

    private Uni<Response> withFlow(SignUpFlow flow, Application app, Request request, Instant deadline) {
        if (request == null || request.idToken() == null || request.idToken().isBlank()) {
            throw GraphException.validation("idToken", "idToken is required: the person's Microsoft-account ID token.");
        }
        Locale locale = Languages.forPage(request.uiLocales(), null);
        SignUpTexts texts = SignUpPages.texts(locale);
        Map<String, List<String>> given = request.attributes() == null ? Map.of() : SignUpConnectors.asFormValues(flow, request.attributes());
        if (given == null) {
            throw GraphException.badRequest("attributes: each value is a string, number, boolean or a list of strings.");
        }
        for (String id : request.attributes() == null ? Set.<String>of() : request.attributes().keySet()) {
            if (flow.assignments().stream().noneMatch(a -> a.attributeId().equals(id))) {
                throw GraphException.validation(id, id + ": this user flow does not collect this attribute.");
            }
        }
        // what was given is checked before the token is used up (a mistake costs the caller no new token); whether everything
        // required is there can only be known after the connector's prefill
        Map<String, String> wrong = new LinkedHashMap<>(new AttributeForm(flow, texts).check(given, "").errors());
        wrong.keySet().retainAll(given.keySet());
        if (!wrong.isEmpty()) {
            throw invalid(wrong);
        }
        Set<String> audiences = Set.copyOf(app.microsoftAccountClientIds);
        return idTokens.verify(request.idToken(), audiences)
                .onFailure(IdTokenRefusedException.class)
                .transform(e -> new GraphException(400, "InvalidIdToken", "The ID token is refused: " + ((IdTokenRefusedException) e).reason() + "."))
                .chain(identity -> acceptance.guestOf(identity).chain(guest -> guest != null ? existing(guest)
                        : acceptance.pendingFor(identity).chain(pending -> pending.stage(clock.instant()) != Redemption.Stage.UNKNOWN
                                ? accept(pending, identity)
                                : signUp(flow, identity, given, locale, texts, deadline))));
    }

    private Uni<Response> signUp(SignUpFlow flow, FederatedIdentity identity, Map<String, List<String>> given, Locale locale,
            SignUpTexts texts, Instant deadline) {
        if (!flow.offers(identity.providerId())) {
            throw GraphException.forbidden("This user flow does not offer the Microsoft account.");
        }
        if (identity.verifiedAddress().isEmpty()) {
            throw GraphException.validation("idToken", "The Microsoft account has no verified email address.");
        }
        return steps.afterFederation(flow, identity, locale.toLanguageTag(), texts, deadline).chain(first -> {
            if (!(first instanceof SignUpSteps.Prefilled prefilled)) {
                return Uni.createFrom().item(stopped(first));
            }
            Map<String, List<String>> values = new LinkedHashMap<>(prefilled.values());
            values.putAll(given);
            return steps.complete(flow, identity, values, locale.toLanguageTag(), texts, "api", deadline,
                    guest -> Uni.createFrom().nullItem()).map(outcome -> {
                if (outcome instanceof SignUpSteps.Invalid refused) {
                    if (refused.problem() != null) {
                        throw new GraphException(400, "ValidationError", refused.problem());
                    }
                    throw invalid(refused.errors());
                }
                if (!(outcome instanceof SignUpSteps.Done done)) {
                    return stopped(outcome);
                }
                SignUpRegistration.Registered registered = done.registered();
                if (registered.result() == SignUpRegistration.Result.ADDRESS_TAKEN) {
                    throw GraphException.conflict("The verified address already belongs to a guest who signs in with another account.");
                }
                return registered.result() == SignUpRegistration.Result.CREATED ? created(registered.guest()) : ok(registered.guest());
            });
        });
    }

    /** Sign up or sign in: the person already is a guest. */
    private static Uni<Response> existing(GuestUser guest) {
        if (!guest.accountEnabled) {
            throw new GraphException(403, "AccountDisabled", "The guest's account is disabled.");
        }
        if (!guest.hasAccepted()) {
            throw GraphException.conflict("The guest has not accepted their invitation yet.");
        }
        return Uni.createFrom().item(ok(guest));
    }

    /** A pending invitee: their invitation is accepted (the one exactly-once acceptance), not a second guest created. */
    private Uni<Response> accept(Redemption pending, FederatedIdentity identity) {
        if (pending.stage(clock.instant()) == Redemption.Stage.DISABLED) {
            throw new GraphException(403, "AccountDisabled", "The guest's account is disabled.");
        }
        if (pending.ticket() == null) {
            throw GraphException.conflict("The invitation for this address cannot be accepted.");
        }
        return acceptance.accept(pending.ticket().ticketHash, identity, InvitationAcceptance.Route.ADDRESS).map(outcome -> {
            if (outcome.verdict() != InvitationAcceptance.Verdict.ACCEPTED) {
                throw GraphException.conflict("The invitation for this address cannot be accepted (" + outcome.verdict() + ").");
            }
            return ok(outcome.redemption().user());
        });
    }

    private static Response stopped(SignUpSteps.Outcome outcome) {
        if (outcome instanceof SignUpSteps.Blocked blocked) {
            throw new GraphException(403, "Blocked", blocked.message());
        }
        throw new GraphException(502, "ApiConnectorFailed", "An API connector of this user flow did not answer usably; nothing was created.");
    }

    private static GraphException invalid(Map<String, String> errors) {
        Map.Entry<String, String> first = errors.entrySet().iterator().next();
        return GraphException.validation(first.getKey(), first.getKey() + ": " + first.getValue());
    }

    private static Response created(GuestUser guest) {
        return Response.created(URI.create("/v1.0/users/" + guest.id)).entity(SignedUp.of(guest)).build();
    }

    private static Response ok(GuestUser guest) {
        return Response.ok(SignedUp.of(guest)).build();
    }

    private Response unauthenticated(String message) {
        return Response.status(401).header("WWW-Authenticate", "Basic realm=\"guestpass\"")
                .entity(errors.body(GraphException.unauthorized(message), null)).build();
    }
}
