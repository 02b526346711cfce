package io.guestpass.web;

import io.guestpass.platform.GuestpassConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders every page people see (server-side, no JavaScript) in their language, with the headers every page and redirect
 * carries: no caching, no referrer (a page URL must never leak), no framing, and a Content-Security-Policy that allows
 * nothing but our own forms and styles.
 */
@ApplicationScoped
public class PageRenderer {

    private final Template page;
    private final GuestpassConfig config;
    private final CurrentBranding branding;
    private final String logoPath;

    PageRenderer(@Location("page.html") Template page, GuestpassConfig config, CurrentBranding branding) {
        this.page = page;
        this.config = config;
        this.branding = branding;
        this.logoPath = BrandingLogo.pathFor(config.function());
    }

    public String organization() {
        return config.organization().name();
    }

    public Response respond(Page content, Locale locale, NewCookie... cookies) {
        return respond(content, locale, null, cookies);
    }

    public Response respond(Page content, Locale locale, Duration retryAfter, NewCookie... cookies) {
        return respond(content, locale, retryAfter, List.of(), cookies);
    }

    /**
     * A page that also loads other sites' pages in hidden frames (front-channel logout): the CSP's frame-src allows exactly
     * their origins, nothing else.
     */
    public Response respondWithFrames(Page content, Locale locale, List<String> frames, NewCookie... cookies) {
        return respond(content, locale, null, frames, cookies);
    }

    private Response respond(Page content, Locale locale, Duration retryAfter, List<String> frames, NewCookie... cookies) {
        String frameSources = frames.stream().map(PageRenderer::origin).distinct().collect(Collectors.joining(" "));
        String html = page.instance()
                .data("page", content)
                .data("lang", locale.toLanguageTag())
                .data("organization", organization())
                .data("privacyUrl", config.organization().privacyUrl())
                .data("privacyLabel", Texts.in(PageTexts.class, locale).privacyLink(organization()))
                .data("branding", branding.cached())
                .data("logoUrl", logoPath)
                .data("frames", frames)
                .data("framesTitle", Texts.in(PageTexts.class, locale).signOutFrameTitle())
                .render();
        Response.ResponseBuilder response = Response.status(content.status()).entity(html)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Language", locale.toLanguageTag())
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                        + "form-action 'self'" + (content.formTarget() == null ? "" : " " + content.formTarget())
                        + (frameSources.isEmpty() ? "" : "; frame-src " + frameSources)
                        + "; frame-ancestors 'none'; base-uri 'none'")
                .cookie(cookies);
        if (retryAfter != null) {
            response.header("Retry-After", Math.max(1, retryAfter.toSeconds()));
        }
        return withSecurityHeaders(response).build();
    }

    /** {@code 303 See Other} with the page headers: a redirect that never carries a referrer or is cached. */
    public Response seeOther(String location, NewCookie... cookies) {
        // set as written: JAX-RS would make a relative location absolute from the request, which is not the public origin;
        // in ASCII (percent-encoded path and query), as a header must be
        String ascii = URI.create(location).toASCIIString();
        return withSecurityHeaders(Response.status(Response.Status.SEE_OTHER).header("Location", ascii).cookie(cookies)).build();
    }

    /** The headers every page and redirect carries. */
    public static Response.ResponseBuilder withSecurityHeaders(Response.ResponseBuilder response) {
        return response
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
    }

    /** gr***@outlook.com: enough to recognise an address, not enough to harvest it. */
    public static String mask(String address) {
        if (address == null) {
            return "?";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return address.length() <= 2 ? "***" : address.substring(0, 2) + "***";
        }
        String local = address.substring(0, at);
        return local.substring(0, Math.min(2, local.length())) + "***" + address.substring(at);
    }

    /** scheme://host[:port] of an absolute URL, for the CSP's form-action. */
    public static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
