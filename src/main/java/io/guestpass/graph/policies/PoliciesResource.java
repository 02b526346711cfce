package io.guestpass.graph.policies;

import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.directory.DirectoryPolicy;
import io.guestpass.platform.Caller;
import io.guestpass.platform.CallerResolver;
import io.guestpass.platform.Permissions;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /v1.0/policies}: authorizationPolicy, invitationPolicy (ours) and authenticationFlowsPolicy. */
@Path("/v1.0/policies")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PoliciesResource {

    private static final String[] READ = { Permissions.POLICY_READ_ALL, Permissions.POLICY_READWRITE_AUTHORIZATION };

    private final PolicyService policies;
    private final CallerResolver callers;
    private final GraphLinks links;

    PoliciesResource(PolicyService policies, CallerResolver callers, GraphLinks links) {
        this.policies = policies;
        this.callers = callers;
        this.links = links;
    }

    @GET
    @Path("authorizationPolicy")
    public Uni<PolicyViews.AuthorizationPolicy> authorization() {
        callers.require(READ);
        return policies.current().map(this::authorizationView);
    }

    @PATCH
    @Path("authorizationPolicy")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> updateAuthorization(PolicyViews.AuthorizationPolicyPatch patch) {
        return policies.updateAuthorization(mayChange(), patch)
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("invitationPolicy")
    public Uni<PolicyViews.InvitationPolicy> invitation() {
        callers.require(READ);
        return policies.current().map(this::invitationView);
    }

    @PATCH
    @Path("invitationPolicy")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> updateInvitation(PolicyViews.InvitationPolicyPatch patch) {
        return policies.updateInvitation(mayChange(), patch)
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("authenticationFlowsPolicy")
    public Uni<PolicyViews.AuthenticationFlowsPolicy> authenticationFlows() {
        callers.require(READ);
        return policies.current().map(policy -> new PolicyViews.AuthenticationFlowsPolicy(
                links.context("policies/authenticationFlowsPolicy/$entity"), "authenticationFlowsPolicy",
                "Authentication flows policy", new PolicyViews.SelfServiceSignUp(policy.selfServiceSignUpEnabled)));
    }

    @PATCH
    @Path("authenticationFlowsPolicy")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> updateAuthenticationFlows(PolicyViews.AuthenticationFlowsPolicyPatch patch) {
        return policies.updateAuthenticationFlows(mayChange(), patch)
                .replaceWith(Response.noContent().build());
    }

    private Caller mayChange() {
        Caller caller = callers.require(Permissions.POLICY_READWRITE_AUTHORIZATION);
        policies.requireMayChange(caller);
        return caller;
    }

    private PolicyViews.AuthorizationPolicy authorizationView(DirectoryPolicy policy) {
        return new PolicyViews.AuthorizationPolicy(links.context("policies/authorizationPolicy/$entity"), "authorizationPolicy",
                "Authorization Policy", policy.allowInvitesFrom.name());
    }

    private PolicyViews.InvitationPolicy invitationView(DirectoryPolicy policy) {
        return new PolicyViews.InvitationPolicy(links.context("policies/invitationPolicy/$entity"), "invitationPolicy",
                policy.allowedDomains, policy.blockedDomains, policy.allowedRedirectOrigins, policy.requireMatchingAddress,
                policy.invitationLifetimeDays, policy.redemptionProviders);
    }
}
