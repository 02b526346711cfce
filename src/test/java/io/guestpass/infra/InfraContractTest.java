package io.guestpass.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.fixtures.RoleSettings;
import io.guestpass.platform.FunctionRole;
import io.guestpass.platform.GuestpassConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Holds infra/ against the application: every JAX-RS route is routed by the gateway to the function that serves it (and
 * internal routes are not routed at all), every setting the Terraform passes is a property the application reads, and
 * infra/roles.json gives each role what it needs at start and secrets only where they are used.
 */
class InfraContractTest {

    static final java.nio.file.Path INFRA = java.nio.file.Path.of("infra");
    static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target", "classes");

    @Test
    void everyEndpointIsRoutedToTheFunctionThatServesItAndNoOther() throws Exception {
        Map<String, List<String>> routes = routeTable();
        for (String function : routes.keySet()) {
            assertDoesNotThrow(() -> FunctionRole.valueOf(function), "routes.json names an unknown function: " + function);
        }
        List<String> endpoints = endpointPaths();
        assertFalse(endpoints.isEmpty());
        for (String endpoint : endpoints) {
            FunctionRole owner = ownerOf(endpoint);
            List<String> routedTo = routes.entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(route -> matches(route, endpoint)))
                    .map(Map.Entry::getKey).toList();
            if (endpoint.startsWith("/internal/")) {
                assertTrue(routedTo.isEmpty(), endpoint + " is internal but the gateway routes it to " + routedTo);
            } else if (owner == FunctionRole.local) {
                assertTrue(routedTo.isEmpty(), endpoint + " is served in development only but the gateway routes it to " + routedTo);
            } else {
                assertEquals(List.of(owner.name()), routedTo, endpoint + " must reach exactly the " + owner + " function");
            }
        }
        assertTrue(routes.getOrDefault("worker", List.of()).isEmpty(), "the worker is never routed");
        assertTrue(routes.getOrDefault("migrate", List.of()).isEmpty(), "migrate is never routed");
    }

    @Test
    void everyFunctionHasItsSettingsDescribedAndEveryDescribedRoleExists() throws IOException {
        Map<String, RoleSettings> roles = RoleSettings.all();
        assertTrue(roles.keySet().containsAll(routeTable().keySet()), "roles.json must describe every function of routes.json");
        for (String role : roles.keySet()) {
            assertDoesNotThrow(() -> FunctionRole.valueOf(role), "roles.json names an unknown role: " + role);
        }
    }

    /** What a role cannot start without must be given to it: the first apply failed at the migration step for this. */
    @Test
    void everyPropertyARoleRequiresAtStartIsInItsDescription() throws IOException {
        List<String> requiredByAll = propertiesTheMappingRequires();
        assertTrue(requiredByAll.contains("guestpass.public-base-url"), requiredByAll::toString);
        Map<String, String> lacking = new TreeMap<>();
        RoleSettings.all().forEach((role, described) -> {
            List<String> required = new ArrayList<>(requiredByAll);
            required.addAll(FunctionRole.valueOf(role).requiredSettings());
            List<String> missing = required.stream().filter(p -> !described.properties().contains(p)).toList();
            if (!missing.isEmpty()) {
                lacking.put(role, missing.toString());
            }
        });
        assertTrue(lacking.isEmpty(), "infra/roles.json does not give these roles what they need at start: " + lacking);
    }

    @Test
    void secretsGoOnlyToTheRolesThatUseThem() throws IOException {
        RoleSettings.all().forEach((role, described) -> {
            FunctionRole function = FunctionRole.valueOf(role);
            assertEquals(function.sealsData(), described.properties().contains("guestpass.crypto.data-key"), role + ": the data key");
            assertEquals(function.signsPeopleIn(), described.properties().contains("quarkus.oidc.msa.credentials.secret"),
                    role + ": the Microsoft client secret");
            assertEquals(function.signsPeopleIn(), described.properties().contains("quarkus.oidc.msa.authentication.state-secret"),
                    role + ": the sign-in cookie keys");
            assertEquals(function == FunctionRole.migrate, described.properties().contains("guestpass.db.app.password"),
                    role + ": the application database user's password");
            for (String setting : described.settings()) {
                assertFalse(SECRET.matcher(setting).find(), role + " gets " + setting + " as a plain setting: it belongs in a secret");
            }
        });
    }

    @Test
    void everyPropertyRolesJsonGivesIsOneTheApplicationReads() throws IOException {
        Set<String> known = propertiesTheApplicationReads();
        Set<String> unknown = new TreeSet<>();
        RoleSettings.all().forEach((role, described) -> described.properties().stream()
                .filter(p -> !known.contains(RoleSettings.environmentName(p))).forEach(p -> unknown.add(role + ": " + p)));
        assertTrue(unknown.isEmpty(), "roles.json gives settings the application does not read: " + unknown);
    }

    @Test
    void everySettingTheTerraformPassesIsOneTheApplicationReads() throws IOException {
        Set<String> known = propertiesTheApplicationReads();
        Set<String> unknown = new TreeSet<>();
        Pattern env = Pattern.compile("\\b((?:GUESTPASS|QUARKUS)_[A-Z0-9_]+)\\s*=");
        try (Stream<java.nio.file.Path> files = Files.list(INFRA)) {
            for (java.nio.file.Path tf : files.filter(f -> f.toString().endsWith(".tf")).toList()) {
                Matcher m = env.matcher(Files.readString(tf));
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        unknown.add(m.group(1) + " (" + tf.getFileName() + ")");
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "infra/ sets settings the application does not read: " + unknown);
    }

    /**
     * Development settings loosen what production must hold (API connectors on loopback, which on Lambda reaches the Runtime
     * API; a test CA; http redirects): no deployed role may ever get one.
     */
    @Test
    void noRoleEverGetsADevelopmentSetting() throws IOException {
        RoleSettings.all().forEach((role, described) -> described.properties().forEach(p ->
                assertFalse(p.startsWith("guestpass.dev."), role + " gets the development setting " + p)));
        try (Stream<java.nio.file.Path> files = Files.walk(INFRA)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".tf") || f.toString().endsWith(".json")).toList()) {
                String text = Files.readString(file);
                assertFalse(text.contains("GUESTPASS_DEV_") || text.contains("guestpass.dev."), file + " names a development setting");
            }
        }
    }

    static final Pattern SECRET = Pattern.compile("secret|password|key$|credentials");

    /**
     * Properties the configuration mapping demands of every role: neither optional nor defaulted, in the mapping or in
     * application.properties (outside a profile). Found by reading GuestpassConfig, so a new required setting cannot be
     * forgotten in roles.json.
     */
    static List<String> propertiesTheMappingRequires() throws IOException {
        Set<String> defaulted = new TreeSet<>();
        Matcher m = Pattern.compile("^([a-z][a-z0-9.\\-]+)=", Pattern.MULTILINE)
                .matcher(Files.readString(java.nio.file.Path.of("src/main/resources/application.properties")));
        while (m.find()) {
            defaulted.add(m.group(1));
        }
        List<String> required = new ArrayList<>();
        collectRequired(GuestpassConfig.class, GuestpassConfig.class.getAnnotation(ConfigMapping.class).prefix(), defaulted, required);
        return required;
    }

    private static void collectRequired(Class<?> group, String prefix, Set<String> defaulted, List<String> required) {
        for (Method method : group.getDeclaredMethods()) {
            if (method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            WithName named = method.getAnnotation(WithName.class);
            String name = prefix + "." + (named != null ? named.value() : method.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase());
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getName().startsWith("io.guestpass.")) {
                collectRequired(type, name, defaulted, required);
            } else if (!Optional.class.isAssignableFrom(type) && method.getAnnotation(WithDefault.class) == null && !defaulted.contains(name)) {
                required.add(name);
            }
        }
    }

    /** Property names from application.properties, @ConfigProperty, the config mapping and README's table, as env names. */
    static Set<String> propertiesTheApplicationReads() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern property = Pattern.compile("^(?:%\\w+\\.)?([a-z][a-z0-9.\\-\"]+)=", Pattern.MULTILINE);
        Matcher m = property.matcher(Files.readString(java.nio.file.Path.of("src/main/resources/application.properties")));
        while (m.find()) {
            names.add(m.group(1));
        }
        Pattern configProperty = Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"");
        Pattern readmeRow = Pattern.compile("^\\| `([a-z][a-z0-9.\\-]+)`", Pattern.MULTILINE);
        try (Stream<java.nio.file.Path> sources = Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (java.nio.file.Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher c = configProperty.matcher(Files.readString(source));
                while (c.find()) {
                    names.add(c.group(1));
                }
            }
        }
        Matcher r = readmeRow.matcher(Files.readString(java.nio.file.Path.of("README.md")));
        while (r.find()) {
            names.add(r.group(1));
        }
        return names.stream().map(n -> n.replaceAll("[^A-Za-z0-9]", "_").toUpperCase()).collect(Collectors.toSet());
    }

    static Map<String, List<String>> routeTable() throws IOException {
        JsonNode json = new ObjectMapper().readTree(INFRA.resolve("routes.json").toFile());
        Map<String, List<String>> routes = new HashMap<>();
        json.fields().forEachRemaining(e -> {
            List<String> list = new ArrayList<>();
            e.getValue().forEach(v -> list.add(v.asText()));
            routes.put(e.getKey(), list);
        });
        return routes;
    }

    /** {@code ANY /v1.0/{proxy+}} matches everything below /v1.0/; other routes match their path exactly. */
    static boolean matches(String route, String path) {
        String pattern = route.substring(route.indexOf(' ') + 1);
        if (pattern.endsWith("/{proxy+}")) {
            return path.startsWith(pattern.substring(0, pattern.length() - "{proxy+}".length()));
        }
        return path.equals(pattern);
    }

    static FunctionRole ownerOf(String path) {
        return Stream.of(FunctionRole.values()).filter(role -> role.owns(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no function owns " + path));
    }

    /** Every resource path of the application, found by reading its compiled classes. */
    static List<String> endpointPaths() throws Exception {
        List<String> paths = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(CLASSES)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.startsWith("io.guestpass.") || name.contains("$") || name.contains("devmode")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, InfraContractTest.class.getClassLoader());
                Path base = type.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                // the class's own path is an endpoint only when a resource method answers there
                if (java.util.Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getAnnotation(Path.class) == null
                        && java.util.Arrays.stream(m.getAnnotations()).anyMatch(a -> a.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class)))) {
                    paths.add(base.value());
                }
                for (Method method : type.getDeclaredMethods()) {
                    Path sub = method.getAnnotation(Path.class);
                    if (sub != null) {
                        paths.add(base.value() + "/" + sub.value().replace("{id}", "00000000-0000-0000-0000-000000000000"));
                    }
                }
            }
        }
        return paths;
    }
}
