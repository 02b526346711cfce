package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The directory's run-time settings behind the policy API: who may invite ({@code authorizationPolicy}), which addresses
 * and redirect targets invitations may use ({@code invitationPolicy}), and the self-service sign-up switch. One row.
 */
@Entity
@Table(name = "directory_policy")
public class DirectoryPolicy extends PanacheEntityBase {

    public enum AllowInvitesFrom { none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers, everyone }

    @Id
    public short id = 1;

    @Column(name = "allow_invites_from")
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public AllowInvitesFrom allowInvitesFrom = AllowInvitesFrom.adminsAndGuestInviters;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_domains", columnDefinition = "text[]")
    public List<String> allowedDomains = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "blocked_domains", columnDefinition = "text[]")
    public List<String> blockedDomains = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_redirect_origins", columnDefinition = "text[]")
    public List<String> allowedRedirectOrigins = new ArrayList<>();

    @Column(name = "require_matching_address")
    public boolean requireMatchingAddress = true;

    @Column(name = "invitation_lifetime_days")
    public int invitationLifetimeDays = 30;

    /** invitationPolicy.redemptionProviders (ours): the identity providers redemption offers, in this order. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "redemption_providers", columnDefinition = "text[]")
    public List<String> redemptionProviders = new ArrayList<>(List.of("MSASignup-OAUTH", "EmailOtpSignup-OAUTH"));

    @Column(name = "self_service_sign_up_enabled")
    public boolean selfServiceSignUpEnabled;

    @Version
    public int version;

    public static Uni<DirectoryPolicy> current() {
        return findById((short) 1);
    }

    public Duration invitationLifetime() {
        return Duration.ofDays(invitationLifetimeDays);
    }

    /** Whether the domain policy lets this address be invited (checked at invitation and again at redemption). */
    public boolean admitsAddress(EmailAddress address) {
        if (!allowedDomains.isEmpty()) {
            return allowedDomains.stream().anyMatch(address::isInDomain);
        }
        return blockedDomains.stream().noneMatch(address::isInDomain);
    }

    /** Whether the domain policy limits addresses at all. */
    public boolean restrictsDomains() {
        return !allowedDomains.isEmpty() || !blockedDomains.isEmpty();
    }

    /** Whether a redirect target's origin is one the directory registered (checked at invitation and before redirecting). */
    public boolean admitsRedirect(URI target) {
        String origin = originOf(target);
        return origin != null && allowedRedirectOrigins.contains(origin);
    }

    /** {@code scheme://host[:port]}, lower-cased, default ports dropped; null when the URI has none. */
    public static String originOf(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
