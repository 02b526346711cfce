package io.guestpass.web;

import io.guestpass.platform.FunctionRole;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;

/**
 * The banner logo for browsers, under each journey's own prefix (redemption's {@code /redeem}, the sign-in pages'
 * {@code /signin}), so that the function showing a page also serves its logo and no route changes. Each prefix has its
 * own small resource class ({@link RedeemLogoResource}, {@link SignInLogoResource}): a class path longer than the
 * journey's own resource's is what makes it win the match. The bytes passed
 * {@link io.guestpass.directory.BannerLogo}'s checks; the headers make sure a browser only ever treats them as an image:
 * no sniffing, and a sandboxed CSP that allows nothing should one ever be opened as a document.
 */
@jakarta.enterprise.context.ApplicationScoped
public class BrandingLogo {

    private static final String CACHE = "public, max-age=300";

    private final CurrentBranding branding;

    BrandingLogo(CurrentBranding branding) {
        this.branding = branding;
    }

    /** The path pages of this function link the logo from. */
    public static String pathFor(FunctionRole role) {
        return (role == FunctionRole.signup ? "/signin" : "/redeem") + "/branding/logo";
    }

    /** The logo to a browser that holds the version {@code ifNoneMatch} (or none). */
    public Uni<Response> logo(String ifNoneMatch) {
        return branding.fresh().map(current -> {
            if (!current.hasLogo()) {
                return imageHeaders(Response.status(Response.Status.NOT_FOUND)).header("Cache-Control", "no-store").build();
            }
            String etag = "\"" + current.logoTag() + "\"";
            Response.ResponseBuilder response = matches(ifNoneMatch, etag) ? Response.notModified()
                    : Response.ok(current.logo()).header("Content-Type", current.logoType());
            return imageHeaders(response).header("ETag", etag).header("Cache-Control", CACHE).build();
        });
    }

    private static Response.ResponseBuilder imageHeaders(Response.ResponseBuilder response) {
        return response
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cross-Origin-Resource-Policy", "same-origin");
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(","))
                .map(String::trim).anyMatch(tag -> tag.equals(etag) || tag.equals("W/" + etag) || tag.equals("*"));
    }
}
