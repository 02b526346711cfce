package io.guestpass.graph.policies;

import io.guestpass.graph.invitations.ValidInvitation;
import io.guestpass.platform.GuestpassConfig;
import java.util.Locale;
import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.federation.IdentityProviders;
import io.guestpass.directory.DirectoryPolicy;
import io.guestpass.directory.EmailAddress;
import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GraphException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Reads and changes the directory's policies, validating every value before anything is written. */
@ApplicationScoped
public class PolicyService {

    static final int MAX_ENTRIES = 500;

    private final AuditTrail audit;
    private final IdentityProviders providers;
    private final boolean allowHttpLocalhost;

    PolicyService(AuditTrail audit, IdentityProviders providers, GuestpassConfig config) {
        this.audit = audit;
        this.providers = providers;
        this.allowHttpLocalhost = config.dev().allowHttpLocalhostRedirects();
    }

    public Uni<DirectoryPolicy> current() {
        return Panache.withSession(DirectoryPolicy::current);
    }

    public Uni<DirectoryPolicy> updateAuthorization(Caller caller, PolicyViews.AuthorizationPolicyPatch patch) {
        if (patch == null || patch.allowInvitesFrom() == null) {
            throw GraphException.badRequest("allowInvitesFrom is required.");
        }
        DirectoryPolicy.AllowInvitesFrom value;
        try {
            value = DirectoryPolicy.AllowInvitesFrom.valueOf(patch.allowInvitesFrom());
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("allowInvitesFrom must be none, adminsAndGuestInviters, "
                    + "adminsGuestInvitersAndAllMembers or everyone.");
        }
        return change(caller, "policy.authorization.updated", policy -> policy.allowInvitesFrom = value);
    }

    public Uni<DirectoryPolicy> updateInvitation(Caller caller, PolicyViews.InvitationPolicyPatch patch) {
        if (patch == null) {
            throw GraphException.badRequest("The request body is required.");
        }
        List<String> allowed = patch.allowedDomains() == null ? null : domains(patch.allowedDomains(), "allowedDomains");
        List<String> blocked = patch.blockedDomains() == null ? null : domains(patch.blockedDomains(), "blockedDomains");
        List<String> origins = patch.allowedRedirectOrigins() == null ? null : origins(patch.allowedRedirectOrigins());
        Integer lifetime = patch.invitationLifetimeDays();
        if (lifetime != null && (lifetime < 1 || lifetime > 90)) {
            throw GraphException.badRequest("invitationLifetimeDays must be from 1 to 90.");
        }
        List<String> redemptionProviders = patch.redemptionProviders() == null ? null : redemptionProviders(patch.redemptionProviders());
        return change(caller, "policy.invitation.updated", () -> redemptionProviders == null ? Uni.createFrom().voidItem()
                : listed(redemptionProviders), policy -> {
            if (redemptionProviders != null) {
                policy.redemptionProviders = redemptionProviders;
            }
            if (allowed != null) {
                policy.allowedDomains = allowed;
            }
            if (blocked != null) {
                policy.blockedDomains = blocked;
            }
            if (!policy.allowedDomains.isEmpty() && !policy.blockedDomains.isEmpty()) {
                throw GraphException.badRequest("allowedDomains and blockedDomains cannot both be set: clear one of them.");
            }
            if (origins != null) {
                policy.allowedRedirectOrigins = origins;
            }
            if (patch.requireMatchingAddress() != null) {
                policy.requireMatchingAddress = patch.requireMatchingAddress();
            }
            if (lifetime != null) {
                policy.invitationLifetimeDays = lifetime;
            }
        });
    }

    public Uni<DirectoryPolicy> updateAuthenticationFlows(Caller caller, PolicyViews.AuthenticationFlowsPolicyPatch patch) {
        if (patch == null || patch.selfServiceSignUp() == null || patch.selfServiceSignUp().isEnabled() == null) {
            throw GraphException.badRequest("selfServiceSignUp.isEnabled is required.");
        }
        return change(caller, "policy.authenticationFlows.updated",
                policy -> policy.selfServiceSignUpEnabled = patch.selfServiceSignUp().isEnabled());
    }

    /** Among people only a Global Administrator changes policies; checked before the request body, like Graph. */
    public void requireMayChange(Caller caller) {
        if (!caller.mayChangePolicies()) {
            throw AuthorizationRefused.forbidden(caller, "policy", null, "Changing a policy needs a Global Administrator.");
        }
    }

    private Uni<DirectoryPolicy> change(Caller caller, String action, Consumer<DirectoryPolicy> edit) {
        return change(caller, action, () -> Uni.createFrom().voidItem(), edit);
    }

    /** {@code check} runs first in the same transaction (what it reads stays as it found it until the change commits). */
    private Uni<DirectoryPolicy> change(Caller caller, String action, Supplier<Uni<Void>> check, Consumer<DirectoryPolicy> edit) {
        return Panache.withTransaction(() -> check.get().chain(() -> DirectoryPolicy.<DirectoryPolicy>findById((short) 1, LockModeType.PESSIMISTIC_WRITE))
                .invoke(edit)
                .call(policy -> audit.record(caller, action, "policy", null, null)));
    }

    /**
     * redemptionProviders (ours): at least one provider id, each once; Facebook never (as in Entra it signs people up, it
     * does not redeem invitations). Whether each is listed is checked in the transaction ({@link #listed}).
     */
    private static List<String> redemptionProviders(List<String> values) {
        if (values.isEmpty()) {
            throw GraphException.badRequest("redemptionProviders must name at least one identity provider.");
        }
        if (values.size() > MAX_ENTRIES) {
            throw GraphException.badRequest("redemptionProviders may list at most " + MAX_ENTRIES + " identity providers.");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw GraphException.badRequest("redemptionProviders may not contain empty entries.");
            }
            if (value.equals(ConfiguredIdentityProvider.socialId(ConfiguredIdentityProvider.Type.Facebook))) {
                throw GraphException.badRequest("redemptionProviders: '" + value + "' cannot redeem invitations: Facebook is offered "
                        + "in sign-up user flows only.");
            }
            out.add(value);
        }
        return new ArrayList<>(out);
    }

    private Uni<Void> listed(List<String> ids) {
        Uni<Void> checked = Uni.createFrom().voidItem();
        for (String id : ids) {
            checked = checked.chain(() -> providers.isListed(id)).invoke(listed -> {
                if (!listed) {
                    throw GraphException.badRequest("redemptionProviders: '" + id + "' is not an identity provider of this "
                            + "directory (see /v1.0/identity/identityProviders).");
                }
            }).replaceWithVoid();
        }
        return checked;
    }

    private static List<String> domains(List<String> values, String field) {
        if (values.size() > MAX_ENTRIES) {
            throw GraphException.badRequest(field + " may list at most " + MAX_ENTRIES + " domains.");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw GraphException.badRequest(field + " may not contain empty entries.");
            }
            try {
                // reuse the address rules for the domain part: same normalisation as invited addresses
                out.add(EmailAddress.parse("x@" + value.trim(), field).domain());
            } catch (EmailAddress.InvalidAddressException e) {
                throw GraphException.badRequest(field + ": '" + value + "' is not a domain name.");
            }
        }
        return new ArrayList<>(out);
    }

    private List<String> origins(List<String> values) {
        if (values.size() > MAX_ENTRIES) {
            throw GraphException.badRequest("allowedRedirectOrigins may list at most " + MAX_ENTRIES + " origins.");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String value : values) {
            String origin = value == null ? null : origin(value.trim());
            if (origin == null) {
                throw GraphException.badRequest("allowedRedirectOrigins: '" + value + "' is not an origin such as https://app.contoso.com.");
            }
            out.add(origin);
        }
        return new ArrayList<>(out);
    }

    private String origin(String value) {
        if (value.length() > ValidInvitation.MAX_URL) {
            return null;
        }
        try {
            URI uri = new URI(value);
            boolean hasNoPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (uri.getHost() == null || uri.getRawUserInfo() != null || !hasNoPath || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            boolean localhost = uri.getHost().equalsIgnoreCase("localhost") || uri.getHost().equals("127.0.0.1");
            if (!scheme.equals("https") && !(allowHttpLocalhost && scheme.equals("http") && localhost)) {
                return null;
            }
            return DirectoryPolicy.originOf(uri);
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
