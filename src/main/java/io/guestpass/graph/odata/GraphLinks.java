package io.guestpass.graph.odata;

import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.platform.GuestpassConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

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

    /** The {@code @odata.nextLink} of a collection page: same filter and size, continuing after the item at (time, id). */
    public String nextPage(String collection, String filter, Paging paging, Instant time, UUID id) {
        return api(collection + "?" + (filter == null ? "" : "$filter=" + Paging.encode(filter) + "&")
                + "$top=" + paging.top() + "&$skiptoken=" + Paging.token(time, id));
    }
}
