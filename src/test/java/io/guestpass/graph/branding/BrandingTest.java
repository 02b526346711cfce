package io.guestpass.graph.branding;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Images;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Company branding as Graph's organizationalBranding: what may be set, how the logo is checked, and who may set it. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class BrandingTest {

    static final String ORGANIZATION = "00000000-0000-0000-0000-0000000007e5";
    static final String BRANDING = "/v1.0/organization/" + ORGANIZATION + "/branding";
    static final String LOGO = BRANDING + "/localizations/0/bannerLogo";
    static final String WRITE = "OrganizationalBranding.ReadWrite.All";

    @BeforeEach
    void noBranding() {
        Directory.reset();
    }

    @AfterEach
    void unbranded() {
        // through the API, so that this instance's pages and mail stop showing it at once
        patch(Tokens.admin(), "{\"signInPageText\":\"\",\"backgroundColor\":\"\"}").then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).delete(LOGO).then().statusCode(204);
    }

    private static Response patch(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).patch(BRANDING);
    }

    private static Response putLogo(String token, String contentType, byte[] bytes) {
        return given().auth().oauth2(token).contentType(contentType).body(bytes).put(LOGO);
    }

    private static long events(String action) {
        return Directory.count("select count(*) from audit_event where action = ?", action);
    }

    @Test
    void anAdministratorSetsTextColourAndLogoAndReadsThemBackInGraphsShape() {
        given().auth().oauth2(Tokens.admin()).get(BRANDING).then().statusCode(200)
                .body("id", equalTo("0")).body("signInPageText", nullValue()).body("bannerLogoRelativeUrl", nullValue());

        patch(Tokens.admin(), "{\"signInPageText\":\"Questions? Call the Contoso help desk, +31 20 123 4567.\","
                + "\"backgroundColor\":\"#0b5cad\"}").then().statusCode(204);
        byte[] png = Images.png(200, 30);
        putLogo(Tokens.admin(), "image/png", png).then().statusCode(204);

        given().auth().oauth2(Tokens.admin()).get(BRANDING).then().statusCode(200)
                .body("'@odata.context'", equalTo("https://id.contoso.test/v1.0/$metadata#organization('" + ORGANIZATION + "')/branding/$entity"))
                .body("id", equalTo("0"))
                .body("signInPageText", equalTo("Questions? Call the Contoso help desk, +31 20 123 4567."))
                .body("backgroundColor", equalTo("#0B5CAD"))
                .body("bannerLogoRelativeUrl", equalTo("redeem/branding/logo"))
                .body("cdnList", contains("id.contoso.test"));
        Response logo = given().auth().oauth2(Tokens.admin()).get(BRANDING + "/localizations/default/bannerLogo");
        logo.then().statusCode(200).contentType("image/png").header("X-Content-Type-Options", "nosniff");
        assertArrayEquals(png, logo.asByteArray());

        // only what is given changes
        patch(Tokens.admin(), "{\"backgroundColor\":\"#FFFFFF\"}").then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get(BRANDING).then()
                .body("signInPageText", startsWith("Questions?")).body("backgroundColor", equalTo("#FFFFFF"));

        byte[] jpeg = Images.jpeg(200, 30);
        putLogo(Tokens.admin(), "image/jpeg", jpeg).then().statusCode(204);
        assertEquals("image/jpeg", Directory.text("select banner_logo_type from organizational_branding"));

        assertEquals(4, events("branding.updated"));
        given().auth().oauth2(Tokens.admin()).get("/v1.0/auditLogs/directoryAudits").then().statusCode(200)
                .body("value.find { it.activityDisplayName == 'Update organizational branding' }.category", equalTo("DirectoryManagement"))
                .body("value.find { it.activityDisplayName == 'Update organizational branding' }.initiatedBy.app.appId", equalTo("admin-app"));
    }

    @Test
    void theTextAndTheColourAreChecked() {
        String before = Directory.text("select row(b.*)::text from organizational_branding b");
        patch(Tokens.admin(), "{\"signInPageText\":\"" + "x".repeat(1025) + "\"}").then().statusCode(400)
                .body("error.code", equalTo("BadRequest")).body("error.message", containsString("1024"));
        patch(Tokens.admin(), "{\"signInPageText\":\"bell \\u0007 rings\"}").then().statusCode(400)
                .body("error.message", containsString("control characters"));
        for (String color : new String[] { "red", "#FFF", "#12345G", "#0b5cad; background-image: url(x)", "0B5CAD" }) {
            patch(Tokens.admin(), "{\"backgroundColor\":\"" + color + "\"}").then().statusCode(400)
                    .body("error.message", containsString("#RRGGBB"));
        }
        patch(Tokens.admin(), "{\"backgroundColor\":7}").then().statusCode(400);
        patch(Tokens.admin(), "{}").then().statusCode(400).body("error.message", containsString("signInPageText or backgroundColor"));
        patch(Tokens.admin(), "{\"bannerLogo\":\"iVBORw0KGgo=\"}").then().statusCode(400);
        assertEquals(before, Directory.text("select row(b.*)::text from organizational_branding b"), "nothing changed");
        assertEquals(0, events("branding.updated"));

        patch(Tokens.admin(), "{\"signInPageText\":\"" + "x".repeat(1024) + "\"}").then().statusCode(204);
        patch(Tokens.admin(), "{\"signInPageText\":\"Line one\\nLine two <b>not bold</b>\"}").then().statusCode(204);
    }

    @Test
    void theLogoIsCheckedByItsContentNotItsNameOrType() {
        putLogo(Tokens.admin(), "image/png", Images.svg()).then().statusCode(400)
                .body("error.code", equalTo("BadRequest")).body("error.message", containsString("not a PNG or JPEG"));
        putLogo(Tokens.admin(), "image/svg+xml", Images.svg()).then().statusCode(400)
                .body("error.message", containsString("image/png or image/jpeg"));
        putLogo(Tokens.admin(), "image/png", Images.pngWithHtmlAppended()).then().statusCode(400)
                .body("error.message", containsString("not a well-formed PNG"));
        putLogo(Tokens.admin(), "image/png", Images.truncatedPng()).then().statusCode(400)
                .body("error.message", containsString("not a well-formed PNG"));
        byte[] oversized = Images.noisyPng(80, 80);
        assertTrue(oversized.length > 10 * 1024 && oversized.length < 64 * 1024, "between our limit and the gate's: " + oversized.length);
        putLogo(Tokens.admin(), "image/png", oversized).then().statusCode(400).body("error.message", containsString("10 KB"));
        byte[] bomb = Images.hugeBlankPng(6000);
        assertTrue(bomb.length <= 10 * 1024, "small on the wire: " + bomb.length);
        putLogo(Tokens.admin(), "image/png", bomb).then().statusCode(400).body("error.message", containsString("1024 x 1024 pixels"));
        putLogo(Tokens.admin(), "image/png", Images.jpeg(100, 20)).then().statusCode(400)
                .body("error.message", containsString("is a JPEG image but was sent as image/png"));
        putLogo(Tokens.admin(), "application/octet-stream", Images.png(100, 20)).then().statusCode(400)
                .body("error.message", containsString("image/png or image/jpeg"));
        putLogo(Tokens.admin(), "text/html", "<html><script>alert(1)</script></html>".getBytes()).then().statusCode(400);
        // a JPEG whose markers are fine but whose data is not an image
        byte[] jpeg = Images.jpeg(100, 20);
        byte[] scrambled = Arrays.copyOf(jpeg, jpeg.length);
        for (int i = 20; i < 200; i++) {
            scrambled[i] = 0x01;
        }
        putLogo(Tokens.admin(), "image/jpeg", scrambled).then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).contentType("image/png").put(LOGO).then().statusCode(400);

        assertNull(Directory.text("select banner_logo_type from organizational_branding"), "no logo was stored");
        given().auth().oauth2(Tokens.admin()).get(LOGO).then().statusCode(204);
        assertEquals(0, events("branding.updated"));
    }

    @Test
    void readingNeedsAReadPermissionWritingReadWriteAndAPersonAlsoGlobalAdministrator() {
        String reader = Tokens.application("branding-reader", "OrganizationalBranding.Read.All");
        given().auth().oauth2(reader).get(BRANDING).then().statusCode(200);
        given().auth().oauth2(reader).get(LOGO).then().statusCode(204);
        patch(reader, "{\"backgroundColor\":\"#000000\"}").then().statusCode(403).body("error.code", equalTo("Forbidden"));
        putLogo(reader, "image/png", Images.png(100, 20)).then().statusCode(403);
        given().auth().oauth2(Tokens.application("unrelated", "User.Read.All")).get(BRANDING).then().statusCode(403);

        // a person with the permission but without the role: refused, and the refusal is in the audit trail
        String member = Tokens.person("member-oid", WRITE);
        patch(member, "{\"backgroundColor\":\"#000000\"}").then().statusCode(403)
                .body("error.message", containsString("Global Administrator"));
        putLogo(member, "image/png", Images.png(100, 20)).then().statusCode(403);
        given().auth().oauth2(member).delete(LOGO).then().statusCode(403);
        assertEquals(3, Directory.count("select count(*) from audit_event where action = 'authorization.refused' "
                + "and actor_subject = 'member-oid' and target_type = 'organizationalBranding'"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'authorization.refused' "
                + "and actor_subject = 'member-oid' and operation = 'PUT " + LOGO + "'"));
        assertNull(Directory.text("select background_color from organizational_branding"));

        String userAdministrator = Tokens.entraV2Person("ua@contoso.com", WRITE, java.util.List.of(), Tokens.USER_ADMINISTRATOR_ID);
        patch(userAdministrator, "{\"backgroundColor\":\"#000000\"}").then().statusCode(403);
        String globalAdministrator = Tokens.entraV2Person("ga@contoso.com", WRITE, java.util.List.of(), Tokens.GLOBAL_ADMINISTRATOR_ID);
        patch(globalAdministrator, "{\"backgroundColor\":\"#000000\"}").then().statusCode(204);
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'branding.updated' and actor_type = 'user'"));
        given().auth().oauth2(globalAdministrator).get(BRANDING).then().statusCode(200).body("backgroundColor", equalTo("#000000"));
    }

    @Test
    void onlyThisDirectorysOrganizationAndItsDefaultLocalizationExist() {
        given().auth().oauth2(Tokens.admin()).get("/v1.0/organization/" + java.util.UUID.randomUUID() + "/branding").then()
                .statusCode(404).body("error.code", equalTo("NotFound"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"backgroundColor\":\"#000000\"}")
                .patch("/v1.0/organization/not-ours/branding").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType("image/png").body(Images.png(100, 20))
                .put(BRANDING + "/localizations/fr-FR/bannerLogo").then().statusCode(404);
        given().get(BRANDING).then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/redeem/branding/logo").then().statusCode(404); // the redeem function's
    }
}
