package io.guestpass.graph.userflows;

import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
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

/** {@code /v1.0/identity/userFlowAttributes}: the built-in attributes and the directory's custom ones. */
@Path("/v1.0/identity/userFlowAttributes")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UserFlowAttributesResource {

    private static final String TARGET = "userFlowAttribute";

    private final UserFlowService flows;
    private final UserFlowAccess access;
    private final GraphLinks links;

    UserFlowAttributesResource(UserFlowService flows, UserFlowAccess access, GraphLinks links) {
        this.flows = flows;
        this.access = access;
        this.links = links;
    }

    @GET
    public Uni<CollectionView<UserFlowViews.Attribute>> list() {
        access.toRead(TARGET);
        return flows.attributes().map(all -> new CollectionView<>(links.context("identity/userFlowAttributes"),
                all.stream().map(a -> view(a, null)).toList(), null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(UserFlowViews.AttributeRequest request) {
        return flows.createAttribute(access.toChange(TARGET), request).map(attribute -> Response.status(Response.Status.CREATED)
                .header("Location", links.api("/identity/userFlowAttributes/" + attribute.id))
                .entity(view(attribute, links.context("identity/userFlowAttributes/$entity"))).build());
    }

    @GET
    @Path("{id}")
    public Uni<UserFlowViews.Attribute> get(@PathParam("id") String id) {
        access.toRead(TARGET);
        return flows.attribute(id).map(attribute -> view(attribute, links.context("identity/userFlowAttributes/$entity")));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("id") String id, UserFlowViews.AttributeRequest request) {
        return flows.updateAttribute(access.toChange(TARGET), id, request).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return flows.deleteAttribute(access.toChange(TARGET), id).replaceWith(Response.noContent().build());
    }

    private static UserFlowViews.Attribute view(UserFlowAttribute attribute, String context) {
        return new UserFlowViews.Attribute(context, attribute.id, attribute.displayName, attribute.description,
                attribute.kind().name(), attribute.dataType.graphName());
    }
}
