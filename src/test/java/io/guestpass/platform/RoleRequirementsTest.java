package io.guestpass.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** A role needs the data key only where it seals data, and the sign-in keys only where it signs people in. */
class RoleRequirementsTest {

    @Test
    void theDataKeyIsRequiredExactlyWhereDataIsSealed() {
        for (FunctionRole role : FunctionRole.values()) {
            assertEquals(role.sealsData(), role.requiredSettings().contains("guestpass.crypto.data-key"), role.name());
        }
        // the private signing keys are sealed: migrate creates the first, the worker rotates them, sign-up signs with them
        assertTrue(FunctionRole.migrate.sealsData());
        assertTrue(FunctionRole.worker.sealsData());
        assertTrue(FunctionRole.signup.sealsData());
    }

    @Test
    void theMigrateFunctionStartsWithTheDataKeyAndWithoutTheSignInKeys() {
        assertEquals(List.of("guestpass.crypto.data-key"), RoleRequirements.missing(FunctionRole.migrate, name -> Optional.empty()));
    }

    @Test
    void aMissingOrBlankSettingIsNamedInTheFailure() {
        Map<String, String> given = Map.of("guestpass.crypto.data-key", " ", "quarkus.oidc.msa.client-id", "client",
                "quarkus.oidc.msa.credentials.secret", "secret", "quarkus.oidc.msa.authentication.state-secret", "state");
        List<String> missing = RoleRequirements.missing(FunctionRole.redeem, name -> Optional.ofNullable(given.get(name)));
        assertEquals(List.of("guestpass.crypto.data-key", "quarkus.oidc.msa.token-state-manager.encryption-secret"), missing);
        assertEquals("The redeem function cannot start without guestpass.crypto.data-key, "
                + "quarkus.oidc.msa.token-state-manager.encryption-secret (infra/roles.json says which settings and secrets each function gets)",
                RoleRequirements.message(FunctionRole.redeem, missing));
    }

    @Test
    void theSignInKeysAreRequiredOnlyWhereSomeoneSignsIn() {
        for (FunctionRole role : FunctionRole.values()) {
            assertEquals(role.signsPeopleIn(), role.requiredSettings().contains("quarkus.oidc.msa.authentication.state-secret"), role.name());
        }
        assertFalse(FunctionRole.invite.signsPeopleIn());
        assertTrue(FunctionRole.redeem.signsPeopleIn());
    }
}
