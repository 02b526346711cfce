package io.guestpass.graph.connectors;

import io.guestpass.connectors.ConnectorCredentials;
import io.guestpass.directory.ApiConnector;
import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.UserFlow;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** API connectors: validated, credentials sealed, every change audited; one bound to a flow is not deleted. */
@ApplicationScoped
public class ApiConnectorService {

    static final int MAX_URL = 2048;

    private final ConnectorCredentials credentials;
    private final AuditTrail audit;
    private final boolean allowLoopback;
    private final Clock clock;

    ApiConnectorService(ConnectorCredentials credentials, AuditTrail audit, GuestpassConfig config, Clock clock) {
        this.credentials = credentials;
        this.audit = audit;
        this.allowLoopback = config.dev().allowLoopbackConnectors();
        this.clock = clock;
    }

    public Uni<ApiConnector> create(Caller caller, ApiConnectorViews.ConnectorRequest request) {
        if (request == null || request.displayName() == null || request.targetUrl() == null || request.authenticationConfiguration() == null) {
            throw GraphException.badRequest("displayName, targetUrl and authenticationConfiguration are required.");
        }
        ApiConnector connector = ApiConnector.create(displayName(request.displayName()), targetUrl(request.targetUrl()), clock.instant());
        authenticate(connector, request.authenticationConfiguration());
        return Panache.withTransaction(() -> connector.<ApiConnector>persist()
                .call(() -> audit.record(caller, "apiConnector.created", "apiConnector", connector.id, null)));
    }

    public Uni<List<ApiConnector>> list() {
        return Panache.withSession(() -> ApiConnector.<ApiConnector>list("order by createdAt, id"));
    }

    public Uni<ApiConnector> get(String id) {
        UUID key = id(id);
        return Panache.withSession(() -> ApiConnector.<ApiConnector>findById(key)).map(connector -> found(connector, id));
    }

    public Uni<ApiConnector> update(Caller caller, String id, ApiConnectorViews.ConnectorRequest request) {
        if (request == null) {
            throw GraphException.badRequest("The request body is required.");
        }
        String name = request.displayName() == null ? null : displayName(request.displayName());
        String url = request.targetUrl() == null ? null : targetUrl(request.targetUrl());
        return change(caller, id, "apiConnector.updated", connector -> {
            if (name != null) {
                connector.displayName = name;
            }
            if (url != null) {
                connector.targetUrl = url;
            }
            if (request.authenticationConfiguration() != null) {
                authenticate(connector, request.authenticationConfiguration());
            }
        });
    }

    public Uni<ApiConnector> uploadCertificate(Caller caller, String id, ApiConnectorViews.CertificateUpload upload) {
        if (upload == null) {
            throw GraphException.badRequest("pkcs12Value and password are required.");
        }
        return change(caller, id, "apiConnector.certificateUploaded",
                connector -> credentials.addCertificate(connector, upload.pkcs12Value(), upload.password()));
    }

    public Uni<Void> delete(Caller caller, String id) {
        UUID key = id(id);
        return Panache.withTransaction(() -> ApiConnector.<ApiConnector>findById(key, LockModeType.PESSIMISTIC_WRITE).chain(connector -> {
            found(connector, id);
            return UserFlow.<UserFlow>list("postFederationSignupConnector = ?1 or postAttributeCollectionConnector = ?1", key)
                    .chain(flows -> {
                        if (!flows.isEmpty()) {
                            throw GraphException.conflict("API connector '" + id + "' is bound to " + String.join(", ",
                                    flows.stream().map(flow -> flow.id).toList()) + "; unbind it first.");
                        }
                        return connector.delete().call(() -> audit.record(caller, "apiConnector.deleted", "apiConnector", key, null));
                    });
        }));
    }

    private Uni<ApiConnector> change(Caller caller, String id, String action, java.util.function.Consumer<ApiConnector> edit) {
        UUID key = id(id);
        return Panache.withTransaction(() -> ApiConnector.<ApiConnector>findById(key, LockModeType.PESSIMISTIC_WRITE)
                .map(connector -> found(connector, id)).invoke(edit)
                .call(() -> audit.record(caller, action, "apiConnector", key, null)));
    }

    private void authenticate(ApiConnector connector, ApiConnectorViews.AuthenticationRequest authentication) {
        String type = authentication.type();
        if (ApiConnectorViews.BASIC.equals(type)) {
            if (authentication.pkcs12Value() != null) {
                throw GraphException.badRequest("authenticationConfiguration: basicAuthentication takes username and password only.");
            }
            credentials.basic(connector, authentication.username(), authentication.password());
        } else if (ApiConnectorViews.PKCS12.equals(type)) {
            if (authentication.username() != null) {
                throw GraphException.badRequest("authenticationConfiguration: pkcs12Certificate takes pkcs12Value and password only.");
            }
            if (connector.authenticationType != null) {
                // a PATCH with a certificate replaces what was there; uploadClientCertificate adds one
                connector.authenticationType = null;
            }
            credentials.addCertificate(connector, authentication.pkcs12Value(), authentication.password());
        } else {
            throw GraphException.badRequest("authenticationConfiguration.@odata.type must be " + ApiConnectorViews.BASIC + " or "
                    + ApiConnectorViews.PKCS12 + ".");
        }
    }

    private static String displayName(String value) {
        if (value.isBlank() || value.length() > 256 || value.chars().anyMatch(Character::isISOControl)) {
            throw GraphException.badRequest("displayName must be 1 to 256 printable characters.");
        }
        return value.strip();
    }

    /**
     * An absolute https URL on the default port, without user information or fragment: where a connector may be called
     * from a function in production. (Where its name resolves to is checked at each call, not here: DNS can change.)
     */
    String targetUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = allowLoopback && uri.getHost() != null
                    && (uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1"));
            if (value.length() > MAX_URL || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                    || !(scheme.equals("https") && (uri.getPort() == -1 || uri.getPort() == 443) || loopback && scheme.startsWith("http"))) {
                throw badUrl();
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw badUrl();
        }
    }

    private static GraphException badUrl() {
        return GraphException.badRequest("targetUrl must be an absolute https URL on port 443, without user name or fragment, "
                + "of at most " + MAX_URL + " characters.");
    }

    static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw GraphException.notFound("API connector '" + id + "' does not exist.");
        }
    }

    private static ApiConnector found(ApiConnector connector, String id) {
        if (connector == null) {
            throw GraphException.notFound("API connector '" + id + "' does not exist.");
        }
        return connector;
    }
}
