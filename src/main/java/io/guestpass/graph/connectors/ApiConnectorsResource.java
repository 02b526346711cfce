package io.guestpass.graph.connectors;

import io.guestpass.directory.ApiConnector;
import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.graph.userflows.UserFlowAccess;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;

/**
 * {@code /v1.0/identity/apiConnectors}: the organization's REST endpoints that approve, amend or block sign-ups. Secrets are
 * write-only: a Basic password reads back as {@code ******}, certificates as thumbprint and validity.
 */
@Path("/v1.0/identity/apiConnectors")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ApiConnectorsResource {

    private static final String TARGET = "apiConnector";

    private final ApiConnectorService connectors;
    private final UserFlowAccess access;
    private final GraphLinks links;
    private final Clock clock;

    ApiConnectorsResource(ApiConnectorService connectors, UserFlowAccess access, GraphLinks links, Clock clock) {
        this.connectors = connectors;
        this.access = access;
        this.links = links;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ApiConnectorViews.ConnectorRequest request) {
        return connectors.create(access.toChange(TARGET), request).map(connector -> Response.status(Response.Status.CREATED)
                .header("Location", links.api("/identity/apiConnectors/" + connector.id)).entity(view(connector, true)).build());
    }

    @GET
    public Uni<CollectionView<ApiConnectorViews.Connector>> list() {
        access.toRead(TARGET);
        return connectors.list().map(all -> new CollectionView<>(links.context("identity/apiConnectors"),
                all.stream().map(connector -> view(connector, false)).toList(), null));
    }

    @GET
    @Path("{id}")
    public Uni<ApiConnectorViews.Connector> get(@PathParam("id") String id) {
        access.toRead(TARGET);
        return connectors.get(id).map(connector -> view(connector, true));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("id") String id, ApiConnectorViews.ConnectorRequest request) {
        return connectors.update(access.toChange(TARGET), id, request).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("{id}/uploadClientCertificate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApiConnectorViews.Connector> uploadClientCertificate(@PathParam("id") String id, ApiConnectorViews.CertificateUpload upload) {
        return connectors.uploadCertificate(access.toChange(TARGET), id, upload).map(connector -> view(connector, true));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return connectors.delete(access.toChange(TARGET), id).replaceWith(Response.noContent().build());
    }

    /** The connector as Graph shows it; never a secret. */
    public ApiConnectorViews.Connector view(ApiConnector connector, boolean withContext) {
        Object authentication;
        if (connector.authenticationType == ApiConnector.AuthenticationType.basic) {
            authentication = new ApiConnectorViews.BasicAuthentication(ApiConnectorViews.BASIC, connector.username, ApiConnectorViews.MASK);
        } else {
            Instant now = clock.instant();
            ApiConnector.Certificate active = connector.activeCertificate(now).orElse(null);
            authentication = new ApiConnectorViews.ClientCertificateAuthentication(ApiConnectorViews.CLIENT_CERTIFICATE,
                    connector.certificates().stream().map(c -> new ApiConnectorViews.CertificateInformation(c.thumbprint(),
                            c.equals(active), c.notAfter().getEpochSecond(), c.notBefore().getEpochSecond())).toList());
        }
        return new ApiConnectorViews.Connector(withContext ? links.context("identity/apiConnectors/$entity") : null,
                connector.id.toString(), connector.displayName, connector.targetUrl, authentication);
    }
}
