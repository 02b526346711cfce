package io.guestpass.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A function that lacks a setting its role needs fails at start, naming the setting, rather than at the first request
 * that needs it (with SnapStart, "at start" is when a version is published: the deployment fails, not a guest's
 * request). Only presence is checked here; what the settings hold is parsed where they are used, on first use.
 */
@ApplicationScoped
class RoleRequirements {

    void check(@Observes StartupEvent event, GuestpassConfig guestpass, Config config) {
        FunctionRole role = guestpass.function();
        List<String> missing = missing(role, name -> config.getOptionalValue(name, String.class));
        if (!missing.isEmpty()) {
            throw new IllegalStateException(message(role, missing));
        }
    }

    static List<String> missing(FunctionRole role, Function<String, Optional<String>> lookup) {
        return role.requiredSettings().stream().filter(name -> lookup.apply(name).filter(v -> !v.isBlank()).isEmpty()).toList();
    }

    static String message(FunctionRole role, List<String> missing) {
        return "The " + role + " function cannot start without " + String.join(", ", missing)
                + " (infra/roles.json says which settings and secrets each function gets)";
    }
}
