package io.guestpass.graph.users;

import io.guestpass.graph.invitations.ValidInvitation;
import io.guestpass.graph.odata.Paging;
import java.util.HashMap;
import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.SignInIdentity;
import io.guestpass.directory.SsoSession;
import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GraphException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads, pages, updates and deletes guests. Deleting erases their personal data everywhere but in the audit skeleton. */
@ApplicationScoped
public class UserService {

    /** One page of users with their identities. */
    public record Page(List<GuestUser> users, Map<UUID, List<SignInIdentity>> identities, boolean more) {
    }

    private final AuditTrail audit;
    private final Clock clock;

    UserService(AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<Page> list(UserFilter filter, Paging paging) {
        Map<String, Object> params = new HashMap<>(filter.params());
        String hql = paging.query("from GuestUser u", filter.where(), params, "u.createdAt", "u.id", false);
        return Panache.withSession(() -> GuestUser.<GuestUser>find(hql, params).page(0, paging.top() + 1).list()
                .chain(found -> {
                    boolean more = found.size() > paging.top();
                    List<GuestUser> page = more ? found.subList(0, paging.top()) : found;
                    return identitiesOf(page).map(identities -> new Page(page, identities, more));
                }));
    }

    public Uni<Page> read(UUID id) {
        return Panache.withSession(() -> GuestUser.<GuestUser>findById(id).chain(user -> {
            if (user == null) {
                throw GraphException.userNotFound(id.toString());
            }
            return identitiesOf(List.of(user)).map(identities -> new Page(List.of(user), identities, false));
        }));
    }

    public Uni<Void> update(Caller caller, UUID id, UserPatch patch) {
        if (patch == null || (patch.displayName() == null && patch.accountEnabled() == null)) {
            throw GraphException.badRequest("Give displayName or accountEnabled to change.");
        }
        if (patch.displayName() != null) {
            ValidInvitation.text(patch.displayName(), "displayName", ValidInvitation.MAX_NAME, false);
            if (patch.displayName().isBlank()) {
                throw GraphException.badRequest("displayName may not be empty.");
            }
        }
        return Panache.withTransaction(() -> GuestUser.<GuestUser>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(user -> {
            if (user == null) {
                throw GraphException.userNotFound(id.toString());
            }
            requireMayManage(caller, user);
            if (patch.displayName() != null) {
                user.displayName = patch.displayName();
            }
            if (patch.accountEnabled() != null) {
                user.accountEnabled = patch.accountEnabled();
            }
            return audit.record(caller, "user.updated", "user", user.id,
                    patch.displayName() == null ? null : Map.of("displayName", patch.displayName()));
        })).replaceWithVoid();
    }

    /** Identities, invitations, tickets, consent and queued mail go with the row (ON DELETE CASCADE); audit keeps the id only. */
    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> GuestUser.<GuestUser>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(user -> {
            if (user == null) {
                throw GraphException.userNotFound(id.toString());
            }
            requireMayManage(caller, user);
            return user.delete()
                    .chain(() -> audit.erasePersonalData(id))
                    .chain(() -> audit.record(caller, "user.deleted", "user", id, null));
        })).replaceWithVoid();
    }

    /** revokeSignInSessions: sessions and refresh tokens issued until now stop working; the guest's SSO session rows end. */
    public Uni<Void> revokeSignInSessions(Caller caller, UUID id) {
        return Panache.withTransaction(() -> GuestUser.<GuestUser>findById(id, LockModeType.PESSIMISTIC_WRITE).chain(user -> {
            if (user == null) {
                throw GraphException.userNotFound(id.toString());
            }
            requireMayManage(caller, user);
            Instant now = clock.instant();
            user.revokeSignInSessions(now);
            return SsoSession.revokeAllOf(user.id, now)
                    .chain(() -> audit.record(caller, "user.signInSessionsRevoked", "user", user.id, null));
        })).replaceWithVoid();
    }

    private static void requireMayManage(Caller caller, GuestUser user) {
        if (!caller.mayManageUser(user.userType == GuestUser.UserType.Member)) {
            throw AuthorizationRefused.forbidden(caller, "user", user.id, "Changing or deleting a " + user.userType
                    + " needs a Global Administrator" + (user.userType == GuestUser.UserType.Member ? "." : " or User Administrator."));
        }
    }

    private static Uni<Map<UUID, List<SignInIdentity>>> identitiesOf(List<GuestUser> users) {
        if (users.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<UUID> ids = users.stream().map(u -> u.id).toList();
        return SignInIdentity.<SignInIdentity>list("userId in ?1 order by createdAt", ids)
                .map(all -> all.stream().collect(Collectors.groupingBy(i -> i.userId, Collectors.mapping(Function.identity(),
                        Collectors.toList()))));
    }
}
