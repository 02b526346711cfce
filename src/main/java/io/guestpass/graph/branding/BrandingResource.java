package io.guestpass.graph.branding;

import io.guestpass.directory.OrganizationalBranding;
import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.platform.Caller;
import io.guestpass.platform.CallerResolver;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.platform.Permissions;
import io.guestpass.web.BrandingLogo;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * {@code /v1.0/organization/{id}/branding}: Graph's organizationalBranding of the one organization this directory is
 * ({@code guestpass.directory.id}; any other id is 404). Only the default localization exists ({@code 0} or
 * {@code default}): PATCH sets the texts, PUT the banner logo's bytes (not JSON), as in Graph.
 */
@Path("/v1.0/organization/{organizationId}/branding")
@Authenticated
public class BrandingResource {

    private static final String[] READ = { Permissions.ORGANIZATIONAL_BRANDING_READ_ALL,
            Permissions.ORGANIZATIONAL_BRANDING_READWRITE_ALL };

    private final BrandingService branding;
    private final CallerResolver callers;
    private final GraphLinks links;
    private final String organizationId;
    private final String publicHost;
    private final String logoPath;

    BrandingResource(BrandingService branding, CallerResolver callers, GraphLinks links, GuestpassConfig config) {
        this.branding = branding;
        this.callers = callers;
        this.links = links;
        this.organizationId = config.directory().id().toString();
        this.publicHost = URI.create(config.publicBaseUrl()).getRawAuthority();
        // the redeem function serves the logo to browsers; the path is relative to a host of cdnList, as in Graph
        this.logoPath = BrandingLogo.pathFor(io.guestpass.platform.FunctionRole.redeem).substring(1);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<BrandingViews.OrganizationalBranding> get(@PathParam("organizationId") String id) {
        callers.require(READ);
        requireOrganization(id);
        return branding.current().map(this::view);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("organizationId") String id, BrandingViews.BrandingPatch patch) {
        Caller caller = mayChange(id);
        return branding.update(caller, patch).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("localizations/{localization}/bannerLogo")
    public Uni<Response> bannerLogo(@PathParam("organizationId") String id, @PathParam("localization") String localization) {
        callers.require(READ);
        requireOrganization(id);
        requireDefaultLocalization(localization);
        return branding.current().map(current -> current.bannerLogo == null ? Response.noContent().build()
                : Response.ok(current.bannerLogo, current.bannerLogoType).header("X-Content-Type-Options", "nosniff")
                        .header("Content-Security-Policy", "sandbox; default-src 'none'").build());
    }

    /** The image's bytes, checked by their content whatever the Content-Type says (which must agree with it). */
    @PUT
    @Path("localizations/{localization}/bannerLogo")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> replaceBannerLogo(@PathParam("organizationId") String id, @PathParam("localization") String localization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] image) {
        Caller caller = mayChange(id);
        requireDefaultLocalization(localization);
        return branding.replaceBannerLogo(caller, image, contentType).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("localizations/{localization}/bannerLogo")
    public Uni<Response> removeBannerLogo(@PathParam("organizationId") String id, @PathParam("localization") String localization) {
        Caller caller = mayChange(id);
        requireDefaultLocalization(localization);
        return branding.removeBannerLogo(caller).replaceWith(Response.noContent().build());
    }

    private Caller mayChange(String id) {
        Caller caller = callers.require(Permissions.ORGANIZATIONAL_BRANDING_READWRITE_ALL);
        branding.requireMayChange(caller);
        requireOrganization(id);
        return caller;
    }

    private void requireOrganization(String id) {
        if (!organizationId.equalsIgnoreCase(id)) {
            throw GraphException.notFound("Organization '" + id + "' does not exist in this directory.");
        }
    }

    private static void requireDefaultLocalization(String localization) {
        if (!localization.equals("0") && !localization.equalsIgnoreCase("default")) {
            throw GraphException.notFound("Only the default branding (localization 0) exists; '" + localization + "' does not.");
        }
    }

    private BrandingViews.OrganizationalBranding view(OrganizationalBranding current) {
        return new BrandingViews.OrganizationalBranding(links.context("organization('" + organizationId + "')/branding/$entity"),
                "0", current.backgroundColor, current.signInPageText,
                current.bannerLogo == null ? null : logoPath, List.of(publicHost));
    }
}
