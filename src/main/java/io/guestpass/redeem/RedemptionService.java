package io.guestpass.redeem;

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
 * Looks tickets up and accepts invitations. Acceptance is one transaction that locks the guest, the invitation and the
 * ticket (in {@link LockOrder}'s order, as every other change does), re-checks every rule, links the identity, records consent and consumes the ticket: two tabs accepting at the
 * same moment give one acceptance, and the second sees "already accepted" — the database settles it.
 */
@ApplicationScoped
public class RedemptionService {

    /** The result of an acceptance attempt. */
    public enum Verdict {
        ACCEPTED, NOT_PENDING, DISABLED, ADDRESS_MISMATCH, ADDRESS_UNVERIFIED, DOMAIN_NOT_ALLOWED, SIGN_IN_DOMAIN_NOT_ALLOWED,
        REDIRECT_NOT_ALLOWED, LINKED_ELSEWHERE
    }

    public record Outcome(Verdict verdict, Redemption redemption) {
    }

    private final AuditTrail audit;
    private final GuestpassConfig config;
    private final Clock clock;

    RedemptionService(AuditTrail audit, GuestpassConfig config, Clock clock) {
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Read-only: what the ticket leads to. Nothing changes (mail scanners fetch links). */
    public Uni<Redemption> lookUp(byte[] ticketHash) {
        return Panache.withSession(() -> load(ticketHash, LockModeType.NONE));
    }

    /**
     * Whether this identity may redeem this invitation (address policy); checked after sign-in and again at acceptance.
     * Only a verified, canonical address counts: matching compares keys exactly, and without the matching rule the
     * domain lists still apply to the address that actually redeems. Whatever cannot be checked is refused.
     */
    public static Verdict admits(Redemption redemption, FederatedIdentity identity) {
        DirectoryPolicy policy = redemption.policy();
        EmailAddress invited = EmailAddress.parse(redemption.invitation().invitedEmail, "invitedEmail");
        if (!policy.admitsAddress(invited)) {
            return Verdict.DOMAIN_NOT_ALLOWED;
        }
        if (!policy.requireMatchingAddress && !policy.restrictsDomains()) {
            return null;
        }
        if (!identity.emailVerified()) {
            return Verdict.ADDRESS_UNVERIFIED;
        }
        Optional<EmailAddress> signedIn = identity.verifiedAddress();
        if (policy.requireMatchingAddress) {
            return signedIn.filter(invited::sameAs).isPresent() ? null : Verdict.ADDRESS_MISMATCH;
        }
        return signedIn.filter(policy::admitsAddress).isPresent() ? null : Verdict.SIGN_IN_DOMAIN_NOT_ALLOWED;
    }

    /** Whether the identity is already linked to another guest (nothing may then change). */
    public Uni<Boolean> linkedElsewhere(FederatedIdentity identity, UUID userId) {
        return Panache.withSession(() -> SignInIdentity.count("issuer = ?1 and issuerAssignedId = ?2 and userId <> ?3",
                identity.issuer(), identity.issuerAssignedId(), userId).map(n -> n > 0));
    }

    public Uni<Outcome> accept(byte[] ticketHash, FederatedIdentity identity) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> load(ticketHash, LockModeType.PESSIMISTIC_WRITE).chain(redemption -> {
            Redemption.Stage stage = redemption.stage(now);
            if (stage == Redemption.Stage.DISABLED) {
                return Uni.createFrom().item(new Outcome(Verdict.DISABLED, redemption));
            }
            if (stage != Redemption.Stage.PENDING) {
                return Uni.createFrom().item(new Outcome(Verdict.NOT_PENDING, redemption));
            }
            Verdict refused = admits(redemption, identity);
            if (refused != null) {
                return Uni.createFrom().item(new Outcome(refused, redemption));
            }
            if (redemption.allowedRedirect() == null) {
                return Uni.createFrom().item(new Outcome(Verdict.REDIRECT_NOT_ALLOWED, redemption));
            }
            return link(redemption.user(), identity, now).chain(owner -> owner.equals(redemption.user().id)
                    ? complete(redemption, identity, now).replaceWith(new Outcome(Verdict.ACCEPTED, redemption))
                    : Uni.createFrom().item(new Outcome(Verdict.LINKED_ELSEWHERE, redemption)));
        }));
    }

    /**
     * Links the identity to the guest unless it is linked already, and answers whom it belongs to. One statement, so that
     * one account accepting two invitations at the same moment cannot meet the unique constraint: the second waits for
     * the first and sees its row. The no-op update makes RETURNING give the existing row's owner.
     */
    private static Uni<UUID> link(GuestUser user, FederatedIdentity identity, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into sign_in_identity (id, user_id, sign_in_type, issuer, issuer_assigned_id, subject, client_id, created_at) "
                                + "values (:id, :userId, 'federated', :issuer, :issuerAssignedId, :subject, :clientId, :now) "
                                + "on conflict (issuer, issuer_assigned_id) do update set issuer = excluded.issuer returning user_id", UUID.class)
                .setParameter("id", UUID.randomUUID())
                .setParameter("userId", user.id)
                .setParameter("issuer", identity.issuer())
                .setParameter("issuerAssignedId", identity.issuerAssignedId())
                .setParameter("subject", identity.subject())
                .setParameter("clientId", identity.clientId())
                .setParameter("now", now)
                .getSingleResult());
    }

    private Uni<Void> complete(Redemption redemption, FederatedIdentity identity, Instant now) {
        GuestUser user = redemption.user();
        redemption.invitation().complete(now);
        redemption.ticket().retire(RedeemTicket.RetiredReason.Redeemed, now);
        user.accept(now);
        ConsentRecord consent = new ConsentRecord();
        consent.id = UUID.randomUUID();
        consent.userId = user.id;
        consent.invitationId = redemption.invitation().id;
        consent.termsVersion = config.organization().termsVersion();
        consent.acceptedAt = now;
        Caller guest = new Caller(identity.subject(), identity.clientId(), true, Set.of(), Set.of());
        return consent.persist()
                .chain(() -> audit.record(guest, "invitation.redeemed", "invitation", redemption.invitation().id,
                        Map.of("userId", user.id.toString(), "signInAddress", String.valueOf(identity.email()))))
                .replaceWithVoid();
    }

    /** With PESSIMISTIC_WRITE the rows are locked in {@link LockOrder}'s order: guest, invitation, ticket. */
    private static Uni<Redemption> load(byte[] ticketHash, LockModeType lock) {
        return LockOrder.ticket(ticketHash, lock).chain(locked -> locked == null ? Uni.createFrom().item(Redemption.UNKNOWN)
                : DirectoryPolicy.current().map(policy -> new Redemption(locked.ticket(), locked.invitation(), locked.user(), policy)));
    }
}
