package com.waybillguard.gateway.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The network of a client address, as SHARED_ACCOUNT counts it: IPv4 /24, IPv6 /48. */
public final class ClientNetwork {

    private static final Pattern IPV4 = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

    private ClientNetwork() {
    }

    /** {@code 10.1.2.0/24}, {@code 2001:db8:1::/48}; empty for a missing or non-literal address (never a DNS lookup). */
    public static Optional<String> of(String address) {
        if (address == null || !(IPV4.matcher(address).matches() || address.contains(":") && IPV6.matcher(address).matches())) {
            return Optional.empty();
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            byte[] bytes = parsed.getAddress();
            if (parsed instanceof Inet4Address) {
                return Optional.of((bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24");
            }
            if (parsed instanceof Inet6Address) {
                return Optional.of(String.format("%x:%x:%x::/48", word(bytes, 0), word(bytes, 2), word(bytes, 4)));
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static int word(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }
}
