package io.guestpass.graph.branding;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.BannerLogo;
import io.guestpass.directory.DirectoryRuleException;
import io.guestpass.directory.OrganizationalBranding;
import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.web.CurrentBranding;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.util.function.Consumer;

/** Reads and changes the organization's branding; every change is audited and shown by this instance at once. */
@ApplicationScoped
public class BrandingService {

    static final String AUDIT_ACTION = "branding.updated";
    static final String TARGET_TYPE = "organizationalBranding";

    private final AuditTrail audit;
    private final CurrentBranding shown;
    private final Clock clock;
    private final String organizationId;

    private final Vertx vertx;

    BrandingService(AuditTrail audit, CurrentBranding shown, Clock clock, GuestpassConfig config, Vertx vertx) {
        this.vertx = vertx;
        this.audit = audit;
        this.shown = shown;
        this.clock = clock;
        this.organizationId = config.directory().id().toString();
    }

    public Uni<OrganizationalBranding> current() {
        return Panache.withSession(OrganizationalBranding::current);
    }

    /** Among people only a Global Administrator changes the branding; checked before the request body, like Graph. */
    public void requireMayChange(Caller caller) {
        if (!caller.mayChangeBranding()) {
            throw AuthorizationRefused.forbidden(caller, TARGET_TYPE, organizationId,
                    "Changing the organization's branding needs a Global Administrator.");
        }
    }

    public Uni<OrganizationalBranding> update(Caller caller, BrandingViews.BrandingPatch patch) {
        if (patch == null || (patch.signInPageText() == null && patch.backgroundColor() == null)) {
            throw GraphException.badRequest("Give signInPageText or backgroundColor (the logo is set with PUT "
                    + "…/branding/localizations/0/bannerLogo).");
        }
        return change(caller, branding -> {
            if (patch.signInPageText() != null) {
                branding.changeSignInPageText(patch.signInPageText(), clock.instant());
            }
            if (patch.backgroundColor() != null) {
                branding.changeBackgroundColor(patch.backgroundColor(), clock.instant());
            }
        });
    }

    /** Decoding the image (and loading ImageIO the first time) is blocking work: done on a worker, never the event loop. */
    public Uni<OrganizationalBranding> replaceBannerLogo(Caller caller, byte[] bytes, String contentType) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> checked(() -> BannerLogo.check(bytes, contentType))))
                .chain(logo -> change(caller, branding -> branding.replaceBannerLogo(logo, clock.instant())));
    }

    public Uni<OrganizationalBranding> removeBannerLogo(Caller caller) {
        return change(caller, branding -> branding.removeBannerLogo(clock.instant()));
    }

    private Uni<OrganizationalBranding> change(Caller caller, Consumer<OrganizationalBranding> edit) {
        return Panache.withTransaction(() -> OrganizationalBranding.<OrganizationalBranding>findById((short) 1, LockModeType.PESSIMISTIC_WRITE)
                        .invoke(branding -> checked(() -> {
                            edit.accept(branding);
                            return branding;
                        }))
                        .call(branding -> audit.record(caller, AUDIT_ACTION, TARGET_TYPE, organizationId, null)))
                .invoke(shown::changed);
    }

    /** A branding rule broken is bad input (400), not a conflict. */
    private static <T> T checked(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (DirectoryRuleException e) {
            throw GraphException.badRequest(e.getMessage());
        }
    }
}
