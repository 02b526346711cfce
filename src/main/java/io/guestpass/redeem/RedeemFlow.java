package io.guestpass.redeem;

import io.guestpass.acceptance.InvitationAcceptance;
import io.guestpass.acceptance.Redemption;

import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.IdentityProvider;
import io.guestpass.federation.MicrosoftAccountProvider;
import io.guestpass.federation.IdentityProviders;
import io.guestpass.federation.JourneyState;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.web.Languages;
import io.guestpass.web.Page;
import io.guestpass.web.PageRenderer;
import io.guestpass.web.SealedCookie;
import io.guestpass.web.SealedCookies;
import io.guestpass.web.Texts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Which page each situation of the redeem flow shows: one place for every page, so each says what happened and what to do. */
@ApplicationScoped
public class RedeemFlow {

    /** The journey's state between requests: 30 minutes from the link, scoped to /redeem. */
    static final Duration LIFETIME = Duration.ofMinutes(30);
    public static final String COOKIE = "gp_redeem";
    /** Straight to Microsoft's account picker (redemption has one provider today). */
    static final String ANOTHER_ACCOUNT = "/redeem/signin/msa?" + io.guestpass.federation.Journey.ANOTHER_ACCOUNT + "=1";

    private final PageRenderer pages;
    private final SealedCookie<JourneyState<TicketReference>> cookie;
    private final IdentityProviders providers;
    private final GuestpassConfig config;
    private final Clock clock;

    RedeemFlow(PageRenderer pages, SealedCookies cookies, IdentityProviders providers, GuestpassConfig config, Clock clock) {
        this.pages = pages;
        this.cookie = cookies.named(COOKIE, "/redeem", cookies.typeOf(JourneyState.class, TicketReference.class));
        this.providers = providers;
        this.config = config;
        this.clock = clock;
    }

    SealedCookie<JourneyState<TicketReference>> cookie() {
        return cookie;
    }

    /** A new journey for a ticket that was just looked up. */
    NewCookie start(byte[] ticketHash, String invitedAddress) {
        return write(JourneyState.start(TicketReference.of(ticketHash, invitedAddress), clock.instant(), LIFETIME));
    }

    NewCookie write(JourneyState<TicketReference> state) {
        return cookie.write(state, state.expiresAtEpochSecond());
    }

    public Redemption.Stage stage(Redemption redemption) {
        return redemption.stage(clock.instant());
    }

    String bucket(byte[] ticketHash) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ticketHash);
    }

    Response unknown(Locale locale) {
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        return pages.respond(Page.of(404, t.unknownHeading(), t.unknownBody()), locale, cookie.clear());
    }

    /** A provider the invitation policy does not list for redemption (reached by its address, not by a button). */
    Response notOffered(FederatedIdentity identity, Locale locale) {
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        return pages.respond(Page.of(403, t.notOfferedHeading(), t.notOfferedBody(pages.organization(), providerName(identity))), locale);
    }

    Response throttled(Locale locale, Duration retryAfter) {
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        return pages.respond(Page.of(429, t.throttledHeading(), t.throttledBody()), locale, retryAfter);
    }

    Response stateExpired(Locale locale) {
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        return pages.respond(Page.of(400, t.stateExpiredHeading(), t.stateExpiredBody()), locale, cookie.clear());
    }

    /** The provider was unreachable (503, try later) or its answer was not accepted (401); the invitation stays redeemable. */
    Response providerFailed(Locale locale, boolean unreachable) {
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        return pages.respond(Page.of(unreachable ? 503 : 401, t.providerHeading(), t.providerBody(),
                Page.Action.link(t.tryAgainButton(), "/redeem/start", true)), locale,
                unreachable ? Duration.ofSeconds(60) : null);
    }

    Response refusedAccount(Locale locale) {
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        return pages.respond(Page.of(403, t.refusedHeading(), t.refusedBody(),
                Page.Action.link(t.anotherAccountButton(), ANOTHER_ACCOUNT, true)), locale);
    }

    /** The landing page of a valid link: who invites whom, and a button per identity provider. */
    Uni<Response> startPage(Redemption redemption, JourneyState<TicketReference> state, String language) {
        Locale locale = locale(redemption, language);
        if (stage(redemption) != Redemption.Stage.PENDING) {
            return Uni.createFrom().item(stagePage(redemption, locale));
        }
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        return providers.forRedemption(redemption.policy().redemptionProviders).map(offered -> {
            List<Page.Action> buttons = new ArrayList<>();
            for (IdentityProvider provider : offered) {
                buttons.add(Page.Action.link(provider.buttonLabel(locale), "/redeem/signin/" + provider.tenant(), buttons.isEmpty()));
            }
            // the help (how to make a Microsoft account for this address) only where a Microsoft account is offered
            List<String> body = offered.stream().anyMatch(p -> p.id().equals(MicrosoftAccountProvider.ID))
                    ? List.of(t.startBody(redemption.invitation().invitedEmail), t.startHelp())
                    : List.of(t.startBody(redemption.invitation().invitedEmail));
            return pages.respond(new Page(200, t.startHeading(pages.organization()), body, buttons, null), locale);
        });
    }

    /** Every stage but pending has its own page; none of them signs anyone in. */
    Response stagePage(Redemption redemption, Locale locale) {
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        String organization = pages.organization();
        return switch (stage(redemption)) {
            case UNKNOWN -> unknown(locale);
            case EXPIRED -> pages.respond(Page.of(410, t.expiredHeading(), t.expiredBody(organization)), locale, cookie.clear());
            case SUPERSEDED -> pages.respond(Page.of(410, t.supersededHeading(), t.supersededBody(organization)), locale, cookie.clear());
            case REVOKED -> pages.respond(Page.of(410, t.revokedHeading(), t.revokedBody(organization)), locale, cookie.clear());
            case DISABLED -> pages.respond(Page.of(403, t.disabledHeading(), t.disabledBody(organization)), locale, cookie.clear());
            case ACCEPTED -> {
                String target = redemption.allowedRedirect();
                yield target == null
                        ? pages.respond(Page.of(200, t.acceptedHeading(), t.acceptedBody()), locale, cookie.clear())
                        : pages.respond(Page.of(200, t.acceptedHeading(), t.acceptedBody(),
                                Page.Action.link(t.continueButton(), target, true)), locale, cookie.clear());
            }
            case PENDING -> throw new IllegalStateException("a pending invitation has no stage page");
        };
    }

    /** After the provider vouched for someone: refuse with a clear page, or move on to consent. */
    Response afterSignIn(Redemption redemption, JourneyState<TicketReference> state, FederatedIdentity identity, boolean linkedElsewhere, String language) {
        Locale locale = locale(redemption, language);
        if (stage(redemption) != Redemption.Stage.PENDING) {
            return stagePage(redemption, locale);
        }
        InvitationAcceptance.Verdict refused = InvitationAcceptance.admits(redemption, identity, InvitationAcceptance.Route.TICKET);
        if (refused == null && linkedElsewhere) {
            refused = InvitationAcceptance.Verdict.LINKED_ELSEWHERE;
        }
        if (refused != null) {
            return refusal(refused, redemption, identity, locale);
        }
        return pages.seeOther("/redeem/consent", write(new JourneyState<>(state.csrf(), state.expiresAtEpochSecond(), identity,
                state.payload().authenticatedAt(clock.instant().getEpochSecond()))));
    }

    Response consentPage(Redemption redemption, JourneyState<TicketReference> state, String language) {
        Locale locale = locale(redemption, language);
        if (stage(redemption) != Redemption.Stage.PENDING) {
            return stagePage(redemption, locale);
        }
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        String organization = pages.organization();
        FederatedIdentity identity = state.identity();
        String target = redemption.allowedRedirect();
        List<Page.Action> actions = new ArrayList<>(List.of(Page.Action.form(t.acceptButton(), "/redeem/accept", state.csrf(), true),
                Page.Action.form(t.declineButton(), "/redeem/decline", state.csrf(), false)));
        config.organization().termsUrl().ifPresent(terms -> actions.add(Page.Action.link(t.termsLink(), terms, false)));
        String name = identity.name() == null || identity.name().isBlank() ? String.valueOf(identity.email()) : identity.name();
        return pages.respond(new Page(200, t.consentHeading(organization),
                List.of(t.consentBody(String.valueOf(identity.email()), organization, config.directory().domain(), name,
                        String.valueOf(identity.email()), providerName(identity)), t.consentTerms(organization)),
                actions, target == null ? null : PageRenderer.origin(target)), locale);
    }

    /** What the person signed in with, as the consent page names it (a configured provider by its issuer). */
    private String providerName(FederatedIdentity identity) {
        return providers.byId(identity.providerId()).map(IdentityProvider::displayName).orElse(identity.issuer());
    }

    /** After acceptance; {@code ssoSession} is the new SSO session's cookie when the invitation was accepted. */
    Response afterAccept(InvitationAcceptance.Outcome outcome, JourneyState<TicketReference> state, String language, NewCookie ssoSession) {
        Redemption redemption = outcome.redemption();
        Locale locale = locale(redemption, language);
        return switch (outcome.verdict()) {
            // the provider's session ended at sign-in; our state cookie goes now, Guestpass's own SSO session begins
            case ACCEPTED -> pages.seeOther(redemption.allowedRedirect(), cookie.clear(), ssoSession);
            case NOT_PENDING, DISABLED -> stagePage(redemption, locale);
            default -> refusal(outcome.verdict(), redemption, state.identity(), locale);
        };
    }

    Response declined(Redemption redemption, String language) {
        Locale locale = locale(redemption, language);
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        return pages.respond(Page.of(200, t.declinedHeading(), t.declinedBody()), locale, cookie.clear());
    }

    private Response refusal(InvitationAcceptance.Verdict verdict, Redemption redemption, FederatedIdentity identity, Locale locale) {
        RedeemTexts t = Texts.in(RedeemTexts.class, locale);
        String organization = pages.organization();
        // back to the account picker of the provider the person just used
        Page.Action another = Page.Action.link(t.anotherAccountButton(), "/redeem/signin/" + providers.tenantOf(identity.providerId())
                + "?" + io.guestpass.federation.Journey.ANOTHER_ACCOUNT + "=1", true);
        return switch (verdict) {
            case ADDRESS_MISMATCH -> pages.respond(Page.of(403, t.mismatchHeading(),
                    t.mismatchBody(PageRenderer.mask(identity.email()), redemption.invitation().invitedEmail),
                    another), locale);
            case ADDRESS_UNVERIFIED -> pages.respond(Page.of(403, t.unverifiedHeading(), t.unverifiedBody(organization),
                    another), locale);
            case SIGN_IN_DOMAIN_NOT_ALLOWED -> pages.respond(Page.of(403, t.signInDomainHeading(),
                    t.signInDomainBody(PageRenderer.mask(identity.email()), organization), another), locale);
            case DOMAIN_NOT_ALLOWED -> pages.respond(Page.of(403, t.domainHeading(), t.domainBody(organization)), locale);
            case LINKED_ELSEWHERE -> pages.respond(Page.of(409, t.linkedHeading(), t.linkedBody(organization), another), locale);
            case REDIRECT_NOT_ALLOWED -> pages.respond(Page.of(403, t.redirectHeading(), t.redirectBody(organization)), locale);
            default -> stagePage(redemption, locale);
        };
    }

    Locale locale(Redemption redemption, String language) {
        return Languages.forPage(language, redemption.invitation() == null ? null : redemption.invitation().messageLanguage);
    }

}
