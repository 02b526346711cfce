package io.guestpass.invite;

import io.guestpass.platform.GuestpassConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Absolute Graph URLs ({@code @odata.context}, {@code @odata.nextLink}), built from the public base URL only. */
@ApplicationScoped
public class GraphLinks {

    private final String base;

    GraphLinks(GuestpassConfig config) {
        this.base = InvitationService.stripSlash(config.publicBaseUrl()) + "/v1.0";
    }

    public String context(String fragment) {
        return base + "/$metadata#" + fragment;
    }

    public String api(String pathAndQuery) {
        return base + pathAndQuery;
    }
}
