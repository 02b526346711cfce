package io.guestpass.connectors;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a connector may be reached at: public unicast ones only. A connector's URL is an administrator's
 * input and its DNS is someone else's, so without this a sign-up could make the function call the Lambda Runtime API
 * and extensions (loopback), the instance metadata service (link-local, fd00:ec2::254), or the VPC's private services.
 */
public final class ConnectorAddresses {

    private ConnectorAddresses() {
    }

    /**
     * The address to connect to: the first of those the host resolved to, provided none is refused (a name with one
     * refused address is refused as a whole, so that no choice of ours or of the resolver can reach it).
     */
    static InetAddress choose(String host, List<InetAddress> resolved, boolean allowLoopback) {
        if (resolved.isEmpty()) {
            throw new ConnectorFailure("the host " + host + " resolves to no address");
        }
        for (InetAddress address : resolved) {
            Optional<String> refusal = refusal(address, allowLoopback);
            if (refusal.isPresent()) {
                throw new ConnectorFailure("the host " + host + " resolves to " + address.getHostAddress() + ", a " + refusal.get()
                        + " address: refused");
            }
        }
        return resolved.get(0);
    }

    /** Why this address is refused (loopback only when the development setting allows it), or empty if it is public. */
    public static Optional<String> refusal(InetAddress address, boolean allowLoopback) {
        byte[] bytes = address.getAddress();
        Optional<String> refusal = bytes.length == 4 ? refusalOfV4(bytes) : refusalOfV6(bytes);
        return refusal.filter(reason -> !(allowLoopback && reason.equals(LOOPBACK)));
    }

    static final String LOOPBACK = "loopback";

    private static Optional<String> refusalOfV4(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        if (first == 0) {
            return Optional.of("\"this network\" (0.0.0.0/8)");
        }
        if (first == 127) {
            return Optional.of(LOOPBACK);
        }
        if (first == 10 || first == 172 && (second & 0xf0) == 16 || first == 192 && second == 168) {
            return Optional.of("private");
        }
        if (first == 169 && second == 254) {
            return Optional.of("link-local");
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return Optional.of("shared (CGNAT, 100.64.0.0/10)");
        }
        if (first >= 224 && first <= 239) {
            return Optional.of("multicast");
        }
        if (first >= 240) {
            return Optional.of("reserved or broadcast");
        }
        return Optional.empty();
    }

    private static Optional<String> refusalOfV6(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        if (isZero(a, 0, 15)) {
            return Optional.of((a[15] & 0xff) == 1 ? LOOPBACK : (a[15] & 0xff) == 0 ? "unspecified" : "IPv4-compatible");
        }
        // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach the
        // embedded IPv4 address: judge that one
        boolean mapped = isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        boolean compatible = isZero(a, 0, 12);
        boolean nat64 = first == 0x00 && second == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && isZero(a, 4, 12);
        if (mapped || compatible || nat64) {
            return refusalOfV4(Arrays.copyOfRange(a, 12, 16)).map(reason -> "IPv4-embedded " + reason);
        }
        // 6to4 (2002:a.b.c.d::/48) routes to the IPv4 address in bits 16 to 48
        if (first == 0x20 && second == 0x02) {
            return refusalOfV4(Arrays.copyOfRange(a, 2, 6)).map(reason -> "6to4 " + reason);
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of("link-local");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of("site-local");
        }
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("unique-local");
        }
        if (first == 0xff) {
            return Optional.of("multicast");
        }
        return Optional.empty();
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isLoopback(InetAddress address) {
        return refusal(address, false).filter(LOOPBACK::equals).isPresent();
    }
}
