package io.guestpass.web;

import io.guestpass.directory.OrganizationalBranding;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The organization's branding as this instance last read it. Pages render synchronously, so the branding is read ahead
 * ({@link #fresh()}, by {@link BrandingPreload} before each page request) and kept for a minute: one small query per
 * minute per instance, and a change made on another instance shows within that minute (at once on the one that made it).
 */
@ApplicationScoped
public class CurrentBranding {

    static final long FRESH_FOR_NANOS = 60_000_000_000L;
    private static final Logger LOG = Logger.getLogger(CurrentBranding.class);

    private record Snapshot(Branding branding, long readAt) {
    }

    private volatile Snapshot snapshot;

    /** What was last read (nothing before the first read): for code that cannot wait, such as a page being rendered. */
    public Branding cached() {
        Snapshot current = snapshot;
        return current == null ? Branding.NONE : current.branding();
    }

    /** The branding, read again when the last read is over a minute old; a failed read keeps what was there. */
    public Uni<Branding> fresh() {
        Snapshot current = snapshot;
        if (current != null && System.nanoTime() - current.readAt() < FRESH_FOR_NANOS) {
            return Uni.createFrom().item(current.branding());
        }
        return Panache.withSession(OrganizationalBranding::current)
                .map(Branding::of)
                .invoke(this::remember)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Branding not read, pages keep what they had: %s", failure.getClass().getName());
                    return cached();
                });
    }

    /** This instance changed the branding: its pages and mail show the change at once. */
    public void changed(OrganizationalBranding row) {
        remember(Branding.of(row));
    }

    private void remember(Branding branding) {
        snapshot = new Snapshot(branding, System.nanoTime());
    }
}
