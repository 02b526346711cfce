package io.guestpass.connectors;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** Which addresses a connector may be reached at: every special-purpose range is refused, in either IP version. */
class ConnectorAddressesTest {

    private static Optional<String> refusal(String literal) {
        try {
            return ConnectorAddresses.refusal(InetAddress.getByName(literal), false);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Each line: an address literal, then why it is refused (nothing: it is allowed). */
    private static void assertRefusals(String table) {
        table.lines().forEach(line -> {
            String[] parts = line.split(" ", 2);
            assertEquals(parts.length == 1 ? Optional.empty() : Optional.of(parts[1]), refusal(parts[0]), parts[0]);
        });
    }

    @Test
    void publicAddressesAreAllowed() {
        assertRefusals("""
                20.190.128.1
                8.8.8.8
                172.15.255.255
                172.32.0.1
                192.167.1.1
                100.63.255.255
                100.128.0.1
                169.253.1.1
                223.255.255.255
                11.0.0.1
                2606:4700::1111
                2001:db8::1
                64:ff9b::808:808
                2002:808:808::1""");
    }

    @Test
    void ipv4SpecialRangesAreRefused() {
        assertRefusals("""
                127.0.0.1 loopback
                127.255.0.9 loopback
                10.0.0.1 private
                172.16.0.1 private
                172.31.255.254 private
                192.168.1.1 private
                169.254.169.254 link-local
                100.64.0.1 shared (CGNAT, 100.64.0.0/10)
                100.127.255.255 shared (CGNAT, 100.64.0.0/10)
                0.0.0.0 "this network" (0.0.0.0/8)
                0.1.2.3 "this network" (0.0.0.0/8)
                224.0.0.1 multicast
                239.255.255.250 multicast
                240.0.0.1 reserved or broadcast
                255.255.255.255 reserved or broadcast""");
    }

    @Test
    void ipv6SpecialRangesAreRefused() {
        assertRefusals("""
                ::1 loopback
                :: unspecified
                fe80::1 link-local
                febf::1 link-local
                fec0::1 site-local
                fc00::1 unique-local
                fd00:ec2::254 unique-local
                ff02::1 multicast""");
    }

    @Test
    void ipv6AddressesEmbeddingARefusedIpv4AddressAreRefused() throws UnknownHostException {
        assertRefusals("""
                ::ffff:10.0.0.1 private
                ::127.0.0.1 IPv4-embedded loopback
                ::192.168.0.1 IPv4-embedded private
                64:ff9b::169.254.169.254 IPv4-embedded link-local
                2002:7f00:1:: 6to4 loopback""");
        // the JDK turns a mapped literal into its IPv4 address (above); one built from bytes stays IPv6 and is judged alike
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169, (byte) 254};
        InetAddress mappedV6 = Inet6Address.getByAddress(null, mapped, -1);
        assertInstanceOf(Inet6Address.class, mappedV6);
        assertEquals(Optional.of("IPv4-embedded link-local"), ConnectorAddresses.refusal(mappedV6, false));
    }

    @Test
    void theDevelopmentSettingAllowsLoopbackAndNothingElse() throws UnknownHostException {
        assertEquals(Optional.empty(), ConnectorAddresses.refusal(InetAddress.getByName("127.0.0.1"), true));
        assertEquals(Optional.empty(), ConnectorAddresses.refusal(InetAddress.getByName("::1"), true));
        assertEquals(Optional.of("private"), ConnectorAddresses.refusal(InetAddress.getByName("10.0.0.1"), true));
        assertEquals(Optional.of("link-local"), ConnectorAddresses.refusal(InetAddress.getByName("169.254.169.254"), true));
    }

    @Test
    void aHostWithOneRefusedAddressIsRefusedWhole() throws UnknownHostException {
        InetAddress publicOne = InetAddress.getByName("20.190.128.1");
        assertSame(publicOne, ConnectorAddresses.choose("api.contoso.com", List.of(publicOne), false));
        ConnectorFailure failure = assertThrows(ConnectorFailure.class, () -> ConnectorAddresses.choose("api.contoso.com",
                List.of(publicOne, InetAddress.getByName("10.0.0.8")), false));
        assertEquals("the host api.contoso.com resolves to 10.0.0.8, a private address: refused", failure.getMessage());
        assertThrows(ConnectorFailure.class, () -> ConnectorAddresses.choose("api.contoso.com", List.of(), false));
    }
}
