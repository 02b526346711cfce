package io.guestpass.redeem;

import io.guestpass.acceptance.InvitationAcceptance;
import io.guestpass.acceptance.Redemption;

import io.guestpass.directory.RedeemTicket;
import io.guestpass.federation.JourneyState;
import io.guestpass.federation.SsoSessions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.guestpass.web.Languages;
import io.guestpass.web.PageRenderer;
import io.guestpass.platform.RateLimiter;
import io.guestpass.platform.RequestGate;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The emailed link and the pages around the identity-provider round trip:
 * {@code GET /redeem?ticket=} (no side effects; moves the ticket into sealed state and off the address bar),
 * {@code GET /redeem/start}, {@code GET /redeem/consent}, {@code POST /redeem/accept}, {@code POST /redeem/decline}.
 * The round trip itself is {@link SignInResource}.
 */
@Path("/redeem")
@Produces(MediaType.TEXT_HTML)
public class RedeemResource {

    /** Failed ticket look-ups per client address. */
    static final RateLimiter.Limit LOOKUP_FAILURES = new RateLimiter.Limit("redeem-lookup-failures", 20, Duration.ofMinutes(10));
    /** Attempts per ticket: look-ups, sign-ins and acceptances together. */
    static final RateLimiter.Limit TICKET_ATTEMPTS = new RateLimiter.Limit("redeem-ticket", 30, Duration.ofHours(1));

    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final InvitationAcceptance redemptions;
    private final PageRenderer pages;
    private final RedeemFlow flow;
    private final RateLimiter limiter;
    private final RoutingContext request;
    private final SsoSessions sessions;
    private final Clock clock;

    RedeemResource(InvitationAcceptance redemptions, PageRenderer pages, RedeemFlow flow,
            RateLimiter limiter, RoutingContext request, SsoSessions sessions, Clock clock) {
        this.redemptions = redemptions;
        this.pages = pages;
        this.flow = flow;
        this.limiter = limiter;
        this.request = request;
        this.sessions = sessions;
        this.clock = clock;
    }

    @GET
    public Uni<Response> link(@QueryParam("ticket") String ticket, @HeaderParam("Accept-Language") String language) {
        String client = request.get(RequestGate.SOURCE_IP);
        Locale locale = Languages.forPage(language, null);
        return limiter.peek(LOOKUP_FAILURES, String.valueOf(client)).chain(failures -> {
            if (!failures.allowed()) {
                return Uni.createFrom().item(flow.throttled(locale, failures.retryAfter()));
            }
            if (ticket == null || !TICKET.matcher(ticket).matches()) {
                return limiter.hit(LOOKUP_FAILURES, String.valueOf(client)).map(v -> flow.unknown(locale));
            }
            byte[] hash = RedeemTicket.hash(ticket);
            return redemptions.lookUp(hash).chain(redemption -> {
                if (flow.stage(redemption) == Redemption.Stage.UNKNOWN) {
                    return limiter.hit(LOOKUP_FAILURES, String.valueOf(client)).map(v -> flow.unknown(locale));
                }
                return limiter.hit(TICKET_ATTEMPTS, flow.bucket(hash)).map(attempts -> attempts.allowed()
                        // the ticket leaves the address bar: it travels on sealed, and the page has a clean URL
                        ? pages.seeOther("/redeem/start", flow.start(hash, redemption.invitation().invitedEmail))
                        : flow.throttled(locale, attempts.retryAfter()));
            });
        });
    }

    @GET
    @Path("start")
    public Uni<Response> start(@CookieParam(RedeemFlow.COOKIE) String sealed, @HeaderParam("Accept-Language") String language) {
        return withState(flow.cookie().open(sealed), language, state -> redemptions.lookUp(state.payload().hash())
                .chain(redemption -> flow.startPage(redemption, state, language)));
    }

    @GET
    @Path("consent")
    public Uni<Response> consent(@CookieParam(RedeemFlow.COOKIE) String sealed, @HeaderParam("Accept-Language") String language) {
        return withState(flow.cookie().open(sealed).filter(s -> s.identity() != null), language,
                state -> redemptions.lookUp(state.payload().hash())
                        .map(redemption -> flow.consentPage(redemption, state, language)));
    }

    @POST
    @Path("accept")
    public Uni<Response> accept(@CookieParam(RedeemFlow.COOKIE) String sealed, @FormParam("csrf") String csrf,
            @HeaderParam("Accept-Language") String language) {
        return withState(verified(sealed, csrf), language, state -> {
            byte[] hash = state.payload().hash();
            return limiter.hit(TICKET_ATTEMPTS, flow.bucket(hash)).chain(attempts -> attempts.allowed()
                    ? redemptions.accept(hash, state.identity(), InvitationAcceptance.Route.TICKET)
                            .chain(outcome -> ssoSession(outcome, state).map(session -> flow.afterAccept(outcome, state, language, session)))
                    : Uni.createFrom().item(flow.throttled(Languages.forPage(language, null), attempts.retryAfter())));
        });
    }

    @POST
    @Path("decline")
    public Uni<Response> decline(@CookieParam(RedeemFlow.COOKIE) String sealed, @FormParam("csrf") String csrf,
            @HeaderParam("Accept-Language") String language) {
        return withState(verified(sealed, csrf), language, state -> redemptions.lookUp(state.payload().hash())
                .call(redemption -> redemptions.recordDecline(redemption, state.identity()))
                .map(redemption -> flow.declined(redemption, language)));
    }

    @GET
    @Path("signin-error")
    public Response providerError(@HeaderParam("Accept-Language") String language) {
        return flow.providerFailed(Languages.forPage(language, null), false);
    }

    /**
     * A guest who just accepted gets Guestpass's SSO session, so that the application the invitation leads to signs them in
     * without asking Microsoft a second time. auth_time is when Microsoft vouched for them.
     */
    private Uni<NewCookie> ssoSession(InvitationAcceptance.Outcome outcome, JourneyState<TicketReference> state) {
        if (outcome.verdict() != InvitationAcceptance.Verdict.ACCEPTED) {
            return Uni.createFrom().nullItem();
        }
        Long authenticatedAt = state.payload().authenticatedAt();
        Instant authTime = authenticatedAt == null ? clock.instant() : Instant.ofEpochSecond(authenticatedAt);
        return Panache.withTransaction(() -> sessions.start(outcome.redemption().user(), state.identity(), authTime))
                .map(SsoSessions.Begun::cookie);
    }

    /** Continues with the sealed state; without one (missing, expired, forged) the page says to open the link again. */
    private Uni<Response> withState(Optional<JourneyState<TicketReference>> state, String language, Function<JourneyState<TicketReference>, Uni<Response>> next) {
        return state.map(next).orElseGet(() -> Uni.createFrom().item(flow.stateExpired(Languages.forPage(language, null))));
    }

    /** The state, only when the form's CSRF token is the one sealed into it (compared in constant time). */
    private Optional<JourneyState<TicketReference>> verified(String sealed, String csrf) {
        return flow.cookie().open(sealed).filter(state -> state.acceptsForm(csrf));
    }
}
