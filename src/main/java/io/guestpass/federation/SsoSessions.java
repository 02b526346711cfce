package io.guestpass.federation;

import io.guestpass.directory.GuestUser;
import io.guestpass.directory.SsoSession;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.web.SealedCookie;
import io.guestpass.web.SealedCookies;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Guestpass's single sign-on session as the browser holds it: cookie {@value #COOKIE} (the {@code __Host-} prefix makes
 * browsers insist on Secure, Path=/ and no Domain, so no sibling host can set or read it), sealed with the data key and
 * naming an {@link SsoSession} row by id and secret. quarkus-oidc never reads it (its own cookies have other names), so a
 * browser that has one still calls bearer APIs as before. A cookie that is forged, foreign, expired or names an ended
 * session is simply no session.
 */
@ApplicationScoped
public class SsoSessions {

    public static final String COOKIE = "__Host-guestpass-session";

    /** What the cookie carries. */
    @RegisterForReflection
    public record Reference(UUID id, String secret) {
    }

    /** A session that signs its guest in, with that guest. */
    public record Active(SsoSession session, GuestUser guest) {

        /** The guest as the audit trail names them for sign-ins the session makes: as the provider vouched for them. */
        public Caller actor() {
            return new Caller(session.providerSubject, session.providerClient, true, Set.of(), Set.of());
        }
    }

    /** A session just made, and the cookie that carries it to the browser. */
    public record Begun(SsoSession session, NewCookie cookie) {
    }

    private final SealedCookie<Reference> cookie;
    private final Duration lifetime;
    private final Clock clock;

    SsoSessions(SealedCookies cookies, GuestpassConfig config, Clock clock) {
        this.cookie = cookies.named(COOKIE, "/", Reference.class);
        this.lifetime = config.oidc().ssoSessionLifetime();
        this.clock = clock;
    }

    /**
     * A new session for a guest the provider just vouched for, persisted in the caller's transaction; the cookie is what
     * the browser gets.
     */
    public Uni<Begun> start(GuestUser guest, FederatedIdentity identity, Instant authTime) {
        SsoSession.Started started = SsoSession.start(guest.id, idp(identity), identity.subject(), identity.clientId(), authTime,
                lifetime, clock.instant());
        SsoSession session = started.session();
        return session.<SsoSession>persist().map(v -> new Begun(session,
                cookie.write(new Reference(session.id, started.secret()), session.expiresAt.getEpochSecond())));
    }

    /** The idp claim Entra gives guests of each provider: live.com for Microsoft accounts. */
    public static String idp(FederatedIdentity identity) {
        return MicrosoftAccountProvider.ISSUER_LABEL.equals(identity.issuer()) ? "live.com" : identity.issuer();
    }

    /** The browser's session, if its cookie names one that still signs its guest in; null otherwise. */
    public Uni<Active> current(String cookieValue) {
        Reference reference = cookie.open(cookieValue).orElse(null);
        if (reference == null || reference.id() == null) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        return Panache.withSession(() -> SsoSession.<SsoSession>findById(reference.id()).chain(session -> {
            if (session == null || !session.heldBy(reference.secret())) {
                return Uni.createFrom().<Active>nullItem();
            }
            return GuestUser.<GuestUser>findById(session.userId)
                    .map(guest -> session.signsIn(guest, now) ? new Active(session, guest) : null);
        }));
    }

    /**
     * Ends the browser's session (logout): the row is revoked whatever state it is in, so a stolen copy of the cookie is
     * worthless too. Answers the ended session (for front-channel logout), or null when the cookie named none.
     */
    public Uni<SsoSession> end(String cookieValue) {
        Reference reference = cookie.open(cookieValue).orElse(null);
        if (reference == null || reference.id() == null) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> SsoSession.<SsoSession>findById(reference.id()).map(session -> {
            if (session == null || !session.heldBy(reference.secret())) {
                return null;
            }
            boolean wasLive = session.revokedAt == null && now.isBefore(session.expiresAt);
            session.revoke(now);
            return wasLive ? session : null;
        }));
    }

    public NewCookie clear() {
        return cookie.clear();
    }
}
