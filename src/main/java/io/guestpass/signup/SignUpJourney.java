package io.guestpass.signup;

import io.guestpass.acceptance.InvitationAcceptance;
import io.guestpass.acceptance.Redemption;
import io.guestpass.connectors.ConnectorAnswer;
import io.guestpass.directory.EmailAddress;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.Journey;
import io.guestpass.federation.JourneyState;
import io.guestpass.oidc.AuthorizationRequest;
import io.guestpass.oidc.Codes;
import io.guestpass.oidc.SignInJourney;
import io.guestpass.oidc.SignUpEntry;
import io.guestpass.web.Languages;
import io.guestpass.web.SealedCookie;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Self-service sign-up through a user flow, as a journey through the shared provider round trip: provider page → provider →
 * postFederationSignup connector → attribute page → postAttributeCollection connector → the guest → back to the
 * application with a code. Sign up <em>or</em> sign in: an identity that already belongs to a guest, or whose verified
 * address has a pending invitation, continues as an app sign-in (which accepts that invitation exactly once) instead of
 * becoming a second guest.
 */
@ApplicationScoped
public class SignUpJourney implements Journey<SignUpRequest>, SignUpEntry {

    private static final Logger LOG = Logger.getLogger(SignUpJourney.class);

    private final SignUpPages pages;
    private final SignUpFlows flows;
    private final SignUpConnectors connectors;
    private final SignUpRegistration registration;
    private final InvitationAcceptance acceptance;
    private final SignInJourney signIn;
    private final Codes codes;
    private final Clock clock;

    SignUpJourney(SignUpPages pages, SignUpFlows flows, SignUpConnectors connectors, SignUpRegistration registration,
            InvitationAcceptance acceptance, SignInJourney signIn, Codes codes, Clock clock) {
        this.pages = pages;
        this.flows = flows;
        this.connectors = connectors;
        this.registration = registration;
        this.acceptance = acceptance;
        this.signIn = signIn;
        this.codes = codes;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "signup";
    }

    @Override
    public String path() {
        return SignUpPages.PATH;
    }

    @Override
    public String signInPath() {
        return SignUpPages.PROVIDER_PATH;
    }

    @Override
    public String callbackPath() {
        return SignUpPages.PATH + "/callback";
    }

    @Override
    public String errorPath() {
        return SignUpPages.PATH + "/error";
    }

    @Override
    public SealedCookie<JourneyState<SignUpRequest>> state() {
        return pages.cookie();
    }

    /** The application's login_hint reaches the provider; the person may ask for the account picker. */
    @Override
    public Map<String, String> providerParameters(JourneyState<SignUpRequest> state, boolean anotherAccount) {
        Map<String, String> parameters = new LinkedHashMap<>(Journey.super.providerParameters(state, anotherAccount));
        String hint = state.payload().authorization().loginHint();
        if (hint != null && !anotherAccount) {
            parameters.put("login_hint", hint);
        }
        return parameters;
    }

    @Override
    public Uni<Response> start(AuthorizationRequest request, Locale locale) {
        return flows.ofApplication(request.clientId()).map(found -> begin(found, request, locale));
    }

    /** {@code GET /signup/{userFlowId}}: the flow must be the one the application is linked to. */
    Uni<Response> start(String userFlowId, AuthorizationRequest request, Locale locale) {
        return flows.of(userFlowId, request.clientId()).map(found -> begin(found, request, locale));
    }

    private Response begin(SignUpFlows.Lookup found, AuthorizationRequest request, Locale locale) {
        if (found.flow() == null) {
            return refused(found.refusal(), locale);
        }
        JourneyState<SignUpRequest> state = JourneyState.start(new SignUpRequest(found.flow().flow().id, request), clock.instant(),
                SignUpPages.LIFETIME);
        return pages.start(found.flow(), locale, pages.write(state));
    }

    @Override
    public Uni<Optional<Response>> continueWith(AuthorizationRequest request, FederatedIdentity identity, String language) {
        return flows.ofApplication(request.clientId()).chain(found -> {
            if (found.flow() == null || !found.flow().offers(identity.providerId())) {
                return Uni.createFrom().item(Optional.empty());
            }
            JourneyState<SignUpRequest> state = JourneyState.start(new SignUpRequest(found.flow().flow().id, request),
                    clock.instant(), SignUpPages.LIFETIME).withIdentity(identity);
            return afterFederation(state, found.flow(), language).map(Optional::of);
        });
    }

    @Override
    public Uni<Response> signedIn(JourneyState<SignUpRequest> state, FederatedIdentity identity, String language) {
        Locale locale = Languages.forPage(language, null);
        SignUpRequest request = state.payload();
        AuthorizationRequest authenticated = request.authorization().authenticatedAt(clock.instant().getEpochSecond());
        JourneyState<SignUpRequest> signedIn = new JourneyState<>(state.csrf(), state.expiresAtEpochSecond(), identity,
                new SignUpRequest(request.userFlowId(), authenticated));
        return flows.of(request.userFlowId(), authenticated.clientId()).chain(found -> {
            if (found.flow() == null) {
                return Uni.createFrom().item(refused(found.refusal(), locale));
            }
            if (!found.flow().offers(identity.providerId())) {
                return Uni.createFrom().item(pages.refusedAccount(locale));
            }
            return acceptance.guestOf(identity).chain(guest -> guest != null ? asSignIn(signedIn, identity, language)
                    : acceptance.pendingFor(identity).chain(pending -> pending.stage(clock.instant()) != Redemption.Stage.UNKNOWN
                            ? asSignIn(signedIn, identity, language)
                            : afterFederation(signedIn, found.flow(), language)));
        });
    }

    /** A known guest or a pending invitee: the app sign-in journey decides (sign in, accept the invitation, or refuse). */
    private Uni<Response> asSignIn(JourneyState<SignUpRequest> state, FederatedIdentity identity, String language) {
        JourneyState<AuthorizationRequest> signInState = new JourneyState<>(state.csrf(), state.expiresAtEpochSecond(), null,
                state.payload().authorization());
        return signIn.signedIn(signInState, identity, language)
                .map(answer -> Response.fromResponse(answer).cookie(pages.cookie().clear()).build());
    }

    /** The provider vouched for someone new: the first connector, then the attribute page. */
    private Uni<Response> afterFederation(JourneyState<SignUpRequest> state, SignUpFlow flow, String language) {
        Locale locale = Languages.forPage(language, null);
        FederatedIdentity identity = state.identity();
        if (identity.verifiedAddress().isEmpty()) {
            return Uni.createFrom().item(pages.noVerifiedAddress(state, locale));
        }
        return connectors.afterFederation(flow, identity, locale.toLanguageTag(), deadline()).map(answer -> {
            if (answer.action() != ConnectorAnswer.Action.CONTINUE) {
                return stopped(answer, locale);
            }
            Map<String, List<String>> prefilled = SignUpConnectors.asFormValues(flow, answer.claims());
            if (prefilled == null) {
                return failed("postFederationSignup answered claims of the wrong shape", locale);
            }
            Map<String, List<String>> values = new AttributeForm(flow, SignUpPages.texts(locale)).defaults();
            if (identity.name() != null && !identity.name().isBlank()) {
                values.put("displayName", List.of(identity.name()));
            }
            values.putAll(prefilled);
            return pages.attributes(state, flow, values, Map.of(), null, locale);
        });
    }

    /** The attribute page came back (its CSRF token checked): check it, the second connector, then the guest. */
    Uni<Response> submitted(JourneyState<SignUpRequest> state, Map<String, List<String>> form, String language) {
        Locale locale = Languages.forPage(language, null);
        SignUpRequest request = state.payload();
        return flows.of(request.userFlowId(), request.authorization().clientId()).chain(found -> {
            if (found.flow() == null) {
                return Uni.createFrom().item(refused(found.refusal(), locale));
            }
            SignUpFlow flow = found.flow();
            AttributeForm attributes = new AttributeForm(flow, SignUpPages.texts(locale));
            String address = state.identity().verifiedAddress().map(EmailAddress::value).orElseThrow();
            AttributeForm.Checked checked = attributes.check(form, address);
            if (!checked.isValid()) {
                return Uni.createFrom().item(pages.attributes(state, flow, form, checked.errors(), null, locale));
            }
            return connectors.afterAttributes(flow, state.identity(), checked.values(), locale.toLanguageTag(), deadline()).chain(answer -> {
                if (answer.action() == ConnectorAnswer.Action.VALIDATION_ERROR) {
                    return Uni.createFrom().item(pages.attributes(state, flow, form, Map.of(), answer.userMessage(), locale));
                }
                if (answer.action() != ConnectorAnswer.Action.CONTINUE) {
                    return Uni.createFrom().item(stopped(answer, locale));
                }
                Map<String, List<String>> overwritten = SignUpConnectors.asFormValues(flow, answer.claims());
                if (overwritten == null) {
                    return Uni.createFrom().item(failed("postAttributeCollection answered claims of the wrong shape", locale));
                }
                Map<String, List<String>> merged = new LinkedHashMap<>(form);
                merged.putAll(overwritten);
                AttributeForm.Checked final_ = attributes.check(merged, address);
                if (!final_.isValid()) {
                    return Uni.createFrom().item(failed("postAttributeCollection overwrote " + final_.errors().keySet() + " with invalid values", locale));
                }
                return register(state, flow, final_.values(), locale);
            });
        });
    }

    private Uni<Response> register(JourneyState<SignUpRequest> state, SignUpFlow flow, Map<String, Object> values, Locale locale) {
        FederatedIdentity identity = state.identity();
        EmailAddress address = identity.verifiedAddress().orElseThrow();
        return registration.register(flow, identity, address, GuestAttributes.displayName(values, identity, address),
                GuestAttributes.stored(values), "page").chain(registered -> {
            switch (registered.result()) {
                case ADDRESS_TAKEN:
                    return Uni.createFrom().item(pages.addressTaken(state, locale));
                case EXISTING:
                    if (!registered.guest().accountEnabled || !registered.guest().hasAccepted()) {
                        return Uni.createFrom().item(pages.disabled(locale));
                    }
                    return codes.issue(state.payload().authorization(), registered.guest(), identity, locale, pages.cookie().clear());
                default:
                    return codes.issue(state.payload().authorization(), registered.guest(), identity, locale, pages.cookie().clear());
            }
        });
    }

    private Response stopped(ConnectorAnswer answer, Locale locale) {
        if (answer.action() == ConnectorAnswer.Action.SHOW_BLOCK_PAGE) {
            return pages.blocked(answer.userMessage(), locale);
        }
        return failed(answer.failure(), locale);
    }

    private Response failed(String reason, Locale locale) {
        LOG.warnf("Sign-up stopped by its API connector: %s", reason);
        return pages.connectorFailed(locale);
    }

    private Response refused(SignUpFlows.Refusal refusal, Locale locale) {
        return refusal == SignUpFlows.Refusal.SWITCHED_OFF ? pages.switchedOff(locale) : pages.noFlow(locale);
    }

    private Instant deadline() {
        return clock.instant().plus(SignUpConnectors.BUDGET);
    }

    @Override
    public Response stateExpired(Locale locale) {
        return pages.stateExpired(locale);
    }

    @Override
    public Response refusedAccount(Locale locale) {
        return pages.refusedAccount(locale);
    }

    @Override
    public Response providerFailed(Locale locale, boolean unreachable) {
        return pages.providerFailed(locale, unreachable);
    }
}
