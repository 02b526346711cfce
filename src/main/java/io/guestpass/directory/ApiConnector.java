package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An API connector (Graph's {@code apiConnector}): the endpoint a user flow calls during sign-up and how Guestpass
 * authenticates to it. The secrets are sealed ({@code sealedCredentials}, opened only to make the call); what an
 * administrator may read back of them is kept beside: the user name, the certificates' thumbprints and validity.
 */
@Entity
@Table(name = "api_connector")
public class ApiConnector extends PanacheEntityBase {

    public enum AuthenticationType { basic, clientCertificate }

    /** What may be shown of an uploaded client certificate (Graph's pkcs12CertificateInformation, minus isActive). */
    @RegisterForReflection
    public record Certificate(String thumbprint, Instant notBefore, Instant notAfter) {

        boolean isValidAt(Instant now) {
            return !now.isBefore(notBefore) && now.isBefore(notAfter);
        }
    }

    @RegisterForReflection
    public record Certificates(List<Certificate> items) {
    }

    @Id
    public UUID id;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "target_url")
    public String targetUrl;

    @Enumerated(EnumType.STRING)
    @Column(name = "authentication_type")
    public AuthenticationType authenticationType;

    public String username;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "certificates")
    Certificates certificates = new Certificates(List.of());

    /** The data key's seal, for purpose {@link #sealPurpose()}: a seal copied to another connector does not open. */
    @Column(name = "sealed_credentials")
    public String sealedCredentials;

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public int version;

    public static ApiConnector create(String displayName, String targetUrl, Instant now) {
        ApiConnector connector = new ApiConnector();
        connector.id = UUID.randomUUID();
        connector.displayName = displayName;
        connector.targetUrl = targetUrl;
        connector.createdAt = now;
        return connector;
    }

    public String sealPurpose() {
        return "api-connector:" + id;
    }

    public List<Certificate> certificates() {
        return certificates.items();
    }

    public void certificates(List<Certificate> list) {
        certificates = new Certificates(List.copyOf(list));
    }

    /** The certificate calls present: the newest (latest notBefore) of those valid now. */
    public Optional<Certificate> activeCertificate(Instant now) {
        return certificates.items().stream().filter(c -> c.isValidAt(now)).max(Comparator.comparing(Certificate::notBefore));
    }
}
