package io.guestpass.graph.userflows;

import io.guestpass.directory.ApiConnector;
import io.guestpass.directory.Application;
import io.guestpass.directory.UserFlow;
import io.guestpass.graph.identityproviders.IdentityProviderService;
import io.guestpass.graph.identityproviders.ProviderView;
import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * {@code /v1.0/identity/b2xUserFlows}: self-service sign-up user flows, the identity providers each offers, the attributes
 * each collects (in order), and (ours) the applications that offer each.
 */
@Path("/v1.0/identity/b2xUserFlows")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UserFlowsResource {

    private static final String TARGET = "userFlow";
    /** Graph's {@code $ref} segment, also as clients that percent-encode it send it (the Lambda event keeps the raw path). */
    private static final String REF = "{ref: (\\$|%24)ref}";

    private final UserFlowService flows;
    private final UserFlowAccess access;
    private final IdentityProviderService providers;
    private final GraphLinks links;

    UserFlowsResource(UserFlowService flows, UserFlowAccess access, IdentityProviderService providers, GraphLinks links) {
        this.flows = flows;
        this.access = access;
        this.providers = providers;
        this.links = links;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(UserFlowViews.FlowRequest request) {
        return flows.create(access.toChange(TARGET), request).map(flow -> Response.status(Response.Status.CREATED)
                .header("Location", links.api("/identity/b2xUserFlows/" + flow.id))
                .entity(view(flow, links.context("identity/b2xUserFlows/$entity"))).build());
    }

    @GET
    public Uni<CollectionView<UserFlowViews.Flow>> list() {
        access.toRead(TARGET);
        return flows.list().map(all -> new CollectionView<>(links.context("identity/b2xUserFlows"),
                all.stream().map(flow -> view(flow, null)).toList(), null));
    }

    @GET
    @Path("{id}")
    public Uni<UserFlowViews.Flow> get(@PathParam("id") String id) {
        access.toRead(TARGET);
        return flows.get(id).map(flow -> view(flow, links.context("identity/b2xUserFlows/$entity")));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return flows.delete(access.toChange(TARGET), id).replaceWith(Response.noContent().build());
    }

    // --- identity providers ----------------------------------------------------------------------------------------

    @GET
    @Path("{id}/userFlowIdentityProviders")
    public Uni<CollectionView<ProviderView>> identityProviders(@PathParam("id") String id) {
        access.toRead(TARGET);
        return flows.get(id).chain(flow -> providers.list(flow.identityProviders)).map(listed ->
                new CollectionView<>(links.context("identity/b2xUserFlows('" + id + "')/userFlowIdentityProviders"), listed, null));
    }

    @POST
    @Path("{id}/userFlowIdentityProviders/" + REF)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addIdentityProvider(@PathParam("id") String id, UserFlowViews.Reference reference) {
        return flows.addProvider(access.toChange(TARGET), id, reference).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("{id}/userFlowIdentityProviders/{providerId}/" + REF)
    public Uni<Response> removeIdentityProvider(@PathParam("id") String id, @PathParam("providerId") String providerId) {
        return flows.removeProvider(access.toChange(TARGET), id, providerId).replaceWith(Response.noContent().build());
    }

    // --- attribute assignments ---------------------------------------------------------------------------------------

    @GET
    @Path("{id}/userAttributeAssignments")
    public Uni<CollectionView<UserFlowViews.Assignment>> assignments(@PathParam("id") String id) {
        access.toRead(TARGET);
        return flows.get(id).map(flow -> new CollectionView<>(
                links.context("identity/b2xUserFlows('" + id + "')/userAttributeAssignments"),
                flow.assignments().stream().map(a -> view(a, null)).toList(), null));
    }

    @POST
    @Path("{id}/userAttributeAssignments")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> assign(@PathParam("id") String id, UserFlowViews.AssignmentRequest request) {
        return flows.assign(access.toChange(TARGET), id, request).map(assignment -> Response.status(Response.Status.CREATED)
                .header("Location", links.api("/identity/b2xUserFlows/" + id + "/userAttributeAssignments/" + assignment.attributeId()))
                .entity(view(assignment, assignmentContext(id))).build());
    }

    @GET
    @Path("{id}/userAttributeAssignments/getOrder")
    public Uni<Map<String, Object>> getOrder(@PathParam("id") String id) {
        access.toRead(TARGET);
        return flows.get(id).map(flow -> Map.of("@odata.context", links.context("microsoft.graph.assignmentOrder"),
                "order", flow.assignments().stream().map(UserFlow.Assignment::attributeId).toList()));
    }

    @POST
    @Path("{id}/userAttributeAssignments/setOrder")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> setOrder(@PathParam("id") String id, UserFlowViews.SetOrder request) {
        return flows.reorder(access.toChange(TARGET), id, request).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("{id}/userAttributeAssignments/{attributeId}")
    public Uni<UserFlowViews.Assignment> assignment(@PathParam("id") String id, @PathParam("attributeId") String attributeId) {
        access.toRead(TARGET);
        return flows.get(id).map(flow -> view(flow.assignment(attributeId)
                .orElseThrow(() -> UserFlowService.assignmentNotFound(id, attributeId)), assignmentContext(id)));
    }

    @PATCH
    @Path("{id}/userAttributeAssignments/{attributeId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> updateAssignment(@PathParam("id") String id, @PathParam("attributeId") String attributeId,
            UserFlowViews.AssignmentRequest request) {
        return flows.updateAssignment(access.toChange(TARGET), id, attributeId, request).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("{id}/userAttributeAssignments/{attributeId}")
    public Uni<Response> unassign(@PathParam("id") String id, @PathParam("attributeId") String attributeId) {
        return flows.unassign(access.toChange(TARGET), id, attributeId).replaceWith(Response.noContent().build());
    }

    // --- API connectors ---------------------------------------------------------------------------------------------

    @GET
    @Path("{id}/apiConnectorConfiguration")
    public Uni<UserFlowViews.ConnectorConfiguration> connectors(@PathParam("id") String id) {
        access.toRead(TARGET);
        return flows.connectors(id).map(byStep -> new UserFlowViews.ConnectorConfiguration(
                links.context("identity/b2xUserFlows('" + id + "')/apiConnectorConfiguration"),
                bound(byStep.get(UserFlowService.ConnectorStep.postFederationSignup)),
                bound(byStep.get(UserFlowService.ConnectorStep.postAttributeCollection))));
    }

    @PUT
    @Path("{id}/apiConnectorConfiguration/{step}/" + REF)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> bindConnector(@PathParam("id") String id, @PathParam("step") String step, UserFlowViews.Reference reference) {
        return flows.bindConnector(access.toChange(TARGET), id, step, reference).replaceWith(Response.noContent().build());
    }

    // --- applications (ours) -----------------------------------------------------------------------------------------

    @GET
    @Path("{id}/applications")
    public Uni<CollectionView<UserFlowViews.LinkedApplication>> applications(@PathParam("id") String id) {
        access.toRead(TARGET);
        return flows.applications(id).map(apps -> new CollectionView<>(links.context("identity/b2xUserFlows('" + id + "')/applications"),
                apps.stream().map(UserFlowsResource::view).toList(), null));
    }

    @POST
    @Path("{id}/applications/" + REF)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> link(@PathParam("id") String id, UserFlowViews.Reference reference) {
        return flows.link(access.toChange(TARGET), id, reference).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("{id}/applications/{applicationId}/" + REF)
    public Uni<Response> unlink(@PathParam("id") String id, @PathParam("applicationId") String applicationId) {
        return flows.unlink(access.toChange(TARGET), id, applicationId).replaceWith(Response.noContent().build());
    }

    private String assignmentContext(String flowId) {
        return links.context("identity/b2xUserFlows('" + flowId + "')/userAttributeAssignments/$entity");
    }

    private static UserFlowViews.Flow view(UserFlow flow, String context) {
        return new UserFlowViews.Flow(context, flow.id, flow.userFlowType, flow.userFlowTypeVersion);
    }

    static UserFlowViews.Assignment view(UserFlow.Assignment assignment, String context) {
        return new UserFlowViews.Assignment(context, assignment.attributeId(), assignment.displayName(), assignment.isOptional(),
                assignment.requiresVerification(), assignment.userInputType().name(), assignment.userAttributeValues());
    }

    private static UserFlowViews.BoundConnector bound(ApiConnector connector) {
        return connector == null ? null : new UserFlowViews.BoundConnector(connector.id.toString(), connector.displayName, connector.targetUrl);
    }

    private static UserFlowViews.LinkedApplication view(Application app) {
        return new UserFlowViews.LinkedApplication(app.id.toString(), app.appId.toString(), app.displayName);
    }
}
