package io.guestpass.web;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Redemption's pages link their logo from here. */
@Path("/redeem/branding/logo")
public class RedeemLogoResource {

    private final BrandingLogo logo;

    RedeemLogoResource(BrandingLogo logo) {
        this.logo = logo;
    }

    @GET
    public Uni<Response> logo(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return logo.logo(ifNoneMatch);
    }
}
