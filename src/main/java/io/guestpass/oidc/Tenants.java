package io.guestpass.oidc;

import io.guestpass.platform.GuestpassConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code {tenant}} of the protocol paths, shaped like Entra's: this directory's id or its domain, in any letter case
 * (neither an id's hex digits nor a domain name are case-sensitive). Entra's multi-tenant names ({@code common},
 * {@code organizations}, {@code consumers}) and any other directory are not ours.
 */
@ApplicationScoped
public class Tenants {

    private final String directoryId;
    private final String domain;
    private final String issuer;

    Tenants(GuestpassConfig config) {
        this.directoryId = config.directory().id().toString();
        this.domain = config.directory().domain();
        this.issuer = config.publicBaseUrl().replaceAll("/+$", "") + "/" + directoryId + "/v2.0";
    }

    public boolean isOurs(String tenant) {
        return tenant != null && (tenant.equalsIgnoreCase(directoryId) || tenant.equalsIgnoreCase(domain));
    }

    /** The issuer of every token Guestpass signs: {@code <public base URL>/<directory id>/v2.0}, whichever tenant was asked. */
    public String issuer() {
        return issuer;
    }
}
