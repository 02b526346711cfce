package io.guestpass.graph.branding;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** Graph's organizationalBranding (the default localization, id {@code 0}) and its PATCH body. */
public final class BrandingViews {

    private BrandingViews() {
    }

    /**
     * As Graph shows it: the logo itself is read from {@code …/localizations/0/bannerLogo}; {@code bannerLogoRelativeUrl},
     * joined to a host of {@code cdnList}, is where browsers get it (null without a logo).
     */
    @JsonPropertyOrder({ "@odata.context", "id" })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record OrganizationalBranding(@JsonProperty("@odata.context") String context, String id, String backgroundColor,
            String signInPageText, String bannerLogoRelativeUrl, List<String> cdnList) {
    }

    /** Only what is given changes; an empty string clears a value. */
    public record BrandingPatch(String signInPageText, String backgroundColor) {
    }
}
