package io.guestpass.oidc;

import io.guestpass.web.Page;
import io.guestpass.web.PageRenderer;
import io.guestpass.web.PageTexts;
import io.guestpass.web.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends the outcome of an authorization request back to the application's (registered, checked) redirect URI in the
 * response mode it asked for: query, fragment (single-page apps) or form_post (OAuth 2.0 Form Post Response Mode).
 * {@code state} is echoed whenever the request had one.
 */
@ApplicationScoped
public class AuthorizationResponses {

    private final PageRenderer pages;

    AuthorizationResponses(PageRenderer pages) {
        this.pages = pages;
    }

    public Response code(AuthorizationRequest request, String code, Locale locale, NewCookie... cookies) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("code", code);
        return send(request.redirectUri(), request.responseMode(), with(values, request.state()), locale, cookies);
    }

    public Response error(String redirectUri, String responseMode, String state, String error, String description, Locale locale,
            NewCookie... cookies) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("error", error);
        values.put("error_description", description);
        return send(redirectUri, responseMode, with(values, state), locale, cookies);
    }

    private Response send(String redirectUri, String responseMode, Map<String, String> values, Locale locale, NewCookie... cookies) {
        return switch (responseMode) {
            case "form_post" -> pages.respond(new Page(200, Texts.in(PageTexts.class, locale).continueButton(), List.of(),
                    List.of(Page.Action.post(Texts.in(PageTexts.class, locale).continueButton(), redirectUri, values)), null)
                    .leadingTo(PageRenderer.origin(redirectUri)), locale, cookies);
            case "fragment" -> pages.seeOther(redirectUri + "#" + encode(values), cookies);
            default -> pages.seeOther(redirectUri + (redirectUri.contains("?") ? "&" : "?") + encode(values), cookies);
        };
    }

    private static Map<String, String> with(Map<String, String> values, String state) {
        if (state != null) {
            values.put("state", state);
        }
        return values;
    }

    private static String encode(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
