package io.guestpass.passcode;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A journey's four passcode paths, as the sub-resource its resource returns at {@code <sign-in path>/passcode} (a literal
 * path, so it wins over the provider template there): {@code GET} the address page, {@code POST} send a code,
 * {@code GET verify} the code page, {@code POST verify} check the code. All the work is {@link PasscodeSignIn}'s.
 */
@Produces(MediaType.TEXT_HTML)
public class PasscodePaths {

    private final PasscodeSignIn passcode;
    private final PasscodeJourney<?> journey;

    public PasscodePaths(PasscodeSignIn passcode, PasscodeJourney<?> journey) {
        this.passcode = passcode;
        this.journey = journey;
    }

    @GET
    public Uni<Response> addressPage(@Context HttpHeaders headers, @HeaderParam("Accept-Language") String language) {
        return passcode.addressPage(journey, cookie(headers, journey.state().name()), language);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> send(@Context HttpHeaders headers, @FormParam("csrf") String csrf, @FormParam("email") String email,
            @HeaderParam("Accept-Language") String language) {
        return passcode.send(journey, cookie(headers, journey.state().name()), cookie(headers, PasscodePages.COOKIE), csrf, email, language);
    }

    @GET
    @Path("verify")
    public Uni<Response> codePage(@Context HttpHeaders headers, @HeaderParam("Accept-Language") String language) {
        return passcode.codePage(journey, cookie(headers, journey.state().name()), cookie(headers, PasscodePages.COOKIE), language);
    }

    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> verify(@Context HttpHeaders headers, @FormParam("csrf") String csrf, @FormParam("code") String code,
            @HeaderParam("Accept-Language") String language) {
        return passcode.verify(journey, cookie(headers, journey.state().name()), cookie(headers, PasscodePages.COOKIE), csrf, code, language);
    }

    private static String cookie(HttpHeaders headers, String name) {
        Cookie cookie = headers.getCookies().get(name);
        return cookie == null ? null : cookie.getValue();
    }
}
