package io.guestpass.web;

import io.guestpass.directory.OrganizationalBranding;
import io.quarkus.qute.TemplateData;

/** What pages and mail show of the organization's branding; every part may be unset (null). */
@TemplateData
public record Branding(String signInPageText, String backgroundColor, byte[] logo, String logoType, String logoTag) {

    public static final Branding NONE = new Branding(null, null, null, null, null);

    public static Branding of(OrganizationalBranding row) {
        return row == null ? NONE
                : new Branding(row.signInPageText, row.backgroundColor, row.bannerLogo, row.bannerLogoType, row.bannerLogoTag);
    }

    public boolean hasLogo() {
        return logo != null;
    }
}
