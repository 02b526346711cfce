package io.guestpass.web;

import io.guestpass.platform.GuestpassConfig;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Before a request of a function that shows pages, makes sure the branding its pages show is at most a minute old. */
public class BrandingPreload {

    private final CurrentBranding branding;
    private final boolean showsPages;

    BrandingPreload(CurrentBranding branding, GuestpassConfig config) {
        this.branding = branding;
        this.showsPages = config.function().signsPeopleIn();
    }

    @ServerRequestFilter
    public Uni<Void> readBranding() {
        return showsPages ? branding.fresh().replaceWithVoid() : null;
    }
}
