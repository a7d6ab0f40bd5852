package org.trucewatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which address a request is counted under. The proxy is 10.0.0.5 (in trusted 10.0.0.0/24),
 * a second proxy tier is 2001:db8:1::7 (in trusted 2001:db8:1::/48); anything else is a client.
 */
class ClientAddressTest {
    private static final List<String> TRUSTED = List.of("10.0.0.0/24", " 2001:db8:1::/48", "");
    private static final String PROXY = "10.0.0.5";
    private final ClientAddress xff = new ClientAddress(TRUSTED, "X-Forwarded-For");
    private final ClientAddress forwarded = new ClientAddress(TRUSTED, "Forwarded");

    private static InetAddress ip(String literal) {
        return NetUtil.createInetAddressFromIpAddressString(literal);
    }

    private static String resolve(ClientAddress resolver, String peer, String... headerLines) {
        return NetUtil.toAddressString(resolver.resolve(ip(peer), List.of(headerLines)));
    }

    @ParameterizedTest(name = "X-Forwarded-For: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "198.51.100.7                                | 198.51.100.7",
            // A client's own entries come first; the right-most entry is our proxy's and wins.
            "6.6.6.6, 198.51.100.7                       | 198.51.100.7",
            // Past our own proxies, to the first address we do not run.
            "198.51.100.7, 10.0.0.9                      | 198.51.100.7",
            "198.51.100.7, 2001:db8:1::9, 10.0.0.9       | 198.51.100.7",
            // Only our proxies: the furthest one is the best we know.
            "10.0.0.8, 10.0.0.9                          | 10.0.0.8",
            // Ports stripped; IPv6 bare or in brackets; spaces and case do not matter.
            "198.51.100.7:51234                          | 198.51.100.7",
            "[2001:DB8:2::1]:443                         | 2001:db8:2::1",
            "  2001:db8:2::1                             | 2001:db8:2::1",
            // Junk to the left of the client is the client's own word and is never read.
            "not-an-ip, 198.51.100.7                     | 198.51.100.7",
            // Unreadable where our proxy wrote: the peer, never an error.
            "198.51.100.7, garbage                       | 10.0.0.5",
            "example.org                                 | 10.0.0.5",
            "198.51.100.7,                               | 10.0.0.5",
            "1.2.3.4.5                                   | 10.0.0.5",
            "256.1.1.1                                   | 10.0.0.5",
            "198.51.100.7:99999999                       | 10.0.0.5",
            "[2001:db8::1                                | 10.0.0.5",
            "unknown                                     | 10.0.0.5",
    })
    void xForwardedForFromATrustedProxy(String header, String expected) {
        assertThat(resolve(xff, PROXY, header)).isEqualTo(expected);
    }

    @Test
    void severalXForwardedForLinesAreOneList() {
        assertThat(resolve(xff, PROXY, "198.51.100.7", "10.0.0.9")).isEqualTo("198.51.100.7");
        assertThat(resolve(xff, PROXY, "10.0.0.9", "198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @ParameterizedTest(name = "Forwarded: {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            // RFC 7239 §4 and §7.1 examples.
            "for=192.0.2.60;proto=http;by=203.0.113.43                | 192.0.2.60",
            "'for=\"_gazonk\"'                                         | 10.0.0.5",
            "'For=\"[2001:db8:cafe::17]:4711\"'                        | 2001:db8:cafe::17",
            "for=192.0.2.43, for=198.51.100.17                        | 198.51.100.17",
            "for=192.0.2.43, for=198.51.100.17;by=10.0.0.5, for=10.0.0.9 | 198.51.100.17",
            // Quoted IPv4 with a port; a quoted comma does not split elements.
            "'for=\"198.51.100.7:8080\"'                               | 198.51.100.7",
            "'for=192.0.2.1;host=\"a,b\", for=198.51.100.7'            | 198.51.100.7",
            "'proto=https;for=\"[2001:db8:2::1]\"'                     | 2001:db8:2::1",
            // Obfuscated, unknown, missing or malformed where our proxy wrote: the peer.
            "for=unknown                                              | 10.0.0.5",
            "proto=https                                              | 10.0.0.5",
            "'for=\"198.51.100.7'                                      | 10.0.0.5",
            "for                                                      | 10.0.0.5",
            "'for=\"[2001:db8::1]:x\"'                                 | 10.0.0.5",
            "=;;,,                                                    | 10.0.0.5",
    })
    void forwardedFromATrustedProxy(String header, String expected) {
        assertThat(resolve(forwarded, PROXY, header)).isEqualTo(expected);
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(resolve(xff, "198.51.100.7", "203.0.113.1")).isEqualTo("198.51.100.7");
        assertThat(resolve(forwarded, "198.51.100.7", "for=203.0.113.1")).isEqualTo("198.51.100.7");
        assertThat(resolve(new ClientAddress(List.of(), "X-Forwarded-For"), PROXY, "203.0.113.1"))
                .as("nothing trusted by default").isEqualTo(PROXY);
    }

    @Test
    void onlyTheConfiguredHeaderIsRead() {
        // Behind a proxy that writes X-Forwarded-For, a client's own Forwarded reaches us unchanged.
        assertThat(resolve(xff, PROXY, "for=203.0.113.1")).isEqualTo(PROXY);
        assertThat(resolve(forwarded, PROXY, "203.0.113.1")).isEqualTo(PROXY);
    }

    @Test
    void aTrustedPeerWithoutTheHeaderIsItself() {
        assertThat(xff.resolve(ip(PROXY), List.of())).isEqualTo(ip(PROXY));
    }

    @Test
    void anIpv6PeerInATrustedRange() {
        assertThat(resolve(xff, "2001:db8:1::7", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(resolve(xff, "2001:db8:2::7", "198.51.100.7")).isEqualTo("2001:db8:2::7");
    }

    @Test
    void anIpv4PeerSeenAsIpv4MappedIpv6IsStillTrusted() {
        assertThat(resolve(xff, "::ffff:10.0.0.5", "198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void aSingleAddressIsItsOwnRange() {
        ClientAddress one = new ClientAddress(List.of("127.0.0.1", "::1"), "X-Forwarded-For");
        assertThat(resolve(one, "127.0.0.1", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(resolve(one, "::1", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(resolve(one, "127.0.0.2", "198.51.100.7")).isEqualTo("127.0.0.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.org", "10.0.0.0/33", "10.0.0.0/", "2001:db8::/129", "10.0.0.0/8/8", "10.0.0.0/-1"})
    void aBadTrustedProxyEntryStopsTheStart(String entry) {
        assertThatThrownBy(() -> new ClientAddress(List.of(entry), "X-Forwarded-For"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(entry);
    }

    @Test
    void anUnknownHeaderNameStopsTheStart() {
        assertThatThrownBy(() -> new ClientAddress(List.of(), "X-Real-IP")).isInstanceOf(IllegalArgumentException.class);
    }
}
