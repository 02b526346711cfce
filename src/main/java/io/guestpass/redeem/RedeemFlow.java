package io.guestpass.redeem;

import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.IdentityProvider;
import io.guestpass.platform.GuestpassConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Which page each situation of the redeem flow shows: one place for every page, so each says what happened and what to do. */
@ApplicationScoped
public class RedeemFlow {

    private final RedeemPages pages;
    private final RedeemStateCookie cookies;
    private final Instance<IdentityProvider> providers;
    private final GuestpassConfig config;
    private final Clock clock;

    RedeemFlow(RedeemPages pages, RedeemStateCookie cookies, Instance<IdentityProvider> providers, GuestpassConfig config, Clock clock) {
        this.pages = pages;
        this.cookies = cookies;
        this.providers = providers;
        this.config = config;
        this.clock = clock;
    }

    public Redemption.Stage stage(Redemption redemption) {
        return redemption.stage(clock.instant());
    }

    String bucket(byte[] ticketHash) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ticketHash);
    }

    Response unknown(Locale locale) {
        RedeemTexts t = pages.texts(locale);
        return pages.respond(RedeemPage.of(404, t.unknownHeading(), t.unknownBody()), locale, cookies.clear());
    }

    Response throttled(Locale locale, Duration retryAfter) {
        RedeemTexts t = pages.texts(locale);
        return pages.respond(RedeemPage.of(429, t.throttledHeading(), t.throttledBody()), locale, retryAfter);
    }

    Response stateExpired(Locale locale) {
        RedeemTexts t = pages.texts(locale);
        return pages.respond(RedeemPage.of(400, t.stateExpiredHeading(), t.stateExpiredBody()), locale, cookies.clear());
    }

    /** The provider was unreachable (503, try later) or its answer was not accepted (401); the invitation stays redeemable. */
    Response providerFailed(Locale locale, boolean unreachable) {
        RedeemTexts t = pages.texts(locale);
        return pages.respond(RedeemPage.of(unreachable ? 503 : 401, t.providerHeading(), t.providerBody(),
                RedeemPage.Action.link(t.tryAgainButton(), "/redeem/start", true)), locale,
                unreachable ? Duration.ofSeconds(60) : null);
    }

    Response refusedAccount(Locale locale) {
        RedeemTexts t = pages.texts(locale);
        return pages.respond(RedeemPage.of(403, t.refusedHeading(), t.refusedBody(),
                RedeemPage.Action.link(t.anotherAccountButton(), "/redeem/start", true)), locale);
    }

    /** The landing page of a valid link: who invites whom, and a button per identity provider. */
    Response startPage(Redemption redemption, RedeemState state, String language) {
        Locale locale = locale(redemption, language);
        if (stage(redemption) != Redemption.Stage.PENDING) {
            return stagePage(redemption, locale);
        }
        RedeemTexts t = pages.texts(locale);
        List<RedeemPage.Action> buttons = new ArrayList<>();
        for (IdentityProvider provider : providers) {
            buttons.add(RedeemPage.Action.link(provider.buttonLabel(locale), "/redeem/signin/" + provider.tenant(), buttons.isEmpty()));
        }
        return pages.respond(new RedeemPage(200, t.startHeading(pages.organization()),
                List.of(t.startBody(redemption.invitation().invitedEmail)), buttons, null), locale);
    }

    /** Every stage but pending has its own page; none of them signs anyone in. */
    Response stagePage(Redemption redemption, Locale locale) {
        RedeemTexts t = pages.texts(locale);
        String organization = pages.organization();
        return switch (stage(redemption)) {
            case UNKNOWN -> unknown(locale);
            case EXPIRED -> pages.respond(RedeemPage.of(410, t.expiredHeading(), t.expiredBody(organization)), locale, cookies.clear());
            case SUPERSEDED -> pages.respond(RedeemPage.of(410, t.supersededHeading(), t.supersededBody(organization)), locale, cookies.clear());
            case REVOKED -> pages.respond(RedeemPage.of(410, t.revokedHeading(), t.revokedBody(organization)), locale, cookies.clear());
            case DISABLED -> pages.respond(RedeemPage.of(403, t.disabledHeading(), t.disabledBody(organization)), locale, cookies.clear());
            case ACCEPTED -> {
                String target = redemption.allowedRedirect();
                yield target == null
                        ? pages.respond(RedeemPage.of(200, t.acceptedHeading(), t.acceptedBody()), locale, cookies.clear())
                        : pages.respond(RedeemPage.of(200, t.acceptedHeading(), t.acceptedBody(),
                                RedeemPage.Action.link(t.continueButton(), target, true)), locale, cookies.clear());
            }
            case PENDING -> throw new IllegalStateException("a pending invitation has no stage page");
        };
    }

    /** After the provider vouched for someone: refuse with a clear page, or move on to consent. */
    Response afterSignIn(Redemption redemption, RedeemState state, FederatedIdentity identity, boolean linkedElsewhere, String language) {
        Locale locale = locale(redemption, language);
        if (stage(redemption) != Redemption.Stage.PENDING) {
            return stagePage(redemption, locale);
        }
        RedemptionService.Verdict refused = RedemptionService.admits(redemption, identity);
        if (refused == null && linkedElsewhere) {
            refused = RedemptionService.Verdict.LINKED_ELSEWHERE;
        }
        if (refused != null) {
            return refusal(refused, redemption, identity, locale);
        }
        return pages.seeOther("/redeem/consent", cookies.write(state.withIdentity(identity)));
    }

    Response consentPage(Redemption redemption, RedeemState state, String language) {
        Locale locale = locale(redemption, language);
        if (stage(redemption) != Redemption.Stage.PENDING) {
            return stagePage(redemption, locale);
        }
        RedeemTexts t = pages.texts(locale);
        String organization = pages.organization();
        FederatedIdentity identity = state.identity();
        String target = redemption.allowedRedirect();
        return pages.respond(new RedeemPage(200, t.consentHeading(organization),
                List.of(t.consentBody(String.valueOf(identity.email()), organization, String.valueOf(identity.email())),
                        t.consentTerms(organization, config.organization().termsVersion())),
                List.of(RedeemPage.Action.form(t.acceptButton(), "/redeem/accept", state.csrf(), true),
                        RedeemPage.Action.form(t.declineButton(), "/redeem/decline", state.csrf(), false)),
                target == null ? null : origin(target)), locale);
    }

    Response afterAccept(RedemptionService.Outcome outcome, RedeemState state, String language) {
        Redemption redemption = outcome.redemption();
        Locale locale = locale(redemption, language);
        return switch (outcome.verdict()) {
            // the provider's session ended at sign-in; our state cookie goes now
            case ACCEPTED -> pages.seeOther(redemption.allowedRedirect(), cookies.clear());
            case NOT_PENDING, DISABLED -> stagePage(redemption, locale);
            default -> refusal(outcome.verdict(), redemption, state.identity(), locale);
        };
    }

    Response declined(Redemption redemption, String language) {
        Locale locale = locale(redemption, language);
        RedeemTexts t = pages.texts(locale);
        return pages.respond(RedeemPage.of(200, t.declinedHeading(), t.declinedBody()), locale, cookies.clear());
    }

    private Response refusal(RedemptionService.Verdict verdict, Redemption redemption, FederatedIdentity identity, Locale locale) {
        RedeemTexts t = pages.texts(locale);
        String organization = pages.organization();
        RedeemPage.Action another = RedeemPage.Action.link(t.anotherAccountButton(), "/redeem/start", true);
        return switch (verdict) {
            case ADDRESS_MISMATCH -> pages.respond(RedeemPage.of(403, t.mismatchHeading(),
                    t.mismatchBody(RedeemPages.mask(identity.email()), RedeemPages.mask(redemption.invitation().invitedEmail)),
                    another), locale);
            case ADDRESS_UNVERIFIED -> pages.respond(RedeemPage.of(403, t.unverifiedHeading(), t.unverifiedBody(organization),
                    another), locale);
            case SIGN_IN_DOMAIN_NOT_ALLOWED -> pages.respond(RedeemPage.of(403, t.signInDomainHeading(),
                    t.signInDomainBody(RedeemPages.mask(identity.email()), organization), another), locale);
            case DOMAIN_NOT_ALLOWED -> pages.respond(RedeemPage.of(403, t.domainHeading(), t.domainBody(organization)), locale);
            case LINKED_ELSEWHERE -> pages.respond(RedeemPage.of(409, t.linkedHeading(), t.linkedBody(organization), another), locale);
            case REDIRECT_NOT_ALLOWED -> pages.respond(RedeemPage.of(403, t.redirectHeading(), t.redirectBody(organization)), locale);
            default -> stagePage(redemption, locale);
        };
    }

    Locale locale(Redemption redemption, String language) {
        return RedeemPages.locale(language, redemption.invitation() == null ? null : redemption.invitation().messageLanguage);
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
