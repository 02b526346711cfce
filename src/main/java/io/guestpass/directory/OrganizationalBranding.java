package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The organization's company branding, Graph's {@code organizationalBranding} (default localization only): a text for
 * the sign-in pages, a background colour and a banner logo. One row, created by the first change; every page of every
 * journey and the invitation mail show what is set.
 */
@Entity
@Table(name = "organizational_branding")
public class OrganizationalBranding extends PanacheEntityBase {

    public static final int MAX_SIGN_IN_PAGE_TEXT = 1024;
    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

    @Id
    public short id = 1;

    @Column(name = "sign_in_page_text")
    public String signInPageText;

    @Column(name = "background_color")
    public String backgroundColor;

    @Column(name = "banner_logo")
    public byte[] bannerLogo;

    @Column(name = "banner_logo_type")
    public String bannerLogoType;

    @Column(name = "banner_logo_tag")
    public String bannerLogoTag;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public int version;

    public static Uni<OrganizationalBranding> current() {
        return findById((short) 1);
    }

    public static OrganizationalBranding first(Instant now) {
        OrganizationalBranding branding = new OrganizationalBranding();
        branding.updatedAt = now;
        return branding;
    }

    /**
     * Plain text (pages and mail escape it), at most 1024 characters; line breaks are kept, other control characters
     * refused. Empty clears it.
     */
    public void changeSignInPageText(String text, Instant now) {
        if (text != null && text.length() > MAX_SIGN_IN_PAGE_TEXT) {
            throw new DirectoryRuleException("signInPageText may have at most " + MAX_SIGN_IN_PAGE_TEXT + " characters.");
        }
        if (text != null && text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new DirectoryRuleException("signInPageText must be plain text without control characters.");
        }
        signInPageText = text == null || text.isBlank() ? null : text;
        updatedAt = now;
    }

    /** {@code #RRGGBB} only: the value goes into the pages' style, so nothing but a colour may pass. Empty clears it. */
    public void changeBackgroundColor(String color, Instant now) {
        if (color != null && !color.isEmpty() && !COLOR.matcher(color).matches()) {
            throw new DirectoryRuleException("backgroundColor must be a colour in hexadecimal, #RRGGBB (for example #FFFFFF).");
        }
        backgroundColor = color == null || color.isEmpty() ? null : color.toUpperCase(java.util.Locale.ROOT);
        updatedAt = now;
    }

    public void replaceBannerLogo(BannerLogo logo, Instant now) {
        bannerLogo = logo.bytes();
        bannerLogoType = logo.contentType();
        bannerLogoTag = logo.tag();
        updatedAt = now;
    }

    public void removeBannerLogo(Instant now) {
        bannerLogo = null;
        bannerLogoType = null;
        bannerLogoTag = null;
        updatedAt = now;
    }
}
