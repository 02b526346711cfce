package io.guestpass.devmode;

import io.guestpass.web.PageRenderer;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * DEVELOPMENT ONLY — never packaged. The sample application's pages: its own plain look (it is an application, not
 * Guestpass), server-rendered, no JavaScript, with the headers every Guestpass page carries. Everything shown is escaped.
 */
final class SamplePages {

    /** Claims that are times (seconds since 1970): shown with their date too. */
    private static final Set<String> TIMES = Set.of("iat", "exp", "nbf", "auth_time");
    private static final String BANNER = "<p class=\"banner\">Development only: a sample application that signs in through"
            + " Guestpass. It never ships in function.zip.</p>\n";

    private SamplePages() {
    }

    static Response home(String clientId) {
        return page(200, "Guestpass sample app", BANNER
                + "<h1>Guestpass sample app</h1>\n"
                + "<p>This page plays an application registered with Guestpass (client id <code>" + escape(clientId)
                + "</code>, a public client with PKCE). Press <em>Sign in</em>: Guestpass asks you to sign in with your"
                + " Microsoft account (in development, the local stand-in), and an invited guest comes back here to see the"
                + " claims of the ID token Guestpass issued.</p>\n"
                + "<p>Not a guest yet? <em>Sign up</em> asks Guestpass to create a guest account (<code>prompt=create</code>)"
                + " through the user flow an administrator linked this app to; until sign-up is switched on and a flow is linked,"
                + " Guestpass says why it cannot.</p>\n"
                + "<p class=\"actions\"><a class=\"button\" id=\"signin\" href=\"" + SampleSignIn.PATH + "/signin\">Sign in</a>"
                + " <a class=\"button\" id=\"signup\" href=\"" + SampleSignIn.PATH + "/signup\">Sign up</a></p>\n");
    }

    static Response signedIn(Map<String, Object> claims, NewCookie... cookies) {
        StringBuilder rows = new StringBuilder();
        claims.forEach((name, value) -> rows.append("<tr><th scope=\"row\">").append(escape(name)).append("</th><td>")
                .append(escape(shown(name, value))).append("</td></tr>\n"));
        Object who = claims.getOrDefault("name", claims.get("preferred_username"));
        return page(200, "Signed in", BANNER
                + "<h1 id=\"outcome\">Signed in as " + escape(String.valueOf(who)) + "</h1>\n"
                + "<p>Guestpass signed you in. The ID token's signature, issuer, audience, expiry and nonce were checked"
                + " against Guestpass's published keys; these are its claims:</p>\n"
                + "<table id=\"claims\">\n<thead><tr><th scope=\"col\">Claim</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n"
                + rows + "</tbody>\n</table>\n"
                + "<p><a class=\"button\" href=\"" + SampleSignIn.PATH + "\">Back to the sample app</a></p>\n", cookies);
    }

    /** Guestpass answered the authorization request with an error (RFC 6749 §4.1.2.1). */
    static Response refused(String error, String description, NewCookie... cookies) {
        return page(200, "Not signed in", BANNER
                + "<h1 id=\"outcome\">Not signed in</h1>\n"
                + "<p>Guestpass answered with <code id=\"error\">error=" + escape(error) + "</code>"
                + (description == null || description.isBlank() ? "" : ": <span id=\"description\">" + escape(description) + "</span>")
                + ".</p>\n"
                + "<p>" + escape(meaning(error)) + "</p>\n"
                + "<p><a class=\"button\" href=\"" + SampleSignIn.PATH + "\">Back to the sample app</a></p>\n", cookies);
    }

    /** The sample application itself refused the answer (state, code exchange, ID token). */
    static Response failed(int status, String heading, String detail, NewCookie... cookies) {
        return page(status, heading, BANNER
                + "<h1 id=\"outcome\">" + escape(heading) + "</h1>\n"
                + "<p id=\"detail\">" + escape(detail) + "</p>\n"
                + "<p><a class=\"button\" href=\"" + SampleSignIn.PATH + "\">Start again</a></p>\n", cookies);
    }

    static Response page(int status, String title, String body, NewCookie... cookies) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escape(title) + "</title>\n"
                + "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
                + ".banner{background:#fff4ce;border:1px solid #c8a600;padding:.5rem .75rem}"
                + "table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;"
                + "vertical-align:top;word-break:break-all}.button{display:inline-block;padding:.5rem 1rem;background:#0b5cad;"
                + "color:#fff;text-decoration:none;border-radius:4px}</style>\n</head>\n<body>\n<main>\n" + body
                + "</main>\n</body>\n</html>\n";
        return PageRenderer.withSecurityHeaders(Response.status(status).entity(html).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                        + "frame-ancestors 'none'; base-uri 'none'")
                .cookie(cookies)).build();
    }

    private static String meaning(String error) {
        return switch (error) {
            case "access_denied" -> "You went back without signing in, or the account you used has no access (only invited"
                    + " guests may sign in to the organization's applications).";
            case "login_required", "interaction_required" -> "Guestpass needs you to sign in interactively.";
            case "invalid_request", "invalid_scope", "unsupported_response_type" -> "The sample app sent a request Guestpass"
                    + " does not accept.";
            default -> "Guestpass did not sign you in.";
        };
    }

    private static String shown(String name, Object value) {
        if (value instanceof Collection<?> values) {
            return String.join(", ", values.stream().map(String::valueOf).toList());
        }
        if (TIMES.contains(name) && value instanceof Number seconds) {
            return seconds + " (" + Instant.ofEpochSecond(seconds.longValue()) + ")";
        }
        return String.valueOf(value);
    }

    /** HTML-escaped, as the Microsoft-account stand-in escapes its pages. */
    static String escape(String text) {
        return LocalMicrosoftAccount.escape(text);
    }
}
