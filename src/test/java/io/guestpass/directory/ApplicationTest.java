package io.guestpass.directory;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules the OpenID Connect endpoints rely on: which platform registered a redirect URI, and which secret is good. */
class ApplicationTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static Application app() {
        Application app = Application.registered("Contoso", NOW);
        app.webRedirectUris = List.of("https://app.contoso.test/signin-oidc");
        app.spaRedirectUris = List.of("https://spa.contoso.test/", "http://localhost:3000/spa");
        app.publicClientRedirectUris = List.of("http://127.0.0.1/native", "http://[::1]:8400/native", "http://localhost/cli",
                "com.contoso.app:/callback");
        return app;
    }

    @Test
    void eachRegisteredUriMatchesExactlyOnItsOwnPlatform() {
        Application app = app();
        assertEquals(Optional.of(Application.ClientKind.WEB), app.redirectKind("https://app.contoso.test/signin-oidc"));
        assertEquals(Optional.of(Application.ClientKind.SPA), app.redirectKind("https://spa.contoso.test/"));
        assertEquals(Optional.of(Application.ClientKind.SPA), app.redirectKind("http://localhost:3000/spa"));
        assertEquals(Optional.of(Application.ClientKind.PUBLIC), app.redirectKind("com.contoso.app:/callback"));
        assertEquals(Optional.of(Application.ClientKind.PUBLIC), app.redirectKind("http://127.0.0.1/native"));
    }

    @Test
    void prefixSuffixAndCaseVariantsAreUnregistered() {
        Application app = app();
        for (String variant : List.of("https://app.contoso.test/signin-oidc/", "https://app.contoso.test/signin-oidc?x=1",
                "https://app.contoso.test/signin", "https://APP.contoso.test/signin-oidc", "HTTPS://app.contoso.test/signin-oidc",
                "https://app.contoso.test/Signin-oidc", "https://app.contoso.test:443/signin-oidc", "https://spa.contoso.test",
                "https://app.contoso.test/signin-oidc#x", "com.contoso.app:/callback/", "com.contoso.APP:/callback", "", "x")) {
            assertEquals(Optional.empty(), app.redirectKind(variant), variant);
        }
        assertEquals(Optional.empty(), app.redirectKind(null));
    }

    @Test
    void publicLoopbackUrisMatchOnAnyPortButNothingElse() {
        Application app = app();
        assertEquals(Optional.of(Application.ClientKind.PUBLIC), app.redirectKind("http://127.0.0.1:51234/native"));
        assertEquals(Optional.of(Application.ClientKind.PUBLIC), app.redirectKind("http://[::1]/native"));
        assertEquals(Optional.of(Application.ClientKind.PUBLIC), app.redirectKind("http://[::1]:1/native"));
        assertEquals(Optional.of(Application.ClientKind.PUBLIC), app.redirectKind("http://localhost:9/cli"));
        // the port only: another host, path, scheme or query is another URI
        assertEquals(Optional.empty(), app.redirectKind("http://localhost:51234/native"));
        assertEquals(Optional.empty(), app.redirectKind("http://127.0.0.1:51234/native/x"));
        assertEquals(Optional.empty(), app.redirectKind("http://127.0.0.1:51234/native?x"));
        assertEquals(Optional.empty(), app.redirectKind("https://127.0.0.1:51234/native"));
        assertEquals(Optional.empty(), app.redirectKind("http://user@127.0.0.1:51234/native"));
        assertEquals(Optional.empty(), app.redirectKind("http://127.0.0.2:51234/native"));
        // a single-page app's loopback URI is exact, port included
        assertEquals(Optional.empty(), app.redirectKind("http://localhost:3001/spa"));
    }

    @Test
    void aSecretVerifiesUntilItsEndAndNotOnceRemoved() {
        Application app = app();
        Application.NewSecret first = app.addPassword("ci", NOW.plus(Duration.ofDays(30)), NOW);
        Application.NewSecret second = app.addPassword(null, null, NOW);

        assertEquals(43, first.secretText().length(), "256 bits, base64url without padding");
        assertEquals(first.secretText().substring(0, 3), first.credential().hint());
        assertNotEquals(first.secretText(), second.secretText());
        assertFalse(app.passwordCredentials().toString().contains(first.secretText()), "only the hash is kept");
        assertEquals(NOW.plus(Application.MAX_SECRET_LIFETIME), second.credential().endDateTime());

        assertTrue(app.verifiesSecret(first.secretText(), NOW));
        assertTrue(app.verifiesSecret(second.secretText(), NOW));
        assertFalse(app.verifiesSecret(first.secretText(), NOW.plus(Duration.ofDays(30))), "expired at its end");
        assertTrue(app.verifiesSecret(second.secretText(), NOW.plus(Duration.ofDays(30))));
        assertFalse(app.verifiesSecret(first.secretText(), NOW.minusSeconds(1)), "not before its start");
        assertFalse(app.verifiesSecret(first.secretText() + "x", NOW));
        assertFalse(app.verifiesSecret(first.secretText().substring(1), NOW));
        assertFalse(app.verifiesSecret("", NOW));
        assertFalse(app.verifiesSecret(null, NOW));

        assertTrue(app.removePassword(first.credential().keyId()));
        assertFalse(app.verifiesSecret(first.secretText(), NOW));
        assertTrue(app.verifiesSecret(second.secretText(), NOW));
        assertFalse(app.removePassword(first.credential().keyId()));
    }

    @Test
    void aSecretEndsInTheFutureAndWithinTwoYears() {
        Application app = app();
        assertThrows(IllegalArgumentException.class, () -> app.addPassword(null, NOW, NOW));
        assertThrows(IllegalArgumentException.class, () -> app.addPassword(null, NOW.minusSeconds(60), NOW));
        assertThrows(IllegalArgumentException.class, () -> app.addPassword(null, NOW.plus(Duration.ofDays(731)), NOW));
        app.addPassword(null, NOW.plus(Duration.ofDays(730)), NOW);
        for (int i = 1; i < Application.MAX_PASSWORD_CREDENTIALS; i++) {
            app.addPassword(null, null, NOW);
        }
        assertThrows(DirectoryRuleException.class, () -> app.addPassword(null, null, NOW));
    }

    @Test
    void scopesAndLogoutUrlsAsTheProviderReadsThem() {
        Application app = app();
        assertEquals(List.of(), app.logoutUrls());
        app.webLogoutUrl = "https://app.contoso.test/signout";
        assertEquals(List.of("https://app.contoso.test/signout"), app.logoutUrls());
        app.replacePermissionScopes(List.of(
                new Application.PermissionScope(java.util.UUID.randomUUID(), "Orders.Read", null, null, null, null, true, "User"),
                new Application.PermissionScope(java.util.UUID.randomUUID(), "Orders.Write", null, null, null, null, false, "Admin")));
        assertEquals(List.of("Orders.Read"), app.enabledScopeValues());
    }
}
