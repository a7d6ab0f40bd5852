package org.trucewatch.access;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The address a request comes from, as the login limiter and the audit log see it. Behind a
 * reverse proxy the TCP peer is the proxy, so the client is read from the header the proxy
 * writes ({@code X-Forwarded-For}, or RFC 7239 {@code Forwarded}), but only when the peer is
 * one of {@code trucewatch.security.trusted-proxies}: from anyone else that header is the
 * client's own claim, and believing it would let a guesser pick a fresh address per attempt.
 * A header that cannot be read yields the peer's address, never an error.
 */
@Singleton
class ClientAddress {
    private static final String UNKNOWN = "unknown";
    private final List<IpSubnetFilterRule> trusted;
    private final String header;

    @Inject
    ClientAddress(@Value("${trucewatch.security.trusted-proxies:}") List<String> trustedProxies,
                  @Value("${trucewatch.security.client-address-header:X-Forwarded-For}") String header) {
        this.trusted = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).map(ClientAddress::range).toList();
        // One header only: a proxy that writes X-Forwarded-For passes a client's own Forwarded
        // through untouched (and the other way round), so reading both would believe the client.
        if (!header.equalsIgnoreCase("X-Forwarded-For") && !header.equalsIgnoreCase("Forwarded")) {
            throw new IllegalArgumentException(
                    "trucewatch.security.client-address-header must be X-Forwarded-For or Forwarded, not " + header);
        }
        this.header = header.toLowerCase(Locale.ROOT);
    }

    /**
     * The client's address as text: an IP literal (RFC 5952 form for IPv6), so one address is
     * always one key, and it is safe to write into JSON and logs.
     */
    String of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null) {
            return UNKNOWN;
        }
        return NetUtil.toAddressString(resolve(peer, request.getHeaders().getAll(header)));
    }

    /** The client behind {@code peer}, given every line of the configured header in order. */
    InetAddress resolve(InetAddress peer, List<String> headerLines) {
        if (headerLines.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = header.equals("forwarded") ? ForwardedHeader.forValues(headerLines) : xForwardedFor(headerLines);
        if (hops == null) {
            return peer;
        }
        // Each proxy appends the address it received from, so the right-most entry is the one
        // our own proxy wrote; walk left past our proxies to the first address we do not run.
        // Entries left of that one are the client's word and are never read.
        InetAddress furthest = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return peer; // unreadable, "unknown" or obfuscated (RFC 7239 §6): the chain ends here
            }
            if (!isTrusted(hop)) {
                return hop;
            }
            furthest = hop;
        }
        return furthest;
    }

    private boolean isTrusted(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule range : trusted) {
            if (range.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    /** X-Forwarded-For has no standard; in practice a comma-separated list over one or more lines. */
    private static List<String> xForwardedFor(List<String> lines) {
        List<String> hops = new ArrayList<>();
        for (String line : lines) {
            for (String entry : line.split(",", -1)) {
                hops.add(entry.trim());
            }
        }
        return hops;
    }

    /**
     * An IP literal with an optional port, as proxies write it: {@code 192.0.2.1},
     * {@code 192.0.2.1:4711}, {@code 2001:db8::1}, {@code [2001:db8::1]:4711}; null for
     * anything else. Never a DNS lookup: Netty's parser accepts literals only.
     */
    static InetAddress literal(String node) {
        String host = node;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || !isPortOrEmpty(node.substring(close + 1))) {
                return null;
            }
            host = node.substring(1, close);
        } else if (node.indexOf(':') >= 0 && node.indexOf(':') == node.lastIndexOf(':')) {
            int colon = node.indexOf(':');
            if (!isPortOrEmpty(node.substring(colon))) {
                return null;
            }
            host = node.substring(0, colon);
        }
        return host.isEmpty() ? null : NetUtil.createInetAddressFromIpAddressString(host);
    }

    private static boolean isPortOrEmpty(String s) {
        return s.isEmpty() || s.matches(":[0-9]{1,5}");
    }

    /** {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code 2001:db8::/32} or {@code ::1}; a bad entry stops the start. */
    private static IpSubnetFilterRule range(String entry) {
        int slash = entry.indexOf('/');
        InetAddress base = NetUtil.createInetAddressFromIpAddressString(slash < 0 ? entry : entry.substring(0, slash));
        if (base == null) {
            throw new IllegalArgumentException("trucewatch.security.trusted-proxies: not an IP address or CIDR range: " + entry);
        }
        int bits = base instanceof Inet4Address ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String p = entry.substring(slash + 1);
            prefix = p.matches("[0-9]{1,3}") ? Integer.parseInt(p) : -1;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("trucewatch.security.trusted-proxies: bad prefix length in " + entry);
            }
        }
        return new IpSubnetFilterRule(base, prefix, IpFilterRuleType.ACCEPT);
    }
}
