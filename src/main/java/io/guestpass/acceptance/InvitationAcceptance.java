package io.guestpass.acceptance;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.ConsentRecord;
import io.guestpass.directory.DirectoryPolicy;
import io.guestpass.directory.EmailAddress;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.Invitation;
import io.guestpass.directory.LockOrder;
import io.guestpass.directory.RedeemTicket;
import io.guestpass.directory.SignInIdentity;
import io.guestpass.federation.FederatedIdentity;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Accepting a pending invitation: the one exactly-once transaction that redemption (the invitation found by the emailed
 * ticket), app sign-in and sign-up (found by the verified address of the account that signed in) all use. Rows are
 * locked in {@link LockOrder}'s order and the ticket is retired in the same transaction, so of two acceptances at the same
 * moment exactly one wins.
 */
@ApplicationScoped
public class InvitationAcceptance {

    /** The result of an acceptance attempt. */
    public enum Verdict {
        ACCEPTED, NOT_PENDING, DISABLED, ADDRESS_MISMATCH, ADDRESS_UNVERIFIED, DOMAIN_NOT_ALLOWED, SIGN_IN_DOMAIN_NOT_ALLOWED,
        REDIRECT_NOT_ALLOWED, LINKED_ELSEWHERE
    }

    /** How the invitation was found, which decides what must hold beyond the directory's policy. */
    public enum Route {
        /** By the emailed ticket: the guest continues to the invitation's redirect URL, which must still be allowed. */
        TICKET,
        /** By the verified address of the account that signed in: that address must be the invited one. */
        ADDRESS
    }

    public record Outcome(Verdict verdict, Redemption redemption) {
    }

    private final AuditTrail audit;
    private final GuestpassConfig config;
    private final Clock clock;

    InvitationAcceptance(AuditTrail audit, GuestpassConfig config, Clock clock) {
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Read-only: what the ticket leads to. Nothing changes (mail scanners fetch links). */
    public Uni<Redemption> lookUp(byte[] ticketHash) {
        return Panache.withSession(() -> load(ticketHash, LockModeType.NONE));
    }

    /**
     * Read-only: the pending invitation of the guest with this verified address, through its live ticket; UNKNOWN when
     * there is none. Only an address the provider verified can find an invitation.
     */
    public Uni<Redemption> pendingFor(FederatedIdentity identity) {
        Optional<EmailAddress> address = identity.verifiedAddress();
        if (address.isEmpty()) {
            return Uni.createFrom().item(Redemption.UNKNOWN);
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select t.ticketHash from RedeemTicket t, Invitation i, GuestUser u where t.invitationId = i.id "
                                + "and i.userId = u.id and u.mailKey = :key and i.status = :pending and t.retiredAt is null "
                                + "order by t.issuedAt desc", byte[].class)
                .setParameter("key", address.get().key())
                .setParameter("pending", Invitation.Status.PendingAcceptance)
                .setMaxResults(1).getSingleResultOrNull())
                .chain(hash -> hash == null ? Uni.createFrom().item(Redemption.UNKNOWN) : load(hash, LockModeType.NONE)));
    }

    /** The guest this identity is linked to, if any (with the guest's row). */
    public Uni<GuestUser> guestOf(FederatedIdentity identity) {
        return Panache.withSession(() -> SignInIdentity.ownerOf(identity.issuer(), identity.issuerAssignedId())
                .chain(userId -> userId == null ? Uni.createFrom().nullItem() : GuestUser.<GuestUser>findById(userId)));
    }

    /**
     * Whether this identity may redeem this invitation (address policy); checked after sign-in and again at acceptance.
     * Only a verified, canonical address counts: matching compares keys exactly, and without the matching rule the
     * domain lists still apply to the address that actually redeems. Whatever cannot be checked is refused.
     */
    public static Verdict admits(Redemption redemption, FederatedIdentity identity, Route route) {
        DirectoryPolicy policy = redemption.policy();
        EmailAddress invited = EmailAddress.parse(redemption.invitation().invitedEmail, "invitedEmail");
        if (!policy.admitsAddress(invited)) {
            return Verdict.DOMAIN_NOT_ALLOWED;
        }
        boolean mustMatch = policy.requireMatchingAddress || route == Route.ADDRESS;
        if (!mustMatch && !policy.restrictsDomains()) {
            return null;
        }
        if (!identity.emailVerified()) {
            return Verdict.ADDRESS_UNVERIFIED;
        }
        Optional<EmailAddress> signedIn = identity.verifiedAddress();
        if (mustMatch) {
            return signedIn.filter(invited::sameAs).isPresent() ? null : Verdict.ADDRESS_MISMATCH;
        }
        return signedIn.filter(policy::admitsAddress).isPresent() ? null : Verdict.SIGN_IN_DOMAIN_NOT_ALLOWED;
    }

    /** Whether the identity is already linked to another guest (nothing may then change). */
    public Uni<Boolean> linkedElsewhere(FederatedIdentity identity, UUID userId) {
        return Panache.withSession(() -> SignInIdentity.count("issuer = ?1 and issuerAssignedId = ?2 and userId <> ?3",
                identity.issuer(), identity.issuerAssignedId(), userId).map(n -> n > 0));
    }

    /** Accepts the invitation the ticket leads to for this identity, exactly once. */
    public Uni<Outcome> accept(byte[] ticketHash, FederatedIdentity identity, Route route) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> load(ticketHash, LockModeType.PESSIMISTIC_WRITE).chain(redemption -> {
            Redemption.Stage stage = redemption.stage(now);
            if (stage == Redemption.Stage.DISABLED) {
                return Uni.createFrom().item(new Outcome(Verdict.DISABLED, redemption));
            }
            if (stage != Redemption.Stage.PENDING) {
                return Uni.createFrom().item(new Outcome(Verdict.NOT_PENDING, redemption));
            }
            Verdict refused = admits(redemption, identity, route);
            if (refused != null) {
                return Uni.createFrom().item(new Outcome(refused, redemption));
            }
            if (route == Route.TICKET && redemption.allowedRedirect() == null) {
                return Uni.createFrom().item(new Outcome(Verdict.REDIRECT_NOT_ALLOWED, redemption));
            }
            return SignInIdentity.link(redemption.user().id, identity.issuer(), identity.issuerAssignedId(), identity.subject(),
                            identity.clientId(), now)
                    .chain(owner -> owner.equals(redemption.user().id)
                            ? complete(redemption, identity, route, now).replaceWith(new Outcome(Verdict.ACCEPTED, redemption))
                            : Uni.createFrom().item(new Outcome(Verdict.LINKED_ELSEWHERE, redemption)));
        }));
    }

    /** The person declined the invitation: nothing changes but the audit trail, which keeps who declined which invitation. */
    public Uni<Void> recordDecline(Redemption redemption, FederatedIdentity identity) {
        if (redemption.invitation() == null) {
            return Uni.createFrom().voidItem();
        }
        Caller guest = new Caller(identity.subject(), identity.clientId(), true, Set.of(), Set.of());
        return Panache.withTransaction(() -> audit.record(guest, "invitation.declined", "invitation", redemption.invitation().id,
                Map.of("userId", redemption.user().id.toString(), "signInAddress", String.valueOf(identity.email())))).replaceWithVoid();
    }

    private Uni<Void> complete(Redemption redemption, FederatedIdentity identity, Route route, Instant now) {
        GuestUser user = redemption.user();
        redemption.invitation().complete(now);
        redemption.ticket().retire(RedeemTicket.RetiredReason.Redeemed, now);
        user.accept(now);
        Caller guest = new Caller(identity.subject(), identity.clientId(), true, Set.of(), Set.of());
        return ConsentRecord.accepted(user.id, redemption.invitation().id, config.organization().termsVersion(), now).persist()
                .chain(() -> audit.record(guest, "invitation.redeemed", "invitation", redemption.invitation().id,
                        Map.of("userId", user.id.toString(), "signInAddress", String.valueOf(identity.email()),
                                "via", route == Route.TICKET ? "link" : "signIn")))
                .replaceWithVoid();
    }

    /** With PESSIMISTIC_WRITE the rows are locked in {@link LockOrder}'s order: guest, invitation, ticket. */
    private static Uni<Redemption> load(byte[] ticketHash, LockModeType lock) {
        return LockOrder.ticket(ticketHash, lock).chain(locked -> locked == null ? Uni.createFrom().item(Redemption.UNKNOWN)
                : DirectoryPolicy.current().map(policy -> new Redemption(locked.ticket(), locked.invitation(), locked.user(), policy)));
    }
}
