package io.guestpass.redeem;

import jakarta.ws.rs.core.Response;

/** The headers every redeem response carries, pages and redirects alike. */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static Response.ResponseBuilder apply(Response.ResponseBuilder response) {
        return response
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
    }
}
