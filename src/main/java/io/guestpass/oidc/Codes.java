package io.guestpass.oidc;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.AuthorizationCode;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.SsoSession;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.federation.SsoSessions;
import io.guestpass.platform.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gives a signed-in guest's application its authorization code (stored hashed, with the sign-in in the audit trail), under
 * an SSO session: a new one when the provider just vouched for the guest, or the browser's own.
 */
@ApplicationScoped
public class Codes {

    private final AuthorizationResponses responses;
    private final AuditTrail audit;
    private final SsoSessions sessions;
    private final Clock clock;

    Codes(AuthorizationResponses responses, AuditTrail audit, SsoSessions sessions, Clock clock) {
        this.responses = responses;
        this.audit = audit;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The provider just vouched for the guest: a new SSO session (its cookie goes with the answer) and the code. */
    public Uni<Response> issue(AuthorizationRequest request, GuestUser guest, FederatedIdentity identity, Locale locale, NewCookie... cookies) {
        Caller person = new Caller(identity.subject(), identity.clientId(), true, Set.of(), Set.of());
        Instant authTime = Instant.ofEpochSecond(request.authenticatedAt());
        return Panache.withTransaction(() -> sessions.start(guest, identity, authTime).chain(begun -> {
            begun.session().clientIds.add(request.clientId());
            return code(request, guest, begun.session(), person).map(code -> {
                NewCookie[] all = Arrays.copyOf(cookies, cookies.length + 1);
                all[cookies.length] = begun.cookie();
                return responses.code(request, code, locale, all);
            });
        }));
    }

    /** The browser's SSO session signs the guest in: the code at once, no provider, the session's auth_time. */
    Uni<Response> issue(AuthorizationRequest request, SsoSessions.Active active, Locale locale) {
        return Panache.withTransaction(() -> SsoSession.signedInTo(active.session().id, request.clientId())
                        .chain(() -> code(request, active.guest(), active.session(), active.actor())))
                .map(code -> responses.code(request, code, locale));
    }

    private Uni<String> code(AuthorizationRequest request, GuestUser guest, SsoSession session, Caller person) {
        AuthorizationCode.Issued issued = AuthorizationCode.issue(request.clientId(), request.redirectUri(), request.codeChallenge(),
                guest.id, request.scope(), request.resource(), request.nonce(), session.idp, session.authTime, clock.instant());
        issued.code().sessionId = session.id;
        return issued.code().persist()
                .chain(() -> audit.record(person, "application.signIn", "application", request.clientId(),
                        Map.of("userId", guest.id.toString())))
                .map(v -> issued.plaintext());
    }
}
