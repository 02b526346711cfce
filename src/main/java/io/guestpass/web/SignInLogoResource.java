package io.guestpass.web;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The sign-in pages (the OpenID Connect provider's) link their logo from here. */
@Path("/signin/branding/logo")
public class SignInLogoResource {

    private final BrandingLogo logo;

    SignInLogoResource(BrandingLogo logo) {
        this.logo = logo;
    }

    @GET
    public Uni<Response> logo(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return logo.logo(ifNoneMatch);
    }
}
