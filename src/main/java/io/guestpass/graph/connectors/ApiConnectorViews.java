package io.guestpass.graph.connectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The shapes of {@code /v1.0/identity/apiConnectors}: Graph's apiConnector and its authentication configurations. */
public final class ApiConnectorViews {

    static final String BASIC = "#microsoft.graph.basicAuthentication";
    static final String PKCS12 = "#microsoft.graph.pkcs12Certificate";
    static final String CLIENT_CERTIFICATE = "#microsoft.graph.clientCertificateAuthentication";
    /** What a write-only secret reads back as. */
    static final String MASK = "******";

    private ApiConnectorViews() {
    }

    @JsonPropertyOrder({ "@odata.context", "id", "displayName", "targetUrl", "authenticationConfiguration" })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connector(@JsonProperty("@odata.context") String context, String id, String displayName, String targetUrl,
            Object authenticationConfiguration) {
    }

    @JsonPropertyOrder({ "@odata.type", "username", "password" })
    public record BasicAuthentication(@JsonProperty("@odata.type") String type, String username, String password) {
    }

    @JsonPropertyOrder({ "@odata.type", "certificateList" })
    public record ClientCertificateAuthentication(@JsonProperty("@odata.type") String type, List<CertificateInformation> certificateList) {
    }

    /** Graph's pkcs12CertificateInformation: validity as NumericDate (seconds since the epoch). */
    @JsonPropertyOrder({ "thumbprint", "isActive", "notAfter", "notBefore" })
    public record CertificateInformation(String thumbprint, boolean isActive, long notAfter, long notBefore) {
    }

    /** POST (all fields) and PATCH (what changes) of a connector. */
    public record ConnectorRequest(String displayName, String targetUrl, AuthenticationRequest authenticationConfiguration) {
    }

    /** basicAuthentication (username, password) or pkcs12Certificate (pkcs12Value, password). */
    public record AuthenticationRequest(@JsonProperty("@odata.type") String type, String username, String password, String pkcs12Value) {
    }

    /** uploadClientCertificate. */
    public record CertificateUpload(String pkcs12Value, String password) {
    }
}
