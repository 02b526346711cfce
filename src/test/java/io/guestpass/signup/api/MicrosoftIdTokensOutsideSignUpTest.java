package io.guestpass.signup.api;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.MicrosoftBackEnd;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A function that does not serve sign-up (here the invite function) has no ID-token tenant; quarkus-oidc would then
 * answer with its default tenant (administrators' tokens). The verifier must fail closed, never accept.
 */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class MicrosoftIdTokensOutsideSignUpTest {

    @Inject
    MicrosoftIdTokens tokens;

    @Test
    void aGoodTokenIsNotAcceptedWhereSignUpIsNotServed() {
        Directory.execute("delete from consumed_id_token");
        String idToken = MicrosoftBackEnd.idTokenFor("ada@outlook.com");
        assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> tokens.verify(idToken, Set.of(GuestpassTestResources.BACK_END_MSA_CLIENT_ID))));
        assertEquals(0, Directory.count("select count(*) from consumed_id_token"));
    }
}
