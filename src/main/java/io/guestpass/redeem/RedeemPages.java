package io.guestpass.redeem;

import io.guestpass.platform.GuestpassConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Renders redeem pages (server-side, no JavaScript) in the person's language, with the headers every page carries:
 * no caching, no referrer (a page URL must never leak), no framing, and a Content-Security-Policy that allows nothing
 * but our own forms and styles.
 */
@ApplicationScoped
public class RedeemPages {

    static final List<Locale> SUPPORTED = List.of(Locale.forLanguageTag("en"), Locale.forLanguageTag("nl"));

    private final Template page;
    private final GuestpassConfig config;

    RedeemPages(@Location("redeem/page.html") Template page, GuestpassConfig config) {
        this.page = page;
        this.config = config;
    }

    /** Accept-Language first, then the invitation's language, then English. */
    public static Locale locale(String acceptLanguage, String invitationLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                Locale chosen = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
                if (chosen != null) {
                    return chosen;
                }
            } catch (IllegalArgumentException malformed) {
                // fall through to the invitation's language
            }
        }
        if (invitationLanguage != null && invitationLanguage.toLowerCase(Locale.ROOT).startsWith("nl")) {
            return SUPPORTED.get(1);
        }
        return SUPPORTED.get(0);
    }

    public RedeemTexts texts(Locale locale) {
        return MessageBundles.get(RedeemTexts.class, Localized.Literal.of(locale.toLanguageTag()));
    }

    public String organization() {
        return config.organization().name();
    }

    public Response respond(RedeemPage content, Locale locale, NewCookie... cookies) {
        return respond(content, locale, null, cookies);
    }

    public Response respond(RedeemPage content, Locale locale, Duration retryAfter, NewCookie... cookies) {
        String html = page.instance()
                .data("page", content)
                .data("lang", locale.toLanguageTag())
                .data("organization", organization())
                .data("privacyUrl", config.organization().privacyUrl())
                .data("privacyLabel", texts(locale).privacyLink(organization()))
                .render();
        Response.ResponseBuilder response = Response.status(content.status()).entity(html)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Language", locale.toLanguageTag())
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                        + "form-action 'self'" + (content.formTarget() == null ? "" : " " + content.formTarget())
                        + "; frame-ancestors 'none'; base-uri 'none'")
                .cookie(cookies);
        if (retryAfter != null) {
            response.header("Retry-After", Math.max(1, retryAfter.toSeconds()));
        }
        return SecurityHeaders.apply(response).build();
    }

    /** {@code 303 See Other} with the page headers: a redirect that never carries a referrer or is cached. */
    public Response seeOther(String location, NewCookie... cookies) {
        // set as written: JAX-RS would make a relative location absolute from the request, which is not the public origin;
        // in ASCII (percent-encoded path and query), as a header must be
        String ascii = java.net.URI.create(location).toASCIIString();
        return SecurityHeaders.apply(Response.status(Response.Status.SEE_OTHER).header("Location", ascii).cookie(cookies)).build();
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
}
